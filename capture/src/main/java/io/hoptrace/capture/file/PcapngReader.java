package io.hoptrace.capture.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams a pcapng file block by block. Every section has its own byte order and its own interface numbering; the
 * reader maps each section's interfaces onto one global {@link #interfaces()} list. Packets come from Enhanced,
 * Simple and obsolete Packet Blocks as views into the read buffer; Interface Statistics Blocks are kept
 * ({@link #statistics()}); other blocks are skipped by their length.
 */
public final class PcapngReader implements PacketSource {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int OBSOLETE_PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int INTERFACE_STATISTICS = 5;
    static final int ENHANCED_PACKET = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** Larger blocks are taken as corruption rather than grown into (Wireshark draws the line at 16 MiB too). */
    static final int MAX_BLOCK_BYTES = 16 * 1024 * 1024;
    private static final int MIN_BLOCK_BYTES = 12;
    private static final int SECTION_HEADER_MIN = 28;
    private static final int INTERFACE_DESCRIPTION_MIN = 20;
    private static final int PACKET_BLOCK_MIN = 32;
    private static final int SIMPLE_PACKET_MIN = 16;
    private static final int INTERFACE_STATISTICS_MIN = 24;

    private static final int IF_NAME = 2;
    private static final int IF_DESCRIPTION = 3;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    private static final int ISB_STARTTIME = 2;
    private static final int ISB_ENDTIME = 3;
    private static final int ISB_IFRECV = 4;
    private static final int ISB_IFDROP = 5;
    private static final int ISB_FILTERACCEPT = 6;
    private static final int ISB_OSDROP = 7;
    private static final int ISB_USRDELIV = 8;

    /** Outcomes of reading one block. */
    private static final int PACKET = 0;
    private static final int CONTINUE = 1;
    private static final int STOP = 2;

    /** An interface as its section numbers it. */
    private record SectionInterface(int globalId, int linkType, int snapLength, TimestampScale scale) {
    }

    private final FileWindow window;
    private final OptionCursor options = new OptionCursor();
    private final List<InterfaceInfo> interfaces = new ArrayList<>();
    private final List<InterfaceInfo> interfacesView = Collections.unmodifiableList(interfaces);
    private final Map<Integer, InterfaceStatistics> statistics = new TreeMap<>();
    private final List<SectionInterface> sectionInterfaces = new ArrayList<>();
    private boolean swapped;
    private int section = -1;
    private long packets;
    private boolean stopped;
    private ReadProblem problem;

    private PcapngReader(FileWindow window) {
        this.window = window;
    }

    /** Reads the first Section Header Block; a file that ends inside it or has a bad one is not a capture. */
    static PcapngReader open(FileWindow window) throws IOException {
        PcapngReader reader = new PcapngReader(window);
        if (reader.step(null) == STOP) {
            String why = reader.problem != null ? reader.problem.message() : "no section header block";
            throw new CaptureFormatException(window.path, why);
        }
        return reader;
    }

    @Override
    public boolean next(PacketRecord record) throws IOException {
        while (!stopped) {
            if (step(record) == PACKET) {
                return true;
            }
        }
        return false;
    }

    private int step(PacketRecord record) throws IOException {
        FileWindow w = window;
        if (!w.fill(8)) {
            return w.available() == 0 ? end() : stop("file ends inside a block header: 8 bytes needed, "
                    + w.available() + " present");
        }
        int type = FileWindow.int32(w.buf, w.start, swapped);
        if (type == SECTION_HEADER) {
            if (!w.fill(MIN_BLOCK_BYTES)) {
                return stop("file ends inside a section header block: " + MIN_BLOCK_BYTES + " bytes needed, "
                        + w.available() + " present");
            }
            int magic = FileWindow.intLe(w.buf, w.start + 8);
            if (magic != BYTE_ORDER_MAGIC && magic != Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
                return stop(String.format("section header block has byte-order magic 0x%08x, neither 0x1a2b3c4d nor"
                        + " 0x4d3c2b1a", Integer.reverseBytes(magic)));
            }
            swapped = magic != BYTE_ORDER_MAGIC;
        }
        int length = FileWindow.int32(w.buf, w.start + 4, swapped);
        String lengthProblem = lengthProblem(length);
        if (lengthProblem != null) {
            return stop(what(type) + " says it is " + Integer.toUnsignedString(length) + " bytes long, "
                    + lengthProblem);
        }
        if (!w.fill(length)) {
            String inside = isPacket(type) ? "packet " + (packets + 1) + " (" + blockName(type) + ")"
                    : "a" + (blockName(type).startsWith("i") ? "n " : " ") + blockName(type);
            return stop("file ends inside " + inside + ": block header says " + length + " bytes, "
                    + w.available() + " present");
        }
        byte[] b = w.buf;
        int p = w.start;
        int trailer = FileWindow.int32(b, p + length - 4, swapped);
        if (trailer != length) {
            return stop(what(type) + " says it is " + length + " bytes long at its start and "
                    + Integer.toUnsignedString(trailer) + " at its end");
        }
        int outcome = switch (type) {
            case SECTION_HEADER -> sectionHeader(b, p, length);
            case INTERFACE_DESCRIPTION -> interfaceDescription(b, p, length);
            case ENHANCED_PACKET -> packet(record, type, b, p, length, FileWindow.int32(b, p + 8, swapped));
            case OBSOLETE_PACKET -> packet(record, type, b, p, length, FileWindow.uint16(b, p + 8, swapped));
            case SIMPLE_PACKET -> simplePacket(record, b, p, length);
            case INTERFACE_STATISTICS -> interfaceStatistics(b, p, length);
            default -> CONTINUE;
        };
        if (outcome != STOP) {
            w.start = p + length;
        }
        return outcome;
    }

    private int sectionHeader(byte[] b, int p, int length) {
        if (length < SECTION_HEADER_MIN) {
            return tooShort(SECTION_HEADER, length, SECTION_HEADER_MIN);
        }
        int major = FileWindow.uint16(b, p + 12, swapped);
        int minor = FileWindow.uint16(b, p + 14, swapped);
        if (major != 1) {
            return stop("section header block has version " + major + "." + minor + "; only 1.x is defined");
        }
        section++;
        sectionInterfaces.clear();
        return CONTINUE;
    }

    private int interfaceDescription(byte[] b, int p, int length) {
        if (length < INTERFACE_DESCRIPTION_MIN) {
            return tooShort(INTERFACE_DESCRIPTION, length, INTERFACE_DESCRIPTION_MIN);
        }
        int linkType = FileWindow.uint16(b, p + 8, swapped);
        int snapLength = FileWindow.int32(b, p + 12, swapped);
        String name = null;
        String description = null;
        int resolution = TimestampScale.DEFAULT_RESOLUTION;
        long offsetSeconds = 0;
        OptionCursor o = options.reset(b, p + 16, p + length - 4, swapped);
        while (o.next()) {
            switch (o.code) {
                case IF_NAME -> name = o.string();
                case IF_DESCRIPTION -> description = o.string();
                case IF_TSRESOL -> resolution = o.u8();
                case IF_TSOFFSET -> offsetSeconds = o.valueLength == 8 ? o.int64() : 0;
                default -> { }
            }
        }
        TimestampScale scale = TimestampScale.of(resolution, offsetSeconds);
        int globalId = interfaces.size();
        if (scale == null) {
            return stop(String.format("interface %d of section %d has if_tsresol 0x%02x, a unit finer than hoptrace"
                    + " can count", sectionInterfaces.size(), section, resolution));
        }
        interfaces.add(new InterfaceInfo(globalId, linkType, snapLength, name, description, section,
                scale.unitsPerSecond));
        sectionInterfaces.add(new SectionInterface(globalId, linkType, snapLength, scale));
        return CONTINUE;
    }

    /** Enhanced (interface id 32 bits) and obsolete (16 bits) packet blocks share the rest of their layout. */
    private int packet(PacketRecord r, int type, byte[] b, int p, int length, int localId) {
        if (length < PACKET_BLOCK_MIN) {
            return tooShort(type, length, PACKET_BLOCK_MIN);
        }
        if (localId < 0 || localId >= sectionInterfaces.size()) {
            return stop(what(type) + " names interface "
                    + Integer.toUnsignedString(localId) + ", but section " + section + " has "
                    + sectionInterfaces.size());
        }
        int captured = FileWindow.int32(b, p + 20, swapped);
        int room = length - PACKET_BLOCK_MIN;
        if (captured < 0 || captured > room) {
            return stop(what(type) + " says " + Integer.toUnsignedString(captured)
                    + " captured bytes, but the block holds only " + room);
        }
        SectionInterface iface = sectionInterfaces.get(localId);
        int optionsFrom = p + 28 + ((captured + 3) & ~3);
        int optionsTo = p + length - 4;
        r.data = b;
        r.offset = p + 28;
        r.capturedLength = captured;
        r.wireLength = FileWindow.int32(b, p + 24, swapped);
        r.timestampNanos = iface.scale.toNanos(FileWindow.highLow64(b, p + 12, swapped));
        r.linkType = iface.linkType;
        r.interfaceId = iface.globalId;
        r.number = ++packets;
        r.comment = optionsFrom < optionsTo ? comment(b, optionsFrom, optionsTo) : null;
        r.fileOffset = window.fileOffset(p);
        r.dataOffset = window.fileOffset(p + 28);
        return PACKET;
    }

    /** A Simple Packet Block has no timestamp (0, as libpcap gives) and belongs to the section's first interface. */
    private int simplePacket(PacketRecord r, byte[] b, int p, int length) {
        if (length < SIMPLE_PACKET_MIN) {
            return tooShort(SIMPLE_PACKET, length, SIMPLE_PACKET_MIN);
        }
        if (sectionInterfaces.isEmpty()) {
            return stop(what(SIMPLE_PACKET) + " comes before any interface description block of section " + section);
        }
        SectionInterface iface = sectionInterfaces.get(0);
        long wire = FileWindow.uint32(b, p + 8, swapped);
        long captured = Math.min(wire, length - SIMPLE_PACKET_MIN);
        if (iface.snapLength > 0) {
            captured = Math.min(captured, iface.snapLength);
        }
        r.data = b;
        r.offset = p + 12;
        r.capturedLength = (int) captured;
        r.wireLength = (int) wire;
        r.timestampNanos = 0;
        r.linkType = iface.linkType;
        r.interfaceId = iface.globalId;
        r.number = ++packets;
        r.comment = null;
        r.fileOffset = window.fileOffset(p);
        r.dataOffset = window.fileOffset(p + 12);
        return PACKET;
    }

    private int interfaceStatistics(byte[] b, int p, int length) {
        if (length < INTERFACE_STATISTICS_MIN) {
            return tooShort(INTERFACE_STATISTICS, length, INTERFACE_STATISTICS_MIN);
        }
        int localId = FileWindow.int32(b, p + 8, swapped);
        if (localId < 0 || localId >= sectionInterfaces.size()) {
            return CONTINUE; // statistics for an interface we never saw: nothing to attach them to
        }
        SectionInterface iface = sectionInterfaces.get(localId);
        long start = InterfaceStatistics.UNKNOWN;
        long end = InterfaceStatistics.UNKNOWN;
        long received = InterfaceStatistics.UNKNOWN;
        long interfaceDrops = InterfaceStatistics.UNKNOWN;
        long osDrops = InterfaceStatistics.UNKNOWN;
        long filterAccepted = InterfaceStatistics.UNKNOWN;
        long delivered = InterfaceStatistics.UNKNOWN;
        String comment = null;
        OptionCursor o = options.reset(b, p + 20, p + length - 4, swapped);
        while (o.next()) {
            if (o.code == OptionCursor.COMMENT) {
                comment = o.string();
                continue;
            }
            if (o.valueLength != 8) {
                continue;
            }
            switch (o.code) {
                case ISB_STARTTIME -> start = iface.scale.toNanos(o.timestamp());
                case ISB_ENDTIME -> end = iface.scale.toNanos(o.timestamp());
                case ISB_IFRECV -> received = o.int64();
                case ISB_IFDROP -> interfaceDrops = o.int64();
                case ISB_OSDROP -> osDrops = o.int64();
                case ISB_FILTERACCEPT -> filterAccepted = o.int64();
                case ISB_USRDELIV -> delivered = o.int64();
                default -> { }
            }
        }
        statistics.put(iface.globalId, new InterfaceStatistics(start, end, received, interfaceDrops, osDrops,
                filterAccepted, delivered, comment));
        return CONTINUE;
    }

    private String comment(byte[] b, int from, int to) {
        OptionCursor o = options.reset(b, from, to, swapped);
        while (o.next()) {
            if (o.code == OptionCursor.COMMENT) {
                return o.string();
            }
        }
        return null;
    }

    private int tooShort(int type, int length, int minimum) {
        return stop(what(type) + " is " + length + " bytes long, less than its " + minimum + "-byte minimum");
    }

    private int end() {
        stopped = true;
        return STOP;
    }

    private int stop(String message) {
        stopped = true;
        problem = new ReadProblem(window.path, window.position(), packets, message);
        return STOP;
    }

    private static String lengthProblem(int length) {
        if (length % 4 != 0) {
            return "not a multiple of 4";
        }
        if (length >= 0 && length < MIN_BLOCK_BYTES) {
            return "less than the " + MIN_BLOCK_BYTES + "-byte minimum";
        }
        if (length < 0 || length > MAX_BLOCK_BYTES) {
            return "more than the " + MAX_BLOCK_BYTES + "-byte limit";
        }
        return null;
    }

    private static boolean isPacket(int type) {
        return type == ENHANCED_PACKET || type == OBSOLETE_PACKET || type == SIMPLE_PACKET;
    }

    /** The block's name, and for packet blocks the number the packet would have had. */
    private String what(int type) {
        return isPacket(type) ? "the " + blockName(type) + " of packet " + (packets + 1) : "the " + blockName(type);
    }

    private static String blockName(int type) {
        return switch (type) {
            case SECTION_HEADER -> "section header block";
            case INTERFACE_DESCRIPTION -> "interface description block";
            case ENHANCED_PACKET -> "enhanced packet block";
            case OBSOLETE_PACKET -> "packet block";
            case SIMPLE_PACKET -> "simple packet block";
            case INTERFACE_STATISTICS -> "interface statistics block";
            default -> String.format("block of type 0x%08x", type);
        };
    }

    /** The last statistics block seen for each interface (global ids), as far as the file has been read. */
    public Map<Integer, InterfaceStatistics> statistics() {
        return Collections.unmodifiableMap(statistics);
    }

    @Override
    public ReadProblem problem() {
        return problem;
    }

    @Override
    public List<InterfaceInfo> interfaces() {
        return interfacesView;
    }

    @Override
    public Path path() {
        return window.path;
    }

    @Override
    public String format() {
        return "pcapng";
    }

    @Override
    public long position() {
        return window.position();
    }

    @Override
    public long size() {
        return window.size();
    }

    @Override
    public void close() throws IOException {
        window.close();
    }
}
