package io.hoptrace.rules.model;

/**
 * A flow's 5-tuple in the direction of its first packet, as first seen (before any NAT further along). Ports are -1
 * for protocols without them. {@code proto} is the lower-case name ("tcp", "udp", "icmp", "icmpv6") or the number.
 */
public record FlowKey(String proto, int protocolNumber, String src, String dst, int sport, int dport) {
    public Endpoint source() {
        return new Endpoint(src, sport);
    }

    public Endpoint destination() {
        return new Endpoint(dst, dport);
    }

    /** The other direction of the same flow. */
    public FlowKey reversed() {
        return new FlowKey(proto, protocolNumber, dst, src, dport, sport);
    }

    /** {@code tcp 10.244.0.11:40011 > 10.96.88.10:80}. */
    @Override
    public String toString() {
        return proto + " " + source() + " > " + destination();
    }
}
