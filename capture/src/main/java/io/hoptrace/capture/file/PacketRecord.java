package io.hoptrace.capture.file;

/**
 * One packet as read from a capture: a view over the reader's buffer ({@code data[offset, offset+capturedLength)}),
 * valid until the next {@link PacketSource#next} call. Reused by the reader; copy what you keep.
 */
public final class PacketRecord {
    public byte[] data;
    public int offset;
    public int capturedLength;
    /** Length on the wire; larger than capturedLength when snaplen cut the packet. */
    public int wireLength;
    /** Nanoseconds since the Unix epoch. */
    public long timestampNanos;
    public int linkType;
    /** Index into {@link PacketSource#interfaces()}; 0 for pcap files. */
    public int interfaceId;
    /** 1-based packet number within the file, as tcpdump -# and Wireshark count. */
    public long number;
    /** pcapng opt_comment of the packet block, or null. */
    public String comment;
    /** Byte offset of the record (its header or block) in the file, for error messages. */
    public long fileOffset;
    /**
     * Byte offset in the file of the first captured byte: {@link FrameFile#read} with it and {@link #capturedLength}
     * gives this packet's bytes again without reading the file from the start.
     */
    public long dataOffset;

    public byte[] copyBytes() {
        return java.util.Arrays.copyOfRange(data, offset, offset + capturedLength);
    }
}
