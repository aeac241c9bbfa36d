package io.hoptrace.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The buffered file behind both writers. Writers reserve room for one whole block, put it, and end it; the buffer
 * goes to the FileChannel only between blocks. When a write fails part way (the disk is full, a quota is reached),
 * the file is cut back to the end of the last block that reached it whole, so it never ends inside a block.
 */
final class BlockOutput implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final int maxPackets;
    private final long maxDelayNanos;
    private final LongSupplier nanoClock;
    private ByteBuffer buffer;
    /** Where each block in the buffer starts, so a failed write can be cut back to a block boundary. */
    private int[] blockStarts = new int[1024];
    private int blocks;
    /** File length after the last write that succeeded: every block before it is whole. */
    private long committed;
    private int pendingPackets;
    private long lastFlushNanos;
    private boolean closed;

    BlockOutput(Path path, FlushPolicy policy, LongSupplier nanoClock) throws IOException {
        this(path, open(path), policy, nanoClock);
    }

    /** Over a channel the caller opened (tests pass one whose writes fail). */
    BlockOutput(Path path, FileChannel channel, FlushPolicy policy, LongSupplier nanoClock) throws IOException {
        this.path = path;
        this.channel = channel;
        this.maxPackets = policy.maxPackets();
        this.maxDelayNanos = saturatedNanos(policy);
        this.nanoClock = nanoClock;
        this.buffer = ByteBuffer.allocate(policy.bufferBytes()).order(ByteOrder.LITTLE_ENDIAN);
        this.committed = channel.position();
        this.lastFlushNanos = nanoClock.getAsLong();
    }

    private static FileChannel open(Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "cannot create the file: its directory is missing");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path.toString(), null, "permission denied (cannot write the file)");
        }
    }

    private static long saturatedNanos(FlushPolicy policy) {
        try {
            return policy.maxDelay().toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Room for one block of {@code bytes}; put it entirely before the next call. */
    ByteBuffer reserve(int bytes) throws IOException {
        ensureOpen();
        if (buffer.remaining() < bytes) {
            flush();
            if (buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        if (blocks == blockStarts.length) {
            blockStarts = Arrays.copyOf(blockStarts, blocks * 2);
        }
        blockStarts[blocks++] = buffer.position();
        return buffer;
    }

    /** Counts a packet block just put and flushes if the policy says so. */
    void packetWritten() throws IOException {
        pendingPackets++;
        if (pendingPackets >= maxPackets || nanoClock.getAsLong() - lastFlushNanos >= maxDelayNanos) {
            flush();
        }
    }

    void flushIfDue() throws IOException {
        ensureOpen();
        if (pendingPackets > 0 && nanoClock.getAsLong() - lastFlushNanos >= maxDelayNanos) {
            flush();
        }
    }

    /**
     * Writes the buffered blocks. If the channel fails part way, the file is cut back to the last whole block, the
     * buffered blocks are dropped, and the exception is thrown; the writer stays usable, so a caller may still try
     * to end the file (statistics blocks) in the room the cut freed.
     */
    void flush() throws IOException {
        ensureOpen();
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            committed += buffer.limit();
        } catch (IOException e) {
            cutBackToWholeBlocks(buffer.position(), e);
            throw e;
        } finally {
            buffer.clear();
            blocks = 0;
            pendingPackets = 0;
            lastFlushNanos = nanoClock.getAsLong();
        }
    }

    private void cutBackToWholeBlocks(int written, IOException cause) {
        int whole = 0;
        for (int i = 1; i < blocks && blockStarts[i] <= written; i++) {
            whole = blockStarts[i];
        }
        if (written == buffer.limit()) {
            whole = written;
        }
        try {
            channel.truncate(committed + whole);
            channel.position(committed + whole);
            committed += whole;
        } catch (IOException e) {
            cause.addSuppressed(e); // the file may end inside a block; readers report where and keep what precedes
        }
    }

    /** Bytes in the file once the buffer is written: what rotation by size compares against. */
    long length() {
        return committed + buffer.position();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(path + ": writer is closed");
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            channel.close();
        }
    }
}
