package io.hoptrace.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sliding window over a file: one reusable heap buffer filled from a FileChannel. Readers look at
 * {@code buf[start, end)}, ask {@link #fill} for as many bytes as their next record needs and advance {@code start}
 * past what they consumed. A record that straddles the end of the buffer is moved to the front (compaction); one
 * larger than the buffer grows it, up to the limit the reader passes in.
 */
final class FileWindow implements Closeable {
    static final int DEFAULT_CAPACITY = 1 << 20;
    /** Small files get a buffer their size, not a whole MiB (a truncation sweep opens thousands). */
    private static final int MIN_CAPACITY = 4096;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    final Path path;
    private final FileChannel channel;
    private final long size;
    byte[] buf;
    private ByteBuffer view;
    /** First unconsumed byte in buf. */
    int start;
    /** One past the last valid byte in buf. */
    int end;
    /** File offset of buf[0]. */
    private long bufFileOffset;
    private boolean eof;

    private FileWindow(Path path, FileChannel channel, int capacity) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
        int initial = capacity;
        if (size < capacity) {
            initial = (int) Math.max(MIN_CAPACITY, size);
        }
        this.buf = new byte[initial];
        this.view = ByteBuffer.wrap(buf);
    }

    /** Opens a file for reading; missing files, directories and permission problems get a message naming the file. */
    static FileWindow open(Path path, int capacity) throws IOException {
        if (Files.isDirectory(path)) {
            throw new FileSystemException(path.toString(), null, "is a directory, not a capture file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path.toString(), null, "permission denied (cannot read the file)");
        }
        try {
            return new FileWindow(path, channel, capacity);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Makes at least {@code need} bytes available from {@code start}; false when the file ends first. May move the
     * data (compaction) or replace {@code buf} (growth): re-read both after a call. {@code need} must already have
     * been checked against the reader's sane-record limit.
     */
    boolean fill(int need) throws IOException {
        return end - start >= need || fillSlow(need);
    }

    private boolean fillSlow(int need) throws IOException {
        if (need > buf.length - start) {
            // a corrupt length near the limit must not cost a 16 MiB buffer when the file holds far less
            long inFile = (end - start) + Math.max(0L, channel.size() - fileOffset(end));
            int wanted = (int) Math.min(need, inFile);
            if (wanted > buf.length) {
                grow(wanted);
            } else {
                compact();
            }
        }
        while (end - start < need && !eof && end < buf.length) {
            view.limit(buf.length).position(end);
            int n = channel.read(view);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
        return end - start >= need;
    }

    private void compact() {
        int live = end - start;
        System.arraycopy(buf, start, buf, 0, live);
        bufFileOffset += start;
        start = 0;
        end = live;
    }

    private void grow(int need) {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * buf.length));
        byte[] bigger = new byte[capacity];
        int live = end - start;
        System.arraycopy(buf, start, bigger, 0, live);
        bufFileOffset += start;
        start = 0;
        end = live;
        buf = bigger;
        view = ByteBuffer.wrap(bigger);
    }

    int available() {
        return end - start;
    }

    /** File offset of {@code buf[start]}: where the next record begins. */
    long position() {
        return bufFileOffset + start;
    }

    long fileOffset(int bufIndex) {
        return bufFileOffset + bufIndex;
    }

    long size() {
        return size;
    }

    int capacity() {
        return buf.length;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static int intLe(byte[] b, int p) {
        return (int) INT_LE.get(b, p);
    }

    static int int32(byte[] b, int p, boolean swapped) {
        int v = (int) INT_LE.get(b, p);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    static long uint32(byte[] b, int p, boolean swapped) {
        return int32(b, p, swapped) & 0xFFFF_FFFFL;
    }

    static int uint16(byte[] b, int p, boolean swapped) {
        short v = (short) SHORT_LE.get(b, p);
        return (swapped ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    /** A pcapng 64-bit value: two 32-bit words, high first, each in the section's byte order. */
    static long highLow64(byte[] b, int p, boolean swapped) {
        return (uint32(b, p, swapped) << 32) | uint32(b, p + 4, swapped);
    }

    /** A pcapng option's 64-bit integer in the section's byte order. */
    static long int64(byte[] b, int p, boolean swapped) {
        long lo = intLe(b, p) & 0xFFFF_FFFFL;
        long hi = intLe(b, p + 4) & 0xFFFF_FFFFL;
        long v = (hi << 32) | lo;
        return swapped ? Long.reverseBytes(v) : v;
    }
}
