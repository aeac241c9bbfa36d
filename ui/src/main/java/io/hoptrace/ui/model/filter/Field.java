package io.hoptrace.ui.model.filter;

import io.hoptrace.decoders.Protocol;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.RowValues;
import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.filter.DisplayFilter.Node;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/** The named fields of the filter language and how each compares. */
enum Field {
    ADDR(Type.ADDRESS, "ip.addr == 10.244.0.11", "ip.addr", "addr", "host", "ipv6.addr"),
    SRC(Type.ADDRESS, "ip.src == 10.244.0.11", "ip.src", "src", "ipv6.src"),
    DST(Type.ADDRESS, "ip.dst == 10.96.88.10", "ip.dst", "dst", "ipv6.dst"),
    PORT(Type.NUMBER, "port == 80", "port"),
    TCP_PORT(Type.NUMBER, "tcp.port == 80", "tcp.port"),
    UDP_PORT(Type.NUMBER, "udp.port == 53", "udp.port"),
    SRC_PORT(Type.NUMBER, "srcport == 40011", "srcport", "tcp.srcport", "udp.srcport"),
    DST_PORT(Type.NUMBER, "dstport == 80", "dstport", "tcp.dstport", "udp.dstport"),
    NODE(Type.TEXT, "node == node-a", "node"),
    IFACE(Type.TEXT, "iface == cni0", "iface", "interface"),
    POD(Type.TEXT, "pod == web", "pod"),
    SERVICE(Type.TEXT, "svc == web", "svc", "service"),
    RULE(Type.TEXT, "rule == mtu", "rule"),
    SEVERITY(Type.SEVERITY, "severity >= warning", "severity"),
    VNI(Type.NUMBER, "vni == 1", "vni", "vxlan.vni"),
    LENGTH(Type.NUMBER, "len > 1000", "len", "length", "frame.len"),
    FINDING(Type.FLAG, "finding", "finding", "findings"),
    ANOMALY(Type.FLAG, "anomaly", "anomaly", "expert"),
    FRAGMENT(Type.FLAG, "frag", "frag", "fragment"),
    ENCAP(Type.FLAG, "encap", "encap", "tunnel"),
    IPIP(Type.FLAG, "ipip", "ipip");

    enum Type { ADDRESS, NUMBER, TEXT, SEVERITY, FLAG }

    private final Type type;
    private final String example;
    private final List<String> names;

    Field(Type type, String example, String... names) {
        this.type = type;
        this.example = example;
        this.names = List.of(names);
    }

    static Field of(String name) {
        for (Field f : values()) {
            if (f.names.contains(name)) {
                return f;
            }
        }
        return null;
    }

    static Protocol protocol(String name) {
        String n = name.equals("ip6") ? "ipv6" : name.equals("ether") ? "eth" : name;
        for (Protocol p : Protocol.values()) {
            if (p.key().equals(n)) {
                return p;
            }
        }
        return null;
    }

    boolean takesValue() {
        return type != Type.FLAG;
    }

    String example() {
        return example;
    }

    Node flag() {
        return switch (this) {
            case FINDING -> c -> row -> c.marks().severity(row) != Severity.NONE;
            case ANOMALY -> c -> row -> c.index().anomalySeverity(row) != Severity.NONE;
            case FRAGMENT -> c -> row -> (c.index().protocols(row) & RowValues.FRAGMENT) != 0;
            case ENCAP -> c -> row -> c.index().encapsulation(row) >>> 24 != RowValues.ENCAP_NONE;
            case IPIP -> c -> row -> c.index().encapsulation(row) >>> 24 == RowValues.ENCAP_IPIP;
            default -> throw new IllegalStateException(name());
        };
    }

    Node compare(String op, Token value) throws FilterException {
        return switch (type) {
            case ADDRESS -> address(op, value);
            case NUMBER -> number(op, value);
            case TEXT -> text(op, value);
            case SEVERITY -> severity(op, value);
            case FLAG -> throw new FilterException("'" + names.get(0) + "' takes no value", value.position());
        };
    }

    private static void equalityOnly(String op, Token value, String what) throws FilterException {
        if (!op.equals("==") && !op.equals("!=")) {
            throw new FilterException(what + " compare with == or != only", value.position());
        }
    }

    private Node address(String op, Token value) throws FilterException {
        equalityOnly(op, value, "addresses");
        AddressMatcher m = AddressMatcher.literal(value.text());
        if (m == null) {
            throw new FilterException("'" + value.text() + "' is not an IP address or CIDR block", value.position());
        }
        return addressTest(this, m, op.equals("!="));
    }

