package io.hoptrace.ui.model;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the text of packet-list rows on demand: the columns that come from the index directly (number, time, node,
 * length) and those that need the frame decoded again (stack, info). The table asks only for rows on screen, so a
 * million-packet capture costs a few dozen decodes per scroll step; the last rows made are kept.
 *
 * <p>One instance per thread (it owns a decoder): the FX thread's for the table, another for sorting by text.
 */
public final class RowFormatter {
    private static final int CACHE_ROWS = 4096;

    private final PacketIndex index;
    private final ClusterDirectory cluster;
    private final PacketDecoder decoder;
    private final TextLine line = new TextLine(512);
    private byte[] frame = new byte[2048];
    /** The last {@link #decode} found its file unreadable (it decoded zeros). */
    private boolean unreadable;
    private String[] addressLabels = new String[0];
    private RowMarks marks = RowMarks.NONE;
    private long decodes;
    private final Map<Integer, RowText> cache = new LinkedHashMap<>(CACHE_ROWS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, RowText> eldest) {
            return size() > CACHE_ROWS;
        }
    };

    public RowFormatter(PacketIndex index, ClusterDirectory cluster, DecoderConfig config) {
        this.index = index;
        this.cluster = cluster;
        this.decoder = new PacketDecoder(config);
    }

    /** Frames decoded so far (the table's cost: rows on screen, not rows loaded). */
    public long decodes() {
        return decodes;
    }

    public void marks(RowMarks m) {
        this.marks = m;
        cache.clear();
    }

    /** The cluster's names changed (a live cluster): rows are made again with the new names. */
    public void clusterChanged() {
        Arrays.fill(addressLabels, null);
        cache.clear();
    }

    public RowMarks marks() {
        return marks;
    }

    /** The row's text, made now or remembered. */
    public RowText text(int row) {
        RowText t = cache.get(row);
        if (t == null) {
            t = make(row);
            cache.put(row, t);
        }
        return t;
    }

    public String cell(int row, Column c) {
        return text(row).get(c);
    }

    /** One text column without touching the cache (sorting by text visits every row once). */
    public String textUncached(int row, Column c) {
        if (c == Column.STACK) {
            return stack(decode(row));
        }
        if (c == Column.INFO) {
            return info(row, decode(row));
        }
        return make(row).get(c);
    }

    /** Decodes the frame of {@code row} with this formatter's decoder; valid until its next use. */
    public Dissection decode(int row) {
        int len = index.capturedLength(row);
        if (frame.length < len) {
            frame = new byte[Math.max(len, frame.length * 2)];
        }
        unreadable = !index.frame(row, frame);
        decodes++;
        Dissection d = decoder.decode(frame, 0, len, index.wireLength(row), index.linkType(row));
        d.meta(row + 1L, index.timestamp(row), index.iface(row));
        return d;
    }

    private RowText make(int row) {
        RowText t = new RowText();
        Dissection d = decode(row);
        Severity mark = marks.severity(row);
        t.set(Column.MARK, mark == Severity.NONE ? "" : "\u25CF");
        t.set(Column.NUMBER, Integer.toString(row + 1));
        t.set(Column.TIME, relativeTime(index.timestamp(row) - index.firstTimestamp()));
        t.set(Column.NODE, index.labels().get(index.node(row)));
        t.set(Column.INTERFACE, index.labels().get(index.iface(row)));
        t.set(Column.SOURCE, addressLabel(index.innerSource(row)));
        t.set(Column.DESTINATION, addressLabel(index.innerDestination(row)));
        t.set(Column.ENCAPSULATION, encapsulation(row));
        t.set(Column.PROTOCOL, protocolName(Protocol.values()[index.top(row)]));
        t.set(Column.LENGTH, Integer.toString(index.wireLength(row)));
        t.set(Column.STACK, stack(d));
        t.set(Column.INFO, unreadable ? "[cannot read the packet back: " + index.frameProblem() + "]" : info(row, d));
        return t;
    }

    /** Seconds since the first packet with microseconds, as Wireshark's default time column. */
    public static String relativeTime(long nanos) {
        boolean negative = nanos < 0;
        long n = Math.abs(nanos);
        long micros = (n + 500) / 1000;
        String frac = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
        return (negative ? "-" : "") + micros / 1_000_000 + "." + frac;
    }

    /** {@code 10.244.0.11 (mtu-client-7b9f6c5d8-q8wzt)}: the address with what the cluster calls it. */
    public String addressLabel(int id) {
        if (id < 0) {
            return "";
        }
        if (id >= addressLabels.length) {
            addressLabels = Arrays.copyOf(addressLabels, Math.max(id + 1, addressLabels.length * 2 + 16));
        }
        String s = addressLabels[id];
        if (s == null) {
            String ip = index.addresses().text(id);
            String name = cluster.nameOf(ip);
            s = name == null ? ip : ip + " (" + name + ")";
            addressLabels[id] = s;
        }
        return s;
    }

    /** The name the cluster gives the address, or the address. */
    public String shortName(int id) {
        if (id < 0) {
            return "";
        }
        String ip = index.addresses().text(id);
        String name = cluster.nameOf(ip);
        return name == null ? ip : name;
    }

    private String encapsulation(int row) {
        int e = index.encapsulation(row);
        int kind = e >>> 24;
        if (kind == RowValues.ENCAP_NONE) {
            return "";
        }
        String outer = shortName(index.outerSource(row)) + " \u2192 " + shortName(index.outerDestination(row));
        return switch (kind) {
            case RowValues.ENCAP_VXLAN -> "VXLAN " + (e & 0xFFFFFF) + ", " + outer;
            case RowValues.ENCAP_IPIP -> "IP-in-IP, " + outer;
            default -> "";
        };
    }

    public static String protocolName(Protocol p) {
        return switch (p) {
            case ETHERNET -> "Ethernet";
            case VLAN -> "802.1Q";
            case SLL -> "SLL";
            case SLL2 -> "SLL2";
            case IPV4 -> "IPv4";
            case IPV6 -> "IPv6";
            case ICMPV6 -> "ICMPv6";
            case DATA -> "Data";
            default -> p.name();
        };
    }

    /** {@code sll2:ip:udp:vxlan:eth:ip:icmp}, Wireshark's frame.protocols. */
    public static String stack(Dissection d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.layerCount(); i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(d.protocol(i).key());
        }
        return sb.toString();
    }

    /**
     * The innermost packet's summary without its addresses (they have columns of their own), ports first as
     * Wireshark's TCP/UDP info starts: {@code 40011 → 80 Flags [S], seq 1, win 64240, options [mss 1460], length 0}.
     */
    private String info(int row, Dissection d) {
        line.clear();
        String s = PacketSummary.append(d, line).toString();
        if (RowExtractor.cookedInterface(d) >= 0 && s.startsWith("ifindex ")) {
            // the interface has its own column: drop "ifindex 6 In " (unless it is all there is)
            int second = s.indexOf(' ', s.indexOf(' ', 8) + 1);
            if (second > 0 && second + 1 < s.length()) {
                s = s.substring(second + 1);
            }
        }
        int bar = s.lastIndexOf(" | ");
        if (bar >= 0 && (index.encapsulation(row) >>> 24) != RowValues.ENCAP_NONE) {
            s = s.substring(bar + 3);
        }
        if (s.startsWith("IP ") || s.startsWith("IP6 ")) {
            int colon = s.indexOf(": ");
            if (colon > 0) {
                s = s.substring(colon + 2);
            }
        } else if (index.innerSource(row) >= 0) {
            int colon = s.indexOf(": ");
            String flow = index.addresses().text(index.innerSource(row));
            if (colon > 0 && s.startsWith(flow)) {
                s = s.substring(colon + 2);
            }
        }
        if (index.hasPorts(row)) {
            s = index.sourcePort(row) + " \u2192 " + index.destinationPort(row) + " " + s;
        }
        return s;
    }
}
