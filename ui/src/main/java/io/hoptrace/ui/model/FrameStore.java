package io.hoptrace.ui.model;

import java.util.Arrays;

/**
 * The captured bytes of every frame, appended by one loading thread and read by others. Frames sit back to back
 * in fixed pages so a million small frames cost a million small copies, not a million objects; a frame never
 * spans two pages (one larger than a page gets a page of its own).
 *
 * <p>Why memory rather than re-reading the file at a record's offset: the capture layer reads files as streams
 * (no seek), and the UI must not depend on it. Measured cost: the bytes as captured plus less than one page of
 * slack (see the README's GUI benchmark).
 *
 * <p>Threading: one writer. A reader may read frame {@code i} once it has seen (through a volatile read made after
 * the append, such as {@link PacketIndex#count()}) that the frame was published.
 */
public final class FrameStore {
    static final int PAGE_BITS = 23;
    /** 8 MiB: big enough that page headers do not matter, small enough that the last page wastes little. */
    static final int PAGE_SIZE = 1 << PAGE_BITS;

    private volatile byte[][] pages = new byte[4][];
    private int pageCount;
    private int fill = PAGE_SIZE;
    private long bytes;

    /** Appends a copy of {@code src[off, off+len)} and returns its position (an opaque handle for {@link #page}). */
    public long append(byte[] src, int off, int len) {
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

    /** The page array holding the frame at {@code position}; the frame starts at {@link #offset(long)}. */
    public byte[] page(long position) {
        return pages[(int) (position >>> 32)];
    }

    public static int offset(long position) {
        return (int) position;
    }

    /** Bytes stored (frames only, without page slack). */
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
}
