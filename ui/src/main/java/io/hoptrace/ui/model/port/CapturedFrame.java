package io.hoptrace.ui.model.port;

/**
 * One packet as a {@link CaptureReader} hands it over: a view of {@code data[offset, offset+capturedLength)},
 * valid until the reader's next call. Reused; the loader copies what it keeps.
 */
public final class CapturedFrame {
    public byte[] data;
    public int offset;
    public int capturedLength;
    /** Length on the wire; larger than capturedLength when the snaplen cut the packet. */
    public int wireLength;
    /** Nanoseconds since the Unix epoch. */
    public long timestampNanos;
    public int linkType;
    public int interfaceId;
    /** 1-based number of the packet within its file. */
    public long number;
    /**
     * Where the packet's first captured byte is in the file, for {@link FrameReader#read}; -1 when the reader cannot
     * read packets back (then the loader keeps a copy of the bytes).
     */
    public long fileOffset = -1;
}
