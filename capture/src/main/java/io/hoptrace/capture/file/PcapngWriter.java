package io.hoptrace.capture.file;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Writes a pcapng file: one section (little-endian) whose header names hoptrace, an Interface Description Block per
 * {@link #addInterface} (name, description, nanosecond resolution, snaplen), an Enhanced Packet Block per packet
 * (nanosecond timestamp, optional comment), and at {@link #close} an Interface Statistics Block per interface with the
 * drop counters passed to {@link #setStatistics}. hoptrace puts the node in the description ("node=worker-1
 * iface=eth0") so Wireshark users see where a packet was captured.
 */
public final class PcapngWriter implements Closeable, Flushable {
    public static final String USER_APPLICATION = "hoptrace";
    private static final int SHB_HARDWARE = 2;
    private static final int SHB_OS = 3;
    private static final int SHB_USERAPPL = 4;
    private static final int IF_NAME = 2;
    private static final int IF_DESCRIPTION = 3;
    private static final int IF_TSRESOL = 9;
    private static final int ISB_STARTTIME = 2;
    private static final int ISB_ENDTIME = 3;
    private static final int ISB_IFRECV = 4;
    private static final int ISB_IFDROP = 5;
    private static final int ISB_FILTERACCEPT = 6;
    private static final int ISB_OSDROP = 7;
    private static final int ISB_USRDELIV = 8;
    private static final byte NANOSECOND_RESOLUTION = 9;
    private static final int MAX_OPTION_BYTES = 0xFFFF;

    /** What the writer remembers of an interface: its snaplen and the time span of its packets. */
    private static final class Written {
        final int snapLength;
        long packets;
        long firstNanos;
        long lastNanos;
        InterfaceStatistics statistics;

        Written(int snapLength) {
            this.snapLength = snapLength;
        }
    }

    private final BlockOutput out;
    private final List<Written> interfaces = new ArrayList<>();
    private long packets;

    private PcapngWriter(BlockOutput out) throws IOException {
        this.out = out;
        byte[][] options = {
            utf8(System.getProperty("os.arch")),
            utf8(System.getProperty("os.name") + " " + System.getProperty("os.version")),
            utf8(USER_APPLICATION),
        };
        int[] codes = {SHB_HARDWARE, SHB_OS, SHB_USERAPPL};
        int optionBytes = 4;
        for (byte[] o : options) {
            optionBytes += optionSize(o);
        }
        int length = 28 + optionBytes;
        ByteBuffer b = out.reserve(length);
        b.putInt(PcapngReader.SECTION_HEADER).putInt(length).putInt(PcapngReader.BYTE_ORDER_MAGIC)
                .putShort((short) 1).putShort((short) 0).putLong(-1L);
        for (int i = 0; i < codes.length; i++) {
            putOption(b, codes[i], options[i]);
        }
        b.putInt(0).putInt(length);
        out.flush(); // a writer killed before its first packet leaves a valid, empty capture
    }

    public static PcapngWriter create(Path file) throws IOException {
        return create(file, FlushPolicy.DEFAULT);
    }

    public static PcapngWriter create(Path file, FlushPolicy policy) throws IOException {
        return create(file, policy, System::nanoTime);
    }

    /**
     * With the clock the flush policy reads ({@link System#nanoTime} units). The writer reads it once per packet;
     * a caller that writes millions of packets a second can pass a coarser, cheaper clock of its own.
     */
    public static PcapngWriter create(Path file, FlushPolicy policy, LongSupplier clock) throws IOException {
        return create(new BlockOutput(file, policy, clock));
    }

    static PcapngWriter create(BlockOutput out) throws IOException {
        try {
            return new PcapngWriter(out);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Describes a capture interface and returns its id for {@link #writePacket}. {@code name} and {@code description}
     * may be null. Interfaces can be added at any time, also after packets of other interfaces.
     */
    public int addInterface(String name, String description, int linkType, int snapLength) throws IOException {
        if (snapLength <= 0) {
            throw new IllegalArgumentException("snapLength must be positive, not " + snapLength);
        }
        byte[] nameBytes = utf8(name);
        byte[] descriptionBytes = utf8(description);
        int length = 20 + optionSize(nameBytes) + optionSize(descriptionBytes) + 8 + 4;
        ByteBuffer b = out.reserve(length);
        b.putInt(PcapngReader.INTERFACE_DESCRIPTION).putInt(length)
                .putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        putOption(b, IF_NAME, nameBytes);
        putOption(b, IF_DESCRIPTION, descriptionBytes);
        putOption(b, IF_TSRESOL, new byte[] {NANOSECOND_RESOLUTION});
        b.putInt(0).putInt(length);
        interfaces.add(new Written(snapLength));
        return interfaces.size() - 1;
    }

    /** Writes one frame; frames longer than the interface's snaplen are cut to it. {@code comment} may be null. */
    public void writePacket(int interfaceId, long timestampNanos, byte[] data, int offset, int length, int wireLength,
                            String comment) throws IOException {
        Written iface = written(interfaceId);
        int captured = Math.min(length, iface.snapLength);
        byte[] commentBytes = comment != null ? utf8(comment) : null;
        int optionBytes = commentBytes != null ? optionSize(commentBytes) + 4 : 0;
        int padded = (captured + 3) & ~3;
        int blockLength = 28 + padded + optionBytes + 4;
        ByteBuffer b = out.reserve(blockLength);
        b.putInt(PcapngReader.ENHANCED_PACKET).putInt(blockLength).putInt(interfaceId)
                .putInt((int) (timestampNanos >>> 32)).putInt((int) timestampNanos)
                .putInt(captured).putInt(wireLength).put(data, offset, captured);
        for (int i = captured; i < padded; i++) {
            b.put((byte) 0);
        }
        if (commentBytes != null) {
            putOption(b, OptionCursor.COMMENT, commentBytes);
            b.putInt(0);
        }
        b.putInt(blockLength);
        if (iface.packets++ == 0) {
            iface.firstNanos = timestampNanos;
        }
        iface.lastNanos = timestampNanos;
        packets++;
        out.packetWritten();
    }

    /** Copies a packet read from another capture, with its comment. */
    public void write(int interfaceId, PacketRecord r) throws IOException {
        writePacket(interfaceId, r.timestampNanos, r.data, r.offset, r.capturedLength, r.wireLength, r.comment);
    }

    /**
     * Counters to write in the interface's statistics block at close. Unknown start and end times default to the
     * first and last packet written on the interface.
     */
    public void setStatistics(int interfaceId, InterfaceStatistics statistics) {
        written(interfaceId).statistics = statistics;
    }

    public long packetsWritten() {
        return packets;
    }

    /** The file's length once everything written so far is flushed (for rotation by size). */
    public long length() {
        return out.length();
    }

    public Path path() {
        return out.path();
    }

    public int interfaceCount() {
        return interfaces.size();
    }

    /** Flushes when the policy's delay has passed; call it from a timer so a quiet capture still reaches the disk. */
    public void flushIfDue() throws IOException {
        out.flushIfDue();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes the statistics blocks, then flushes and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            for (int id = 0; id < interfaces.size(); id++) {
                writeStatistics(id, interfaces.get(id));
            }
        } finally {
            out.close();
        }
    }

    private void writeStatistics(int id, Written iface) throws IOException {
        InterfaceStatistics s = iface.statistics;
        if (s == null && iface.packets == 0) {
            return;
        }
        long unknown = InterfaceStatistics.UNKNOWN;
        long start = s != null && s.startNanos() != unknown ? s.startNanos() : iface.packets > 0 ? iface.firstNanos
                : unknown;
        long end = s != null && s.endNanos() != unknown ? s.endNanos() : iface.packets > 0 ? iface.lastNanos
                : unknown;
        long[] values = {start, end, s != null ? s.received() : unknown, s != null ? s.interfaceDrops() : unknown,
            s != null ? s.filterAccepted() : unknown, s != null ? s.osDrops() : unknown,
            s != null ? s.delivered() : unknown};
        int[] codes = {ISB_STARTTIME, ISB_ENDTIME, ISB_IFRECV, ISB_IFDROP, ISB_FILTERACCEPT, ISB_OSDROP, ISB_USRDELIV};
        byte[] comment = s != null ? utf8(s.comment()) : null;
        int optionBytes = optionSize(comment);
        for (long v : values) {
            optionBytes += v != unknown ? 12 : 0;
        }
        optionBytes += optionBytes > 0 ? 4 : 0;
        int length = 24 + optionBytes;
        long taken = end != unknown ? end : nowNanos();
        ByteBuffer b = out.reserve(length);
        b.putInt(PcapngReader.INTERFACE_STATISTICS).putInt(length).putInt(id)
                .putInt((int) (taken >>> 32)).putInt((int) taken);
        putOption(b, OptionCursor.COMMENT, comment);
        for (int i = 0; i < codes.length; i++) {
            if (values[i] == unknown) {
                continue;
            }
            b.putShort((short) codes[i]).putShort((short) 8);
            if (codes[i] == ISB_STARTTIME || codes[i] == ISB_ENDTIME) {
                b.putInt((int) (values[i] >>> 32)).putInt((int) values[i]);
            } else {
                b.putLong(values[i]);
            }
        }
        if (optionBytes > 0) {
            b.putInt(0);
        }
        b.putInt(length);
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private Written written(int interfaceId) {
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw new IllegalArgumentException("no interface " + interfaceId + " (" + interfaces.size()
                    + " added)");
        }
        return interfaces.get(interfaceId);
    }

    private static byte[] utf8(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_OPTION_BYTES) {
            throw new IllegalArgumentException("option text of " + b.length + " bytes is longer than pcapng allows ("
                    + MAX_OPTION_BYTES + ")");
        }
        return b;
    }

    /** Bytes an option takes, header and padding included; 0 for an absent (null) value. */
    private static int optionSize(byte[] value) {
        return value == null ? 0 : 4 + ((value.length + 3) & ~3);
    }

    private static void putOption(ByteBuffer b, int code, byte[] value) {
        if (value == null) {
            return;
        }
        b.putShort((short) code).putShort((short) value.length).put(value);
        for (int i = value.length; i < ((value.length + 3) & ~3); i++) {
            b.put((byte) 0);
        }
    }
}
