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
}
