package io.hoptrace.capture.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where one bundle file came from: a manifest.json entry. Written for every file hoptrace tried to produce, so a
 * reader can tell "not collected" (missing, failed) from "collected and empty".
 *
 * @param path bundle-relative path with forward slashes ({@code nodes/n1/conntrack.txt}, {@code k8s.json})
 * @param node the node it describes, null for cluster-wide files
 * @param phase "start" or "end" ({@link SnapshotPhase}); null for the capture file
 * @param status ok, missing or failed; only ok files exist
 * @param reason why it is missing or failed, one line starting with "missing: " or "failed: "; null when ok
 * @param command what produced it (or was tried last), as a person would type it; {@code read <path>} for a file
 *        read directly
 * @param exitStatus that command's exit status, null if it did not run to an end
 * @param durationMillis how long producing it took
 * @param taken when it was taken (UTC)
 * @param attempts earlier ways that did not work, in order (fallbacks), empty if the first way worked
 * @param details what else a reader may want: {@code variant} of iptables, {@code samples}, {@code absentKeys},
 *        per-kind counts of k8s.json
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BundleFile(String path, String node, String phase, FileStatus status, String reason, String command,
        Integer exitStatus, Long durationMillis, Instant taken, List<Attempt> attempts, Map<String, Object> details) {

    public BundleFile {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(details));
    }

    @JsonIgnore
    public boolean ok() {
        return status == FileStatus.OK;
    }

    /** The same entry with more details. */
    public BundleFile withDetails(Map<String, Object> more) {
        Map<String, Object> d = new java.util.LinkedHashMap<>(details);
        d.putAll(more);
        return new BundleFile(path, node, phase, status, reason, command, exitStatus, durationMillis, taken,
                attempts, d);
    }
}
