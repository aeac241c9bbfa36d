package io.hoptrace.rules.model;

import io.hoptrace.rules.PacketRef;

/**
 * An ICMP or ICMPv6 error seen on the wire (first sighting of each), with the packet it quotes.
 *
 * @param version      4 (ICMP) or 6 (ICMPv6)
 * @param type         ICMP type (3 unreachable, 11 time exceeded; ICMPv6 1, 2 packet too big, 3)
 * @param code         ICMP code (3/4 is fragmentation needed)
 * @param mtu          next-hop MTU of "fragmentation needed" or "packet too big", else -1
 * @param from         who sent the error
 * @param to           who it was sent to (the quoted packet's source, usually)
 * @param quoted       the quoted packet's 5-tuple, or null when nothing decodable was quoted
 * @param quotedLength the quoted datagram's own total length (what was too big), or -1
 * @param quotedDf     the quoted IPv4 packet had DF set
 * @param causeJourney journey of the quoted packet when it was kept, or null
 * @param causeFlow    flow id of the quoted packet, or -1
 * @param journey      this error's own journey, or null
 */
public record IcmpErrorEvent(PacketRef packet, String node, String iface, Direction direction, long timeNanos,
                             int version, int type, int code, int mtu, Endpoint from, Endpoint to, FlowKey quoted,
                             int quotedLength, boolean quotedDf, Integer causeJourney, int causeFlow,
                             Integer journey) {
    /** IPv4 fragmentation needed (3/4) or ICMPv6 packet too big (2). */
    public boolean fragmentationNeeded() {
        return version == 4 ? type == 3 && code == 4 : type == 2;
    }
}
