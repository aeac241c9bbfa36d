package io.hoptrace.ui.model.port;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a capture file (pcap or pcapng) for reading from start to end. */
@FunctionalInterface
public interface CaptureOpener {
    /**
     * Opens {@code file}. Throws an IOException whose message names the file and says what is wrong with it (not a
     * capture, empty, missing, unreadable): the UI shows that message as it is.
     */
    CaptureReader open(Path file) throws IOException;
}
