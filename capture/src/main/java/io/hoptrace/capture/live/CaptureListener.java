package io.hoptrace.capture.live;

import java.nio.file.Path;

/**
 * Hears about capture files as rotation opens, closes and removes them, e.g. to copy closed files into a bundle.
 * Called on the writer thread: keep it short (hand work to another thread), and do not block.
 */
public interface CaptureListener {
    CaptureListener NONE = new CaptureListener() {
    };

    /** A file was created and its header written. */
    default void fileOpened(Path file) {
    }

    /** A file is complete: statistics written, closed. {@code packets} were written to it. */
    default void fileClosed(Path file, long packets) {
    }

    /** A file is gone: deleted or about to be overwritten because of the file limit ({@code -W}). */
    default void fileRemoved(Path file) {
    }

    /**
     * A packet was handed to the file writer: interface {@code iface} (the order of the capture's interfaces, whose
     * link type, a DLT, is {@code linkType}), {@code data[offset, offset+length)} as written, valid during this call only. Called for every packet on the
     * writer thread, e.g. for a window that shows packets as they come: copy what you keep and return at once (a
     * slow listener fills the queue, and the capture threads then count queue drops).
     */
    default void packetWritten(int iface, int linkType, long timestampNanos, byte[] data, int offset, int length,
                               int wireLength) {
    }
}
