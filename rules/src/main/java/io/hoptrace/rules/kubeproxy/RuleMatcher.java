package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IpPrefix;
import io.hoptrace.decoders.state.IptablesConditions;
import io.hoptrace.decoders.state.IptablesMatch;
import io.hoptrace.decoders.state.IptablesRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides the deterministic matches of one rule for the packet as it is at this point of the walk. What cannot be
 * decided from the packet and the node (an unknown output interface, {@code -m set}) is returned as a reason, and
 * the tracer takes the rule as not matching. {@code statistic} and {@code recent} are left to the tracer, which
 * branches on them.
 */
final class RuleMatcher {
    enum Result { MATCH, NO_MATCH, UNDECIDED }

    private static final IpPrefix LOOPBACK4 = IpPrefix.parse("127.0.0.0/8");
    private static final IpPrefix MULTICAST4 = IpPrefix.parse("224.0.0.0/4");
    private static final IpPrefix MULTICAST6 = IpPrefix.parse("ff00::/8");

    private final Set<String> localAddresses;
    private final boolean localKnown;

    RuleMatcher(Set<String> localAddresses) {
        this.localKnown = localAddresses != null;
        this.localAddresses = localAddresses == null ? Set.of() : localAddresses;
    }

    /** The packet's fields and connection state at one point of the walk. */
    record View(String src, byte[] srcBytes, int srcPort, String dst, byte[] dstBytes, int dstPort, String protocol,
                long mark, boolean dnat, boolean snat, String inInterface, String outInterface) {
    }

    private final List<String> undecided = new ArrayList<>();

    /** Why the last {@link #match} was UNDECIDED. */
    List<String> reasons() {
        return List.copyOf(undecided);
    }

    Result match(IptablesRule r, View v) {
        undecided.clear();
        if (r.source() != null && !address(r.source(), v.srcBytes(), undecided)) {
            return Result.NO_MATCH;
        }
        if (r.destination() != null && !address(r.destination(), v.dstBytes(), undecided)) {
            return Result.NO_MATCH;
        }
        if (r.protocol() != null && protocol(r.protocol(), v.protocol()) == r.protocolNegated()) {
            return Result.NO_MATCH;
        }
        if (r.inInterface() != null) {
            if (v.inInterface() == null) {
                undecided.add("-i " + r.inInterface().name() + " (arriving interface unknown)");
            } else if (!r.inInterface().matches(v.inInterface())) {
                return Result.NO_MATCH;
            }
        }
        if (r.outInterface() != null) {
            if (v.outInterface() == null) {
                undecided.add("-o " + r.outInterface().name() + " (output interface unknown)");
            } else if (!r.outInterface().matches(v.outInterface())) {
                return Result.NO_MATCH;
            }
        }
        if (r.destinationPorts() != null && !r.destinationPorts().matches(v.dstPort())) {
            return Result.NO_MATCH;
        }
        if (r.sourcePorts() != null) {
            if (v.srcPort() < 0) {
                undecided.add("source port " + r.sourcePorts() + " (source port unknown)");
            } else if (!r.sourcePorts().matches(v.srcPort())) {
                return Result.NO_MATCH;
            }
        }
        if (r.tcpSyn() && !v.protocol().equals("tcp")) {
            return Result.NO_MATCH;
        }
        if (r.ctState() != null && !ctState(r.ctState(), v)) {
            return Result.NO_MATCH;
        }
        if (r.mark() != null && !r.mark().matches(v.mark())) {
            return Result.NO_MATCH;
        }
        if (r.sourceType() != null && !addrType(r.sourceType(), v.src(), "source", undecided)) {
            return Result.NO_MATCH;
        }
        if (r.destinationType() != null && !addrType(r.destinationType(), v.dst(), "destination", undecided)) {
            return Result.NO_MATCH;
        }
        if (r.hasUntypedMatches()) {
            for (IptablesMatch m : r.untypedMatches()) {
                undecided.add(m.toString());
            }
        }
        if (!undecided.isEmpty()) {
            return Result.UNDECIDED;
        }
        return Result.MATCH;
    }

    private static boolean address(IptablesConditions.Address a, byte[] ip, List<String> undecided) {
        if (a.prefix() == null) {
            undecided.add("address '" + a.text() + "' unreadable");
            return true;
        }
        return a.prefix().contains(ip) != a.negated();
    }

    private static boolean protocol(String rule, String packet) {
        return switch (rule) {
            case "all", "0" -> true;
            case "6" -> packet.equals("tcp");
            case "17" -> packet.equals("udp");
            case "132" -> packet.equals("sctp");
            default -> rule.equals(packet);
        };
    }

    /** A first packet is NEW; after a DNAT (SNAT) it is also in state DNAT (SNAT). */
    private static boolean ctState(IptablesConditions.CtState c, View v) {
        boolean hit = c.states().contains("NEW") || v.dnat() && c.states().contains("DNAT")
                || v.snat() && c.states().contains("SNAT");
        return hit != c.negated();
    }

    private boolean addrType(IptablesConditions.AddrType t, String ip, String side, List<String> undecided) {
        String type = addressType(ip);
        if (type == null) {
            undecided.add("addrtype of " + side + " " + ip + " (node addresses unknown)");
            return true;
        }
        return t.types().contains(type) != t.negated();
    }

    /** LOCAL, MULTICAST, BROADCAST, UNSPEC or UNICAST; null when the node's addresses are unknown. */
    String addressType(String ip) {
        IpPrefix h = IpPrefix.host(ip);
        if (isLocal(ip)) {
            return "LOCAL";
        }
        if (MULTICAST4.contains(h) || MULTICAST6.contains(h)) {
            return "MULTICAST";
        }
        if (ip.equals("255.255.255.255")) {
            return "BROADCAST";
        }
        if (ip.equals("0.0.0.0") || ip.equals("::")) {
            return "UNSPEC";
        }
        return localKnown ? "UNICAST" : null;
    }

    boolean isLocal(String ip) {
        return localAddresses.contains(ip) || LOOPBACK4.contains(IpPrefix.host(ip)) || ip.equals("::1");
    }

    boolean localKnown() {
        return localKnown;
    }
}
