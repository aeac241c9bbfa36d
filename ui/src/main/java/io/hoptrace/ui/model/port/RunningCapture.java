package io.hoptrace.ui.model.port;

import java.nio.file.Path;
import java.util.List;

/** A live capture under way; any thread may call its methods. */
public interface RunningCapture extends InterfaceNaming {
    /** The pcapng file the frames go to (complete, with statistics, once the capture has ended). */
    Path file();

    /** Counters so far (cheap: the window asks a few times a second). */
    LiveStats stats();

    /** Asks the capture to end; what the kernel already accepted is still written. Returns at once. */
    void stop();

    /** Waits until the capture has ended (after {@link #stop} or a failure) and its file is complete. */
    Ended awaitEnd() throws InterruptedException;

    /**
     * How a capture ended.
     *
     * @param error    what stopped it against the user's wish (a full disk, every interface gone), or null
     * @param warnings what is worth saying and did not stop it (an interface that went away)
     */
    record Ended(LiveStats stats, Path file, String error, List<String> warnings) {
        public Ended {
            warnings = List.copyOf(warnings);
        }
    }
}
