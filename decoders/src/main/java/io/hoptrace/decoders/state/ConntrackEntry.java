package io.hoptrace.decoders.state;

import java.net.Inet6Address;
import java.time.Instant;
import java.util.List;

/**
 * One line of {@code conntrack -L}, {@code /proc/net/nf_conntrack}, the legacy {@code /proc/net/ip_conntrack} or a
 * {@code conntrack -E} event. Numbers that were not printed are {@link #ABSENT}.
 *
 * @param line           1-based line of the input
 * @param event          NONE for a listing
 * @param eventTime      the {@code [seconds.micros]} prefix of {@code conntrack -E -o timestamp}, or null
 * @param protocol       "tcp", "udp", "icmp", "icmpv6", "sctp", ... as printed
 * @param protocolNumber the IP protocol number printed after it
 * @param timeout        seconds left; ABSENT on [DESTROY] events and offloaded entries
 * @param state          the protocol state ("ESTABLISHED", "SYN_SENT", "TIME_WAIT"), or null (UDP, ICMP)
 * @param unreplied      [UNREPLIED]: no packet has come back (a SYN that is never answered, a black hole)
 * @param assured        [ASSURED]: traffic was seen both ways, the entry is not dropped early under pressure
 * @param offload        [OFFLOAD] or [HW_OFFLOAD]: the flow bypasses the slow path (flowtable)
 * @param labels         connlabel names or bit numbers of {@code labels=}
 * @param extras         tokens this reader does not interpret (e.g. {@code helper=ftp}, {@code delta-time=42},
 *                       {@code [start=...]}), kept as printed
 */
public record ConntrackEntry(int line, ConntrackEvent event, Instant eventTime, String protocol, int protocolNumber,
                             long timeout, String state, ConntrackTuple original, ConntrackTuple reply,
                             boolean unreplied, boolean assured, boolean offload, long mark, long secmark,
                             String securityContext, long zone, long use, long id, List<String> labels,
                             List<String> extras) {
    public static final long ABSENT = -1;

    public ConntrackEntry {
        labels = List.copyOf(labels);
        extras = List.copyOf(extras);
    }

    public boolean ipv6() {
        return original.source() instanceof Inet6Address;
    }

    /**
     * DNAT when the reply comes from somewhere other than where the first packet was sent (a Service VIP answered
     * by a pod); SNAT when the reply goes to somewhere other than the first packet's source (masquerade). Ports
     * count: a port-only rewrite (ClusterIP 3000 to pod port 5000) is NAT too.
     */
    public ConntrackNat nat() {
        boolean dnat = !reply.source().equals(original.destination())
                || (hasPorts() && reply.sourcePort() != original.destinationPort());
        boolean snat = !reply.destination().equals(original.source())
                || (hasPorts() && reply.destinationPort() != original.sourcePort());
        return dnat ? (snat ? ConntrackNat.BOTH : ConntrackNat.DNAT) : (snat ? ConntrackNat.SNAT : ConntrackNat.NONE);
    }

    /** Where DNAT sent the connection (the reply's source), or null if there was no DNAT. */
    public ConntrackEndpoint dnatDestination() {
        return nat().dnat() ? reply.sourceEndpoint() : null;
    }

    /** What SNAT made the connection's source (the reply's destination), or null if there was no SNAT. */
    public ConntrackEndpoint snatSource() {
        return nat().snat() ? reply.destinationEndpoint() : null;
    }

    private boolean hasPorts() {
        return original.sourcePort() != ConntrackTuple.ABSENT && reply.sourcePort() != ConntrackTuple.ABSENT;
    }
}
