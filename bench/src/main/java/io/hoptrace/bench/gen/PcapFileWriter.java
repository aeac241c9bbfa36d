package io.hoptrace.bench.gen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Writes a classic pcap stream (nanosecond magic, little-endian, Ethernet) through a fixed buffer: memory stays
 * the same whatever the number of packets. Does not close the channel.
 */
public final class PcapFileWriter implements AutoCloseable {
    public static final int MAGIC_NANOS = 0xA1B23C4D;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int SNAPLEN = 262_144;
    public static final int FILE_HEADER = 24;
    public static final int RECORD_HEADER = 16;

    private final WritableByteChannel out;
    private final ByteBuffer buffer;
    private long bytesWritten;
    private long packets;

    public PcapFileWriter(WritableByteChannel out, int bufferSize) throws IOException {
        this.out = out;
        this.buffer = ByteBuffer.allocateDirect(Math.max(bufferSize, 1 << 17)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
        bytesWritten = FILE_HEADER;
    }

    public void write(long timestampNanos, byte[] frame, int length) throws IOException {
        if (buffer.remaining() < RECORD_HEADER + length) {
            drain();
        }
        buffer.putInt((int) (timestampNanos / 1_000_000_000L)).putInt((int) (timestampNanos % 1_000_000_000L))
                .putInt(length).putInt(length).put(frame, 0, length);
        bytesWritten += RECORD_HEADER + length;
        packets++;
    }

    /** Bytes of the file so far, headers included (written or still buffered). */
    public long bytesWritten() {
        return bytesWritten;
    }

    public long packets() {
        return packets;
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        drain();
    }
}
