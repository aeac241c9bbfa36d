package io.hoptrace.cli;

import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.TextLine;
import java.util.Arrays;
import java.util.List;

/**
 * Which interface a packet was seen on, and in which direction, when the file says so: Linux cooked v2
 * ({@code tcpdump -i any}) carries the interface index and the packet type in every frame, cooked v1 only the
 * packet type; pcapng names its interfaces in the description blocks. Printed the way {@code tcpdump -i any}
 * prints it: the name padded to five, the direction ({@code In}, {@code Out}, {@code B}, {@code M},
 * {@code P}) padded to three.
 *
 * <p>A cooked v2 interface index has no name in the file (tcpdump looks it up on the machine reading the file,
 * which names the wrong interfaces); it prints as {@code if7}.
 */
final class InterfaceColumn {
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final byte[] NO_NAME = new byte[0];
    private static final String[] DIRECTION_TEXT = {"In", "B", "M", "P", "Out"};
    private static final String[] DIRECTION_JSON = {"in", "broadcast", "multicast", "otherhost", "out"};

    private List<InterfaceInfo> interfaces = List.of();
    private byte[][] names = new byte[4][];

    void beginFile(PacketSource source) {
        interfaces = source.interfaces();
        Arrays.fill(names, null);
    }

    /** Appends {@code "eth0  In  "}, or the parts of it that are known, or nothing. */
    void append(TextLine line, PacketRecord r) {
        int start = line.length();
        int ifIndex = sll2InterfaceIndex(r);
        if (ifIndex >= 0) {
            line.append("if").append(ifIndex);
        } else {
            byte[] name = captureInterfaceName(r.interfaceId);
            line.appendPrintable(name, 0, name.length);
        }
        if (line.length() > start) {
            pad(line, start, 5);
        }
        int type = packetType(r);
        if (type >= 0) {
            int at = line.length();
            line.append(type < DIRECTION_TEXT.length ? DIRECTION_TEXT[type] : "?");
            pad(line, at, 3);
        }
    }

    /** The interface name for JSON, or null when the file does not tell. */
    String name(PacketRecord r) {
        int ifIndex = sll2InterfaceIndex(r);
        if (ifIndex >= 0) {
            return "if" + ifIndex;
        }
        if (r.interfaceId >= 0 && r.interfaceId < interfaces.size()) {
            String n = interfaces.get(r.interfaceId).name();
            return n == null || n.isEmpty() ? null : n;
        }
        return null;
    }

    /** {@code in}, {@code out}, {@code broadcast}, {@code multicast}, {@code otherhost}, or null. */
    static String direction(PacketRecord r) {
        int type = packetType(r);
        if (type < 0) {
            return null;
        }
        return type < DIRECTION_JSON.length ? DIRECTION_JSON[type] : "unknown";
    }

    private static void pad(TextLine line, int start, int width) {
        for (int i = line.length() - start; i < width; i++) {
            line.append(' ');
        }
        line.append(' ');
    }

    private byte[] captureInterfaceName(int id) {
        if (id < 0 || id >= interfaces.size()) {
            return NO_NAME;
        }
        if (id >= names.length) {
            names = Arrays.copyOf(names, Math.max(id + 1, names.length * 2));
        }
        byte[] n = names[id];
        if (n == null) {
            String s = interfaces.get(id).name();
            n = s == null ? NO_NAME : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            names[id] = n;
        }
        return n;
    }

    // The cooked headers are read here rather than from the decoded layers: two fixed fields, needed for every
    // line, and the link decoders' field names are theirs to change.
    private static int sll2InterfaceIndex(PacketRecord r) {
        if (r.linkType != LinkType.LINUX_SLL2 || r.capturedLength < SLL2_HEADER) {
            return -1;
        }
        return (int) Math.min(Integer.MAX_VALUE, Bytes.u32(r.data, r.offset + 4));
    }

    private static int packetType(PacketRecord r) {
        if (r.linkType == LinkType.LINUX_SLL2 && r.capturedLength >= SLL2_HEADER) {
            return r.data[r.offset + 10] & 0xFF;
        }
        if (r.linkType == LinkType.LINUX_SLL && r.capturedLength >= SLL_HEADER) {
            return Bytes.u16(r.data, r.offset);
        }
        return -1;
    }
}
