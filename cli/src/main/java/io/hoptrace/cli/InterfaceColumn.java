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
 * Which interface a packet was seen on, and in which direction, as far as the file says. pcapng names its
 * interfaces in the description blocks; Linux cooked captures ({@code tcpdump -i any}) carry the direction in
 * every frame, and v2 the interface index too. In text, the name is padded to five and the direction to three,
 * as {@code tcpdump -i any} prints them: {@code eth0  In  IP ...}.
 *
 * <p>A cooked v2 frame's summary already starts with {@code ifindex 7 In}, so the text column leaves it to the
 * summary; the name "any" of a {@code -i any} capture says nothing about a single packet and is not printed.
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

    /** Appends {@code "eth0  "}, {@code "Out "}, both, or nothing. */
    void append(TextLine line, PacketRecord r) {
        byte[] name = columnName(r.interfaceId);
        if (name.length > 0) {
            int start = line.length();
            line.appendPrintable(name, 0, name.length);
            pad(line, start, 5);
        }
        if (r.linkType == LinkType.LINUX_SLL) {
            int type = packetType(r);
            if (type >= 0) {
                int start = line.length();
                line.append(type < DIRECTION_TEXT.length ? DIRECTION_TEXT[type] : "?");
                pad(line, start, 3);
            }
        }
    }

    /** The interface's name from the file (pcapng), or null. */
    String name(PacketRecord r) {
        if (r.interfaceId < 0 || r.interfaceId >= interfaces.size()) {
            return null;
        }
        String n = interfaces.get(r.interfaceId).name();
        return n == null || n.isEmpty() ? null : n;
    }

    /** The Linux interface index a cooked v2 frame carries, or -1. */
    static long interfaceIndex(PacketRecord r) {
        // two fixed fields, read here rather than from the decoded layers: the link decoders' field names are theirs
        if (r.linkType != LinkType.LINUX_SLL2 || r.capturedLength < SLL2_HEADER) {
            return -1;
        }
        return Bytes.u32(r.data, r.offset + 4);
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

    private byte[] columnName(int id) {
        if (id < 0 || id >= interfaces.size()) {
            return NO_NAME;
        }
        if (id >= names.length) {
            names = Arrays.copyOf(names, Math.max(id + 1, names.length * 2));
        }
        byte[] n = names[id];
        if (n == null) {
            String s = interfaces.get(id).name();
            n = s == null || s.equals("any") ? NO_NAME : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            names[id] = n;
        }
        return n;
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
