package io.hoptrace.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A capture file read back at random, packet by packet, through the {@link PacketRecord#dataOffset} a reader gave:
 * so a viewer keeps 8 bytes a packet instead of the packet. The file is memory-mapped in 1 GiB pieces (the bytes stay
 * in the page cache, outside the Java heap; no system call per packet), read-only.
 *
 * <p>Threading: {@link #read} may be called from several threads at once (absolute reads on buffers that are never
 * repositioned). Closing drops the mappings; the operating system unmaps them when they are collected, so a read
 * racing with close cannot touch unmapped memory. Nothing here is interruptible, unlike a FileChannel read, which
 * closes the channel when its thread is interrupted (a cancelled JavaFX Task is).
 */
public final class FrameFile implements Closeable {
    static final int CHUNK_BITS = 30;

    private final Path path;
    private final long size;
    private final int chunkBits;
    private volatile MappedByteBuffer[] chunks;

    private FrameFile(Path path, long size, int chunkBits, MappedByteBuffer[] chunks) {
        this.path = path;
        this.size = size;
        this.chunkBits = chunkBits;
        this.chunks = chunks;
    }

    /** Maps {@code file} for reading; the message of a failure names the file. */
    public static FrameFile open(Path file) throws IOException {
        return open(file, CHUNK_BITS);
    }

    /** {@link #open(Path)} with pieces of {@code 1 << chunkBits} bytes (tests use small ones to cross their edges). */
    static FrameFile open(Path file, int chunkBits) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            long chunk = 1L << chunkBits;
            MappedByteBuffer[] chunks = new MappedByteBuffer[(int) ((size + chunk - 1) >>> chunkBits)];
            for (int i = 0; i < chunks.length; i++) {
                long from = (long) i << chunkBits;
                chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, from, Math.min(chunk, size - from));
            }
            // a mapping outlives its channel
            return new FrameFile(file, size, chunkBits, chunks);
        } catch (IOException e) {
            throw new IOException(file + ": cannot map the file for reading packets back: " + e.getMessage(), e);
        }
    }

    /**
     * Copies {@code length} bytes from {@code fileOffset} into {@code dst[dstOffset...]}. Throws an IOException naming
     * the file when the range is past the end it had when opened, when it was closed, or when the file shrank since
     * (the mapping then faults and the JVM reports it as an InternalError).
     */
    public void read(long fileOffset, byte[] dst, int dstOffset, int length) throws IOException {
        MappedByteBuffer[] c = chunks;
        if (c == null) {
            throw new IOException(path + ": closed");
        }
        if (fileOffset < 0 || length < 0 || fileOffset + length > size) {
            throw new IOException(path + ": bytes " + fileOffset + "-" + (fileOffset + length) + " asked, but the file"
                    + " had " + size + " bytes when it was opened");
        }
        long at = fileOffset;
        int done = 0;
        try {
            while (done < length) {
                int chunk = (int) (at >>> chunkBits);
                int within = (int) (at & ((1L << chunkBits) - 1));
                int n = Math.min(length - done, c[chunk].capacity() - within);
                c[chunk].get(within, dst, dstOffset + done, n);
                done += n;
                at += n;
            }
        } catch (InternalError e) {
            throw new IOException(path + ": the file changed since it was opened (cannot read bytes at " + at + ")", e);
        }
    }

    public Path path() {
        return path;
    }

    /** The file's size when it was opened. */
    public long size() {
        return size;
    }

    @Override
    public void close() {
        chunks = null;
    }
}
