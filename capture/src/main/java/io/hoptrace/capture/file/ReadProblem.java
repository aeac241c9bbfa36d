package io.hoptrace.capture.file;

import java.nio.file.Path;

/**
 * Why a capture was not read to its end: the file, the byte offset where reading stopped, the number of the last
 * complete packet before it, and a sentence a person understands.
 */
public record ReadProblem(Path file, long byteOffset, long lastGoodPacket, String message) {
    @Override
    public String toString() {
        return file + ": " + message + " " + where();
    }

    /** {@code at byte offset 176 (after packet 2)}; "after packet 0" would read as a packet numbered 0. */
    public String where() {
        return "at byte offset " + byteOffset
                + (lastGoodPacket == 0 ? " (before the first packet)" : " (after packet " + lastGoodPacket + ")");
    }
}
