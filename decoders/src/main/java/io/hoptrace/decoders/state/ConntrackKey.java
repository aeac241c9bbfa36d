package io.hoptrace.decoders.state;

import java.net.InetAddress;

/**
 * What identifies one direction of a flow, as conntrack hashes it: protocol, addresses and ports. For ICMP and
 * ICMPv6 the "ports" are the echo identifier and the message type, so an echo request (type 8) finds the original
 * tuple and the echo reply (type 0, same identifier) the reply tuple.
 */
public record ConntrackKey(int protocol, InetAddress source, InetAddress destination, int sourcePort,
                           int destinationPort) {

    public static ConntrackKey of(int protocol, InetAddress source, int sourcePort, InetAddress destination,
                                  int destinationPort) {
        return new ConntrackKey(protocol, source, destination, sourcePort, destinationPort);
    }

    public static ConntrackKey icmp(int protocol, InetAddress source, InetAddress destination, int type, int id) {
        return new ConntrackKey(protocol, source, destination, id, type);
    }
}
