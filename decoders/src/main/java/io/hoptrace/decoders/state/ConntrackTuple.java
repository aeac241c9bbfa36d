package io.hoptrace.decoders.state;

import java.net.InetAddress;

/**
 * One direction of a conntrack entry: {@code src= dst= sport= dport=} (or {@code type= code= id=} for ICMP), with
 * the accounting that follows it when {@code nf_conntrack_acct} is on. Numbers that were not printed are
 * {@link #ABSENT}.
 */
public record ConntrackTuple(InetAddress source, InetAddress destination, int sourcePort, int destinationPort,
                             int icmpType, int icmpCode, int icmpId, long packets, long bytes) {
    public static final int ABSENT = -1;

    /** The hash key of this direction for an entry of the given IP protocol. */
    public ConntrackKey key(int protocol) {
        if (icmpType != ABSENT) {
            return ConntrackKey.icmp(protocol, source, destination, icmpType, icmpId);
        }
        return ConntrackKey.of(protocol, source, sourcePort, destination, destinationPort);
    }

    public ConntrackEndpoint sourceEndpoint() {
        return new ConntrackEndpoint(source, sourcePort);
    }

    public ConntrackEndpoint destinationEndpoint() {
        return new ConntrackEndpoint(destination, destinationPort);
    }
}
