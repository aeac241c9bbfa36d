package io.hoptrace.capture.file;

import java.nio.file.Path;

/**
 * Why a capture was not read to its end: the file, the byte offset where reading stopped, the number of the last
 * complete packet before it, and a sentence a person understands.
 */
public record ReadProblem(Path file, long byteOffset, long lastGoodPacket, String message) {
    @Override
    public String toString() {
        return file + ": " + message + " at byte offset " + byteOffset + " (after packet " + lastGoodPacket + ")";
    }
}
