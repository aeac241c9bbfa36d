package io.hoptrace.ui.model.port;

import java.io.Closeable;
import java.io.IOException;

/** A capture file read as a stream of frames, one reused {@link CapturedFrame} at a time. */
public interface CaptureReader extends Closeable, InterfaceNaming {
    /** Fills {@code frame} with the next packet (its bytes valid until the next call); false at the end. */
    boolean next(CapturedFrame frame) throws IOException;

    /** Why reading stopped before the end of the file (a sentence naming the place), or null. */
    String problem();

    /** Bytes consumed so far and the file size, for progress. */
    long position();

    long size();

    /**
     * A reader of this file's packets by {@link CapturedFrame#fileOffset}, which the caller closes; null when packets
     * cannot be read back (a stream, a test source), and then frames carry no offsets.
     */
    default FrameReader frames() throws IOException {
        return null;
    }
}
