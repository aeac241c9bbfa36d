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
import java.util.function.LongSupplier;

/**
 * The buffered file behind both writers. Writers reserve room for one whole block, put it, and end it; the buffer
 * goes to the FileChannel only between blocks, so the file never ends inside a block unless the disk fills up.
 */
final class BlockOutput implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final int maxPackets;
    private final long maxDelayNanos;
    private final LongSupplier nanoClock;
    private ByteBuffer buffer;
    private int pendingPackets;
    private long lastFlushNanos;
    private boolean closed;

    BlockOutput(Path path, FlushPolicy policy, LongSupplier nanoClock) throws IOException {
        this.path = path;
        this.maxPackets = policy.maxPackets();
        this.maxDelayNanos = saturatedNanos(policy);
        this.nanoClock = nanoClock;
        this.buffer = ByteBuffer.allocate(policy.bufferBytes()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "cannot create the file: its directory is missing");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path.toString(), null, "permission denied (cannot write the file)");
        }
        this.lastFlushNanos = nanoClock.getAsLong();
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

    void flush() throws IOException {
        ensureOpen();
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        pendingPackets = 0;
        lastFlushNanos = nanoClock.getAsLong();
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
