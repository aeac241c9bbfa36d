package io.hoptrace.rules.model;

/**
 * What one packet of a journey was, from its first sighting: the fields rules ask about without going back to the
 * bytes. Numbers that do not apply are -1.
 *
 * @param length        inner IP datagram length at the first hop (the whole datagram, or the first fragment)
 * @param ipId          IPv4 identification, or -1 (IPv6)
 * @param dontFragment  IPv4 DF set; always true for IPv6, which routers never fragment
 * @param tcpFlags      TCP flags (TcpDecoder.SYN, ...), or -1
 * @param sequence      TCP sequence number, or an ICMP echo's identifier &lt;&lt; 16 | sequence, or -1
 * @param payloadLength transport payload length (TCP/UDP), or -1
 * @param mss           MSS option of a SYN, or -1
 * @param icmpType      ICMP/ICMPv6 type, or -1
 * @param icmpCode      ICMP/ICMPv6 code, or -1
 * @param retransmission the same packet (same fingerprint) was seen before at its first hop, or TCP data at or
 *                      below what was already sent
 */
public record PacketInfo(int length, int ipId, boolean dontFragment, int tcpFlags, long sequence, int payloadLength,
                         int mss, int icmpType, int icmpCode, boolean retransmission) {
    public boolean tcp() {
        return tcpFlags >= 0;
    }

    public boolean syn() {
        return tcpFlags >= 0 && (tcpFlags & 0x02) != 0 && (tcpFlags & 0x10) == 0;
    }

    public boolean synAck() {
        return tcpFlags >= 0 && (tcpFlags & 0x12) == 0x12;
    }
}
