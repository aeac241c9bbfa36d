package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.ConntrackDirection;
import io.hoptrace.decoders.state.ConntrackEndpoint;
import io.hoptrace.decoders.state.ConntrackEntry;
import io.hoptrace.decoders.state.ConntrackMatch;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.ConntrackTuple;
import io.hoptrace.decoders.state.InetLiteral;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The conntrack entries a packet belongs to, in either direction, and how they compare with what the rules would
 * do to a new connection now: an entry made when the Service had other endpoints (or none) keeps sending its flow
 * where the rules no longer would until it expires or is deleted.
 */
public final class ConntrackLookup {
    /** Entries listed at most, when the source port is not given and many connections match. */
    public static final int MAX_MATCHES = 50;

    private ConntrackLookup() {
    }

    /**
     * With a source port: the entry of exactly that 5-tuple (O(1)). Without one: every entry whose original tuple
     * goes from the packet's source to its destination and port, or whose reply tuple does (the packet is then an
     * answer), in file order, at most {@link #MAX_MATCHES}.
     */
    public static List<ConntrackMatch> find(ConntrackTable table, Packet p) {
        InetAddress src = InetLiteral.parse(p.sourceIp());
        InetAddress dst = InetLiteral.parse(p.destinationIp());
        int proto = protocolNumber(p.protocol());
        if (p.sourcePort() >= 0) {
            return table.find(proto, src, p.sourcePort(), dst, p.destinationPort()).map(List::of).orElse(List.of());
        }
        List<ConntrackMatch> out = new ArrayList<>();
        for (ConntrackEntry e : table.entries()) {
            if (e.protocolNumber() != proto) {
                continue;
            }
            if (same(e.original(), src, dst, p.destinationPort())) {
                out.add(new ConntrackMatch(e, ConntrackDirection.ORIGINAL));
            } else if (same(e.reply(), src, dst, p.destinationPort())) {
                out.add(new ConntrackMatch(e, ConntrackDirection.REPLY));
            }
            if (out.size() == MAX_MATCHES) {
                break;
            }
        }
        return out;
    }

    private static boolean same(ConntrackTuple t, InetAddress src, InetAddress dst, int dport) {
        return t != null && src.equals(t.source()) && dst.equals(t.destination()) && t.destinationPort() == dport;
    }

    static int protocolNumber(String protocol) {
        return switch (protocol) {
            case "udp" -> 17;
            case "sctp" -> 132;
            default -> 6;
        };
    }

    /** {@code ip:port} as the tracer writes DNAT destinations. */
    public static String text(ConntrackEndpoint e) {
        return Packet.hostPort(InetLiteral.format(e.address()), e.port());
    }

    /**
     * What a person should know about the entries next to the trace: entries whose DNAT is not one the rules pick
     * for a new connection, and entries without DNAT to an address the rules DNAT.
     */
    public static List<String> compare(List<ConntrackMatch> matches, PacketTrace trace) {
        Set<String> ruled = new java.util.TreeSet<>();
        for (TraceBranch b : trace.branches()) {
            if (b.dnat() != null && b.dnat().address() != null) {
                ruled.add(b.destinationAfterNat());
            }
        }
        List<String> notes = new ArrayList<>();
        for (ConntrackMatch m : matches) {
            if (m.direction() != ConntrackDirection.ORIGINAL) {
                continue;
            }
            ConntrackEntry e = m.entry();
            ConntrackEndpoint to = e.dnatDestination();
            String where = "conntrack line " + e.line();
            if (to != null && !ruled.isEmpty() && !ruled.contains(text(to))) {
                notes.add(where + " sends this flow to " + text(to) + ", which the rules do not pick any more "
                        + ruled + ": a stale entry; it lasts until it expires (timeout " + e.timeout()
                        + " s) or conntrack -D removes it");
            } else if (to != null && ruled.isEmpty()) {
                notes.add(where + " sends this flow to " + text(to) + ", but the rules DNAT nothing for it now");
            } else if (to == null && !ruled.isEmpty()) {
                notes.add(where + " has no DNAT: this flow goes to " + p(e) + " itself (created when the Service "
                        + "had no endpoints?) instead of " + ruled + "; conntrack -D removes it");
            }
        }
        return notes;
    }

    private static String p(ConntrackEntry e) {
        return Packet.hostPort(InetLiteral.format(e.original().destination()), e.original().destinationPort());
    }
}
