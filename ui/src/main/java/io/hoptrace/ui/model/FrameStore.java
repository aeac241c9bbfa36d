package io.hoptrace.ui.model;

import io.hoptrace.ui.model.port.FrameReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * Where every frame's bytes are: for a capture file that can be read back at random (a {@link FrameReader}), only
 * the frame's offset in its file, 8 bytes a packet, and the bytes are read again when a panel needs them; for a
 * source that cannot (a stream), a copy in memory. Copies sit back to back in fixed pages so a million small frames
 * cost a million small copies, not a million objects; a frame never spans two pages (one larger than a page gets a
 * page of its own).
 *
 * <p>A frame's handle is its file offset (0 or more) or the one's complement of its place in the pages (negative).
 *
 * <p>Threading: one writer. A reader may read frame {@code i} once it has seen (through a volatile read made after
 * the append, such as {@link PacketIndex#count()}) that the frame was published. File readers are read from any
 * thread.
 */
public final class FrameStore implements AutoCloseable {
    static final int PAGE_BITS = 23;
    /** 8 MiB: big enough that page headers do not matter, small enough that the last page wastes little. */
    static final int PAGE_SIZE = 1 << PAGE_BITS;

    private volatile byte[][] pages = new byte[4][];
    private int pageCount;
    private int fill = PAGE_SIZE;
    private long bytes;
    private volatile FrameReader[] files = new FrameReader[0];
    private volatile String problem;

    /**
     * Frames of {@code source} are read back through {@code reader} from now on; the store closes it. Set before the
     * source's first frame.
     */
    public void readBack(int source, FrameReader reader) {
        FrameReader[] f = files;
        if (source >= f.length) {
            f = Arrays.copyOf(f, source + 1);
        }
        f[source] = reader;
        files = f;
    }

    /**
     * Records a frame of {@code source}: its offset when the source is read back from its file and the offset is
     * known, else a copy of {@code src[off, off+len)}. Returns its handle.
     */
    public long append(int source, long fileOffset, byte[] src, int off, int len) {
        FrameReader[] f = files;
        if (fileOffset >= 0 && source < f.length && f[source] != null) {
            return fileOffset;
        }
        return ~copy(src, off, len);
    }

    private long copy(byte[] src, int off, int len) {
        if (len > PAGE_SIZE - fill) {
            newPage(Math.max(PAGE_SIZE, len));
        }
        int page = pageCount - 1;
        System.arraycopy(src, off, pages[page], fill, len);
        long position = ((long) page << 32) | fill;
        fill += len;
        bytes += len;
        return position;
    }

    private void newPage(int size) {
        byte[][] p = pages;
        if (pageCount == p.length) {
            p = Arrays.copyOf(p, pageCount * 2);
        }
        p[pageCount++] = new byte[size];
        pages = p;
        // an oversized page holds one frame: after it, fill > PAGE_SIZE and the next frame opens a new page
        fill = 0;
    }

    /**
     * Copies the frame {@code handle} of {@code source} ({@code length} bytes) into {@code dst}. False when its file
     * cannot be read any more; {@code dst} then holds zeros and {@link #problem()} says why.
     */
    public boolean read(int source, long handle, byte[] dst, int length) {
        if (handle < 0) {
            long position = ~handle;
            System.arraycopy(pages[(int) (position >>> 32)], (int) position, dst, 0, length);
            return true;
        }
        try {
            files[source].read(handle, dst, 0, length);
            return true;
        } catch (IOException | RuntimeException e) {
            Arrays.fill(dst, 0, length, (byte) 0);
            problem = e.getMessage();
            return false;
        }
    }

    /** Why the last frame that could not be read back could not, or null. */
    public String problem() {
        return problem;
    }

    /** Bytes copied into memory (frames only, without page slack). */
    public long size() {
        return bytes;
    }

    /** Bytes allocated for pages. */
    public long allocated() {
        long total = 0;
        byte[][] p = pages;
        for (int i = 0; i < p.length && p[i] != null; i++) {
            total += p[i].length;
        }
        return total;
    }

    /** Closes the file readers; frames read from them afterwards come back as zeros with a problem. */
    @Override
    public void close() {
        for (FrameReader r : files) {
            if (r != null) {
                r.close();
            }
        }
    }
}
