package io.hoptrace.capture.snapshot;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one bundle file. */
public enum FileStatus {
    /** Written. */
    OK,
    /** Not written: the command, file or kubeconfig it needs is not there. */
    MISSING,
    /** Not written: the command ran and failed, timed out, or the API answered with an error. */
    FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
