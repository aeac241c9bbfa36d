package io.hoptrace.capture.file;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Writes a classic pcap file with nanosecond timestamps (magic 0xa1b23c4d, little-endian), for tools that do not
 * read pcapng. One link type and snaplen for the whole file; frames longer than the snaplen are cut to it.
 */
public final class PcapWriter implements Closeable, Flushable {
    private static final int RECORD_HEADER_BYTES = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final BlockOutput out;
    private final int snapLength;
    private long packets;

    private PcapWriter(BlockOutput out, int linkType, int snapLength) throws IOException {
        this.out = out;
        this.snapLength = snapLength;
        ByteBuffer b = out.reserve(PcapReader.FILE_HEADER_BYTES);
        b.putInt(PcapReader.MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(linkType);
        out.flush(); // a writer killed before its first packet leaves a valid, empty capture
    }

    public static PcapWriter create(Path file, int linkType, int snapLength) throws IOException {
        return create(file, linkType, snapLength, FlushPolicy.DEFAULT);
    }

    public static PcapWriter create(Path file, int linkType, int snapLength, FlushPolicy policy) throws IOException {
        return create(file, linkType, snapLength, policy, System::nanoTime);
    }

    static PcapWriter create(Path file, int linkType, int snapLength, FlushPolicy policy, LongSupplier clock)
            throws IOException {
        if (snapLength <= 0) {
            throw new IllegalArgumentException("snapLength must be positive, not " + snapLength);
        }
        BlockOutput out = new BlockOutput(file, policy, clock);
        try {
            return new PcapWriter(out, linkType, snapLength);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Writes one frame; {@code wireLength} is its length on the wire, normally at least {@code length}. */
    public void writePacket(long timestampNanos, byte[] data, int offset, int length, int wireLength)
            throws IOException {
        int captured = Math.min(length, snapLength);
        ByteBuffer b = out.reserve(RECORD_HEADER_BYTES + captured);
        b.putInt((int) Math.floorDiv(timestampNanos, NANOS_PER_SECOND))
                .putInt((int) Math.floorMod(timestampNanos, NANOS_PER_SECOND))
                .putInt(captured)
                .putInt(wireLength)
                .put(data, offset, captured);
        packets++;
        out.packetWritten();
    }

    /** Copies a packet read from another capture (its timestamp, lengths and bytes). */
    public void write(PacketRecord r) throws IOException {
        writePacket(r.timestampNanos, r.data, r.offset, r.capturedLength, r.wireLength);
    }

    public long packetsWritten() {
        return packets;
    }

    /** Flushes when the policy's delay has passed; call it from a timer so a quiet capture still reaches the disk. */
    public void flushIfDue() throws IOException {
        out.flushIfDue();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
