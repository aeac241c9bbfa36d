package io.hoptrace.ui.model.port;

import java.io.Closeable;
import java.io.IOException;

/**
 * A capture file's packets read back at random by where {@link CapturedFrame#fileOffset} said they are, so the UI
 * keeps a file offset per packet rather than its bytes. Safe to use from several threads at once; stays open after
 * the {@link CaptureReader} that made it is closed, until its own {@link #close}.
 */
public interface FrameReader extends Closeable {
    /**
     * Copies {@code length} bytes from {@code fileOffset} into {@code dst[dstOffset...]}. Throws an IOException whose
     * message names the file when they cannot be read (the file shrank or went away since it was opened, or this
     * reader is closed).
     */
    void read(long fileOffset, byte[] dst, int dstOffset, int length) throws IOException;

    @Override
    void close();
}