    /** Source and destination, outer and inner: a tunnelled packet matches by either of its headers. */
    static Node addressTest(Field f, AddressMatcher m, boolean negate) {
        return c -> {
            AddressMatcher.Bound b = m.bind(c.index().addresses());
            PacketIndex ix = c.index();
            boolean src = f != DST;
            boolean dst = f != SRC;
            return row -> negate != ((src && (b.test(ix.innerSource(row)) || b.test(ix.outerSource(row))))
                    || (dst && (b.test(ix.innerDestination(row)) || b.test(ix.outerDestination(row)))));
        };
    }

    private Node number(String op, Token value) throws FilterException {
        long n;
        try {
            n = Long.decode(value.text());
        } catch (NumberFormatException e) {
            throw new FilterException("'" + value.text() + "' is not a number", value.position());
        }
        IntPredicate cmp = numberCompare(op, n);
        boolean negated = op.equals("!=");
        IntPredicate pass = negated ? v -> v == n : cmp;
        return switch (this) {
            case PORT, TCP_PORT, UDP_PORT, SRC_PORT, DST_PORT -> c -> {
                PacketIndex ix = c.index();
                boolean wantTcp = this != UDP_PORT;
                boolean wantUdp = this != TCP_PORT;
                boolean src = this != DST_PORT;
                boolean dst = this != SRC_PORT;
                // the innermost transport layer's ports, and the outermost one's (a tunnel's UDP 8472)
                return row -> {
                    int flags = ix.protocols(row);
                    boolean any = false;
                    if ((flags & RowValues.HAS_PORTS) != 0) {
                        boolean udp = (flags & RowValues.PORTS_UDP) != 0;
                        any = (udp ? wantUdp : wantTcp) && ((src && pass.test(ix.sourcePort(row)))
                                || (dst && pass.test(ix.destinationPort(row))));
                    }
                    if (!any && (flags & RowValues.HAS_OUTER_PORTS) != 0) {
                        boolean udp = (flags & RowValues.OUTER_PORTS_UDP) != 0;
                        any = (udp ? wantUdp : wantTcp) && ((src && pass.test(ix.outerSourcePort(row)))
                                || (dst && pass.test(ix.outerDestinationPort(row))));
                    }
                    return negated != any;
                };
            };
            case VNI -> c -> row -> {
                int e = c.index().encapsulation(row);
                boolean any = e >>> 24 == RowValues.ENCAP_VXLAN && pass.test(e & 0xFFFFFF);
                return negated != any;
            };
            case LENGTH -> c -> row -> negated != pass.test(c.index().wireLength(row));
            default -> throw new IllegalStateException(name());
        };
    }

    private static IntPredicate numberCompare(String op, long n) {
        return switch (op) {
            case "==" -> v -> v == n;
            case "!=" -> v -> v != n;
            case "<" -> v -> v < n;
            case ">" -> v -> v > n;
            case "<=" -> v -> v <= n;
            default -> v -> v >= n;
        };
    }

    private Node text(String op, Token value) throws FilterException {
        equalityOnly(op, value, names.get(0) + " names");
        boolean negate = op.equals("!=");
        String v = value.text();
        String lower = v.toLowerCase(Locale.ROOT);
        return switch (this) {
            case NODE, IFACE -> c -> {
                PacketIndex ix = c.index();
                boolean node = this == NODE;
                LabelMatch labels = new LabelMatch(ix, lower);
                return row -> negate != labels.test(node ? ix.node(row) : ix.iface(row));
            };
            case POD, SERVICE -> c -> {
                List<String> ips = c.cluster().addressesOf(this == POD ? "Pod" : "Service", v);
                Node n = addressTest(ADDR, AddressMatcher.set(ips), negate);
                return n.bind(c);
            };
            case RULE -> c -> row -> negate != c.marks().hasRule(row, v);
            default -> throw new IllegalStateException(name());
        };
    }

    private Node severity(String op, Token value) throws FilterException {
        Severity s = DisplayFilter.severity(value);
        IntPredicate cmp = numberCompare(op, s.ordinal());
        return c -> row -> cmp.test(Severity.worse(c.marks().severity(row), c.index().anomalySeverity(row)).ordinal());
    }

    /**
     * Label ids that match a node or interface name: equal ignoring case, or the interface part of {@code cni0 in}
     * (so {@code iface == cni0} takes both directions).
     */
    private static final class LabelMatch {
        private final PacketIndex index;
        private final String wanted;
        private byte[] known = new byte[16];

        LabelMatch(PacketIndex index, String wanted) {
            this.index = index;
            this.wanted = wanted;
        }

        boolean test(int id) {
            if (id < 0) {
                return false;
            }
            if (id >= known.length) {
                known = Arrays.copyOf(known, Math.max(id + 1, known.length * 2));
            }
            if (known[id] == 0) {
                String label = index.labels().get(id).toLowerCase(Locale.ROOT);
                boolean yes = label.equals(wanted) || label.startsWith(wanted + " ");
                known[id] = yes ? (byte) 2 : (byte) 1;
            }
            return known[id] == 2;
        }
    }
}
