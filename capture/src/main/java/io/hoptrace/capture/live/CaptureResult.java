package io.hoptrace.capture.live;

import java.nio.file.Path;
import java.util.List;

/**
 * How a capture ended: final counters, why it stopped, the files it left, and what went wrong.
 *
 * @param error    what stopped the capture against the user's wish (a full disk, every interface failing), or null
 * @param warnings things worth saying that did not stop it (an interface that went away, microsecond timestamps)
 */
public record CaptureResult(CaptureStats stats, StopReason reason, List<Path> files, CaptureException error,
                            List<String> warnings) {
    /** Why a capture stopped. */
    public enum StopReason {
        /** {@link LiveCapture#stop()}: Ctrl-C, SIGTERM, or a caller. */
        STOPPED,
        /** The packet count ({@code -c}) was reached. */
        COUNT,
        /** The duration ({@code --duration}) passed. */
        DURATION,
        /** Every interface's loop ended on its own (interfaces went away). */
        INTERFACES_ENDED,
        /** Writing failed; see {@link #error}. */
        WRITE_FAILED
    }

    public CaptureResult {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }
}
