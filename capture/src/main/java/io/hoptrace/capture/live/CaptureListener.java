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
}
