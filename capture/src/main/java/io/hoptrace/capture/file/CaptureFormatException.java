package io.hoptrace.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file is not a capture hoptrace can read: empty, not pcap/pcapng, or cut short before its first header ends.
 * Problems after a readable header are not exceptions: they end the packet stream with a {@link ReadProblem}.
 */
public final class CaptureFormatException extends IOException {
    private final transient Path file;

    public CaptureFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
