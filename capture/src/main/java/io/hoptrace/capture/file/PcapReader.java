package io.hoptrace.capture.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams a classic pcap file: either byte order, microsecond or nanosecond timestamps, and the "modified" (Alexey
 * Kuznetzov) variant whose record headers are 24 bytes. Each {@link #next} hands out a view into the read buffer:
 * no copy, no allocation per packet.
 *
 * <p>Where libpcap 1.10 and the pcap specification differ, a choice: seconds are unsigned 32-bit (the specification
 * and Wireshark; libpcap reads them signed, so 2038 and later come out negative), and a record longer than the file's
 * snaplen is cut to the snaplen (libpcap and tcpdump; Wireshark keeps the extra bytes), so that decodes match
 * tcpdump's.
 */
public final class PcapReader implements PacketSource {
    static final int FILE_HEADER_BYTES = 24;
    /** libpcap rejects records above 256 KiB as corrupt; so do we. */
    static final int MAX_RECORD_BYTES = 256 * 1024;
    /** A record may exceed the file's snaplen (old Solaris bugs, fuzzed files), but not by this factor. */
    static final int SNAPLEN_SLACK = 4;
    /** Bits 0-15 of the header's link-type field; the upper bits carry FCS information. */
    private static final int LINK_TYPE_MASK = 0xFFFF;
    private static final int FCS_PRESENT_BIT = 0x0400_0000;

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int MAGIC_MODIFIED = 0xA1B2CD34;

    private final FileWindow window;
    private final boolean swapped;
    private final int recordHeaderBytes;
    private final long nanosPerFraction;
    private final int linkType;
    private final int snapLength;
    private final int fcsBytes;
    private final int maxCaptured;
    /** Records longer than the snaplen are cut to it, as libpcap (and so tcpdump) does. */
    private final int keepAtMost;
    private final List<InterfaceInfo> interfaces;
    private long packets;
    private boolean stopped;
    private ReadProblem problem;

    private PcapReader(FileWindow window, int magic, boolean swapped) {
        this.window = window;
        this.swapped = swapped;
        this.recordHeaderBytes = magic == MAGIC_MODIFIED ? 24 : 16;
        this.nanosPerFraction = magic == MAGIC_NANOS ? 1 : 1000;
        byte[] b = window.buf;
        int p = window.start;
        this.snapLength = FileWindow.int32(b, p + 16, swapped);
        int linkField = FileWindow.int32(b, p + 20, swapped);
        this.linkType = linkField & LINK_TYPE_MASK;
        this.fcsBytes = (linkField & FCS_PRESENT_BIT) != 0 ? 2 * (linkField >>> 28) : 0;
        this.maxCaptured = snapLength > 0 ? (int) Math.min(MAX_RECORD_BYTES, (long) snapLength * SNAPLEN_SLACK)
                : MAX_RECORD_BYTES;
        this.keepAtMost = snapLength > 0 ? snapLength : Integer.MAX_VALUE;
        this.interfaces = List.of(new InterfaceInfo(0, linkType, snapLength, null, null, 0,
                magic == MAGIC_NANOS ? 1_000_000_000L : 1_000_000L));
    }

    /** The byte order is known from {@code magic} (read little-endian from the first four bytes). */
    static boolean isMagic(int magicLe) {
        return magicOf(magicLe) != 0;
    }

    private static int magicOf(int magicLe) {
        for (int m : new int[] {MAGIC_MICROS, MAGIC_NANOS, MAGIC_MODIFIED}) {
            if (magicLe == m || magicLe == Integer.reverseBytes(m)) {
                return m;
            }
        }
        return 0;
    }

    /** Reads the file header; the window holds at least the four magic bytes. */
    static PcapReader open(FileWindow window) throws IOException {
        int magicLe = FileWindow.intLe(window.buf, window.start);
        int magic = magicOf(magicLe);
        boolean swapped = magicLe != magic;
        if (!window.fill(FILE_HEADER_BYTES)) {
            throw new CaptureFormatException(window.path, "file ends inside the pcap file header ("
                    + window.available() + " of " + FILE_HEADER_BYTES + " bytes)");
        }
        int major = FileWindow.uint16(window.buf, window.start + 4, swapped);
        int minor = FileWindow.uint16(window.buf, window.start + 6, swapped);
        if (major != 2) {
            throw new CaptureFormatException(window.path, "pcap version " + major + "." + minor
                    + " is not supported (only 2.x exists)");
        }
        PcapReader reader = new PcapReader(window, magic, swapped);
        window.start += FILE_HEADER_BYTES;
        return reader;
    }

    @Override
    public boolean next(PacketRecord record) throws IOException {
        if (stopped) {
            return false;
        }
        FileWindow w = window;
        int headerBytes = recordHeaderBytes;
        if (!w.fill(headerBytes)) {
            return endInsideHeader();
        }
        int captured = FileWindow.int32(w.buf, w.start + 8, swapped);
        if (captured < 0 || captured > maxCaptured) {
            return corruptLength(captured);
        }
        int total = headerBytes + captured;
        if (!w.fill(total)) {
            return endInsideData(captured);
        }
        byte[] b = w.buf;
        int p = w.start;
        long seconds = FileWindow.uint32(b, p, swapped);
        long fraction = FileWindow.uint32(b, p + 4, swapped);
        record.data = b;
        record.offset = p + headerBytes;
        record.capturedLength = Math.min(captured, keepAtMost);
        record.wireLength = FileWindow.int32(b, p + 12, swapped);
        record.timestampNanos = seconds * 1_000_000_000L + fraction * nanosPerFraction;
        record.linkType = linkType;
        record.interfaceId = 0;
        record.number = ++packets;
        record.comment = null;
        record.fileOffset = w.fileOffset(p);
        record.dataOffset = w.fileOffset(p + headerBytes);
        w.start = p + total;
        return true;
    }

    private boolean endInsideHeader() {
        stopped = true;
        int present = window.available();
        if (present > 0) {
            stop("file ends inside the record header of packet " + (packets + 1) + ": " + recordHeaderBytes
                    + " bytes needed, " + present + " present");
        }
        return false;
    }

    private boolean endInsideData(int captured) {
        stopped = true;
        stop("file ends inside packet " + (packets + 1) + ": record header says " + captured + " bytes, "
                + (window.available() - recordHeaderBytes) + " present");
        return false;
    }

    private boolean corruptLength(int captured) {
        stopped = true;
        String limit = maxCaptured == MAX_RECORD_BYTES ? "the " + MAX_RECORD_BYTES + "-byte limit"
                : SNAPLEN_SLACK + " times the snaplen of " + snapLength;
        stop("record header of packet " + (packets + 1) + " says " + Integer.toUnsignedString(captured)
                + " captured bytes, more than " + limit + ": the file is corrupt from here");
        return false;
    }

    private void stop(String message) {
        problem = new ReadProblem(window.path, window.position(), packets, message);
    }

    @Override
    public ReadProblem problem() {
        return problem;
    }

    @Override
    public List<InterfaceInfo> interfaces() {
        return interfaces;
    }

    @Override
    public Path path() {
        return window.path;
    }

    @Override
    public String format() {
        return "pcap";
    }

    @Override
    public long position() {
        return window.position();
    }

    @Override
    public long size() {
        return window.size();
    }

    /** Bytes of frame check sequence at the end of each frame, from the header's FCS bits; 0 when not stated. */
    public int fcsBytes() {
        return fcsBytes;
    }

    public int snapLength() {
        return snapLength;
    }

    @Override
    public void close() throws IOException {
        window.close();
    }
}
