package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.ip.IcmpDecoder;
import io.hoptrace.decoders.ip.IcmpQuote;
import io.hoptrace.decoders.ip.Icmpv6Decoder;
import io.hoptrace.decoders.ip.IpLayers;
import io.hoptrace.decoders.ip.Ipv4Decoder;
import io.hoptrace.decoders.ip.Ipv6Decoder;
import io.hoptrace.decoders.link.LinuxCooked;
import io.hoptrace.decoders.link.Sll2Decoder;
import io.hoptrace.decoders.link.SllDecoder;
import io.hoptrace.decoders.transport.TcpDecoder;
import io.hoptrace.decoders.transport.UdpDecoder;
import io.hoptrace.decoders.tunnel.VxlanDecoder;

/**
 * Fills an {@link Observation} from a decoded frame: the capture point (SLL2 interface index and direction), the
 * tunnels around the packet, the innermost own IP header and transport fields, an ICMP error's quoted packet, and
 * the fingerprint. Reads through the decoders' static accessors; allocates nothing.
 */
public final class ObservationExtractor {
    /** DNS is UDP port 53 (RFC 1035); port 5353 is multicast DNS, which does not retry this way. */
    static final int DNS_PORT = 53;
    private static final int DNS_HEADER = 12;
    private static final int DNS_MAX_NAME = 255;

    private ObservationExtractor() {
    }

    /**
     * Fills {@code o} from {@code d}; {@code fallbackIfKey} (the pcapng interface id) is used when the link layer
     * names no interface. Returns false when the frame has no usable IP layer (then only the capture point is set).
     */
    public static boolean extract(Dissection d, Observation o, int fallbackIfKey) {
        o.clear();
        o.number = d.number();
        o.timeNanos = d.timestampNanos();
        o.wireLength = d.wireLength();
        capturePoint(d, o, fallbackIfKey);

        int n = d.layerCount();
        int inner = -1;
        for (int i = 0; i < n; i++) {
            Protocol p = d.protocol(i);
            if (d.quoted(i)) {
                continue;
            }
            if ((p == Protocol.IPV4 || p == Protocol.IPV6) && IpLayers.hasAddresses(d, i)) {
                inner = i;
            } else if (p == Protocol.BGP && o.bgpLayer < 0) {
                o.bgpLayer = i;
            }
        }
        if (inner < 0) {
            return false;
        }
        tunnels(d, o, inner);
        ip(d, o, inner);
        int t = inner + 1;
        if (t < n && !d.quoted(t) && d.depth(t) == d.depth(inner)) {
            transport(d, o, t);
        } else {
            t = -1;
        }
        o.fingerprint = Fingerprints.of(d, o, inner, t);
        return true;
    }

    private static void capturePoint(Dissection d, Observation o, int fallbackIfKey) {
        o.ifKey = fallbackIfKey;
        o.direction = Observation.DIR_UNKNOWN;
        if (d.layerCount() == 0) {
            return;
        }
        Protocol link = d.protocol(0);
        if (link == Protocol.SLL2 && Sll2Decoder.hasHeader(d, 0)) {
            o.ifKey = Sll2Decoder.interfaceIndex(d, 0);
            o.sll2 = true;
            o.direction = Sll2Decoder.outgoing(d, 0) ? Observation.DIR_OUT : Observation.DIR_IN;
        } else if (link == Protocol.SLL && SllDecoder.hasHeader(d, 0)) {
            o.direction = SllDecoder.packetType(d, 0) == LinuxCooked.OUTGOING ? Observation.DIR_OUT
                    : Observation.DIR_IN;
        }
    }

    /** Records every tunnel outside {@code inner}: VXLAN layers and IP layers directly inside an IP layer. */
    private static void tunnels(Dissection d, Observation o, int inner) {
        int outermostIp = -1;
        for (int i = 0; i < inner; i++) {
            Protocol p = d.protocol(i);
            if (d.quoted(i)) {
                continue;
            }
            if (IpLayers.isIp(p) && outermostIp < 0) {
                outermostIp = i;
            }
            if (o.encapCount == Observation.MAX_ENCAP) {
                continue;
            }
            if (p == Protocol.VXLAN && d.headerLength(i) >= VxlanDecoder.HEADER_LENGTH) {
                int ip = IpLayers.parentIp(d, i);
                if (ip < 0) {
                    continue;
                }
                int k = o.encapCount++;
                o.encapType[k] = Observation.ENCAP_VXLAN;
                o.encapVni[k] = VxlanDecoder.vni(d.bytes(i), d.offset(i));
                outer(d, o, k, ip);
                int udp = i - 1;
                if (udp >= 0 && d.protocol(udp) == Protocol.UDP && UdpDecoder.hasHeader(d, udp)) {
                    o.encapSport[k] = UdpDecoder.sourcePort(d, udp);
                    o.encapDport[k] = UdpDecoder.destinationPort(d, udp);
                }
            } else if (IpLayers.isIp(p) && i + 1 <= inner && IpLayers.isIp(d.protocol(i + 1))
                    && d.depth(i + 1) > d.depth(i) && IpLayers.hasAddresses(d, i)) {
                int k = o.encapCount++;
                o.encapType[k] = d.protocol(i + 1) == Protocol.IPV6 ? Observation.ENCAP_IP6IP
                        : Observation.ENCAP_IPIP;
                o.encapVni[k] = -1;
                o.encapSport[k] = -1;
                o.encapDport[k] = -1;
                outer(d, o, k, i);
            }
        }
        if (o.encapCount > 0 && outermostIp >= 0 && d.bytes(outermostIp) == d.bytes(inner)) {
            o.encapBytes = d.offset(inner) - d.offset(outermostIp);
        }
    }

    private static void outer(Dissection d, Observation o, int k, int ip) {
        byte[] b = d.bytes(ip);
        int off = d.offset(ip);
        if (d.protocol(ip) == Protocol.IPV4) {
            o.encapSrcHi[k] = 0;
            o.encapSrcLo[k] = Addresses.v4Lo(Ipv4Decoder.source(d, ip));
            o.encapDstHi[k] = 0;
            o.encapDstLo[k] = Addresses.v4Lo(Ipv4Decoder.destination(d, ip));
        } else {
            o.encapSrcHi[k] = Addresses.v6Hi(b, off + 8);
            o.encapSrcLo[k] = Addresses.v6Lo(b, off + 8);
            o.encapDstHi[k] = Addresses.v6Hi(b, off + 24);
            o.encapDstLo[k] = Addresses.v6Lo(b, off + 24);
        }
        o.encapSport[k] = -1;
        o.encapDport[k] = -1;
    }

    private static void ip(Dissection d, Observation o, int ip) {
        byte[] b = d.bytes(ip);
        int off = d.offset(ip);
        int claimed = IpLayers.claimedEnd(d, ip) - off;
        o.ipLength = claimed > 0 ? claimed : d.end(ip) - off;
        if (d.protocol(ip) == Protocol.IPV4) {
            o.ipVersion = 4;
            o.srcHi = 0;
            o.srcLo = Addresses.v4Lo(Ipv4Decoder.source(d, ip));
            o.dstHi = 0;
            o.dstLo = Addresses.v4Lo(Ipv4Decoder.destination(d, ip));
            o.protocol = Ipv4Decoder.protocol(d, ip);
            o.ipId = Ipv4Decoder.identification(d, ip);
            o.dontFragment = Ipv4Decoder.dontFragment(d, ip);
            o.moreFragments = Ipv4Decoder.moreFragments(d, ip);
            o.fragmentOffset = Ipv4Decoder.fragmentOffset(d, ip);
            o.fragment = o.moreFragments || o.fragmentOffset != 0;
            o.ttl = Ipv4Decoder.ttl(d, ip);
        } else {
            o.ipVersion = 6;
            o.srcHi = Addresses.v6Hi(b, off + 8);
            o.srcLo = Addresses.v6Lo(b, off + 8);
            o.dstHi = Addresses.v6Hi(b, off + 24);
            o.dstLo = Addresses.v6Lo(b, off + 24);
            o.ttl = Ipv6Decoder.hopLimit(d, ip);
            o.dontFragment = true;
            if (Ipv6Decoder.isFragment(d, ip)) {
                o.fragment = true;
                o.ipId = Ipv6Decoder.identification(d, ip);
                o.fragmentOffset = Ipv6Decoder.fragmentOffset(d, ip);
                o.moreFragments = Ipv6Decoder.moreFragments(d, ip);
                o.protocol = Ipv6Decoder.fragmentedProtocol(d, ip);
            } else {
                o.protocol = Ipv6Decoder.upperProtocol(d, ip);
            }
        }
    }

    private static void transport(Dissection d, Observation o, int t) {
        o.transportLayer = t;
        Protocol p = d.protocol(t);
        if (p == Protocol.TCP) {
            if (d.end(t) - d.offset(t) >= 4) {
                o.sport = TcpDecoder.sourcePort(d, t);
                o.dport = TcpDecoder.destinationPort(d, t);
            }
            if (TcpDecoder.hasHeader(d, t)) {
                o.tcpFlags = TcpDecoder.flags(d, t);
                o.tcpSeq = TcpDecoder.sequence(d, t);
                o.tcpAck = TcpDecoder.acknowledgment(d, t);
                o.payloadLength = TcpDecoder.payloadLength(d, t);
                if ((o.tcpFlags & TcpDecoder.SYN) != 0) {
                    o.mss = TcpDecoder.mss(d, t);
                }
            }
        } else if (p == Protocol.UDP) {
            if (d.end(t) - d.offset(t) >= 4) {
                o.sport = UdpDecoder.sourcePort(d, t);
                o.dport = UdpDecoder.destinationPort(d, t);
            }
            if (UdpDecoder.hasHeader(d, t)) {
                o.payloadLength = UdpDecoder.payloadLength(d, t);
                if (o.sport == DNS_PORT || o.dport == DNS_PORT) {
                    dns(d, o, t);
                }
            }
        } else if (p == Protocol.ICMP && IcmpDecoder.hasHeader(d, t)) {
            o.icmpType = IcmpDecoder.type(d, t);
            o.icmpCode = IcmpDecoder.code(d, t);
            o.icmpMtu = IcmpDecoder.mtu(d, t);
            if (o.icmpType == IcmpDecoder.ECHO_REQUEST || o.icmpType == IcmpDecoder.ECHO_REPLY) {
                o.icmpEcho = ((long) IcmpDecoder.identifier(d, t) << 16) | IcmpDecoder.sequence(d, t);
            }
            if (IcmpDecoder.isError(o.icmpType)) {
                quote(d, o, t);
            }
        } else if (p == Protocol.ICMPV6 && Icmpv6Decoder.hasHeader(d, t)) {
            o.icmpType = Icmpv6Decoder.type(d, t);
            o.icmpCode = Icmpv6Decoder.code(d, t);
            o.icmpMtu = (int) Math.min(Integer.MAX_VALUE, Icmpv6Decoder.mtu(d, t));
            if (o.icmpType == Icmpv6Decoder.ECHO_REQUEST || o.icmpType == Icmpv6Decoder.ECHO_REPLY) {
                o.icmpEcho = ((long) Icmpv6Decoder.identifier(d, t) << 16) | Icmpv6Decoder.sequence(d, t);
            }
            if (Icmpv6Decoder.isError(o.icmpType)) {
                quote(d, o, t);
            }
        }
    }

    /**
     * A DNS message's id, flags and first question (RFC 1035 section 4.1). The labels are walked by their lengths
     * (compression pointers do not occur in a question with one name; a cut or odd name leaves the question unset),
     * then the name, type and class are hashed eight bytes at a time with bit 5 of every byte set, which lower-cases
     * ASCII letters: a resolver that randomizes the case of its queries still retries the same question.
     */
    private static void dns(Dissection d, Observation o, int t) {
        byte[] b = d.bytes(t);
        int p = d.payloadOffset(t);
        int end = Math.min(d.end(t), b.length);
        if (end - p < DNS_HEADER) {
            return;
        }
        o.dnsId = u16(b, p);
        o.dnsFlags = u16(b, p + 2);
        if (u16(b, p + 4) == 0) {
            return;
        }
        int name = p + DNS_HEADER;
        int i = name;
        while (true) {
            if (i >= end || i - name > DNS_MAX_NAME) {
                return;
            }
            int len = b[i] & 0xFF;
            if (len == 0) {
                break;
            }
            if (len > 63) {
                return;
            }
            i += 1 + len;
        }
        int stop = i + 5;
        if (stop > end) {
            return;
        }
        long h = stop - name;
        int k = name;
        for (; k + 8 <= stop; k += 8) {
            h = Fingerprints.mix(h ^ (Bytes.u64(b, k) | 0x2020202020202020L));
        }
        long tail = 0;
        for (; k < stop; k++) {
            tail = (tail << 8) | (b[k] & 0xFF) | 0x20;
        }
        long q = Fingerprints.mix(h ^ tail);
        o.dnsQuestion = q == 0 ? 1 : q;
        o.dnsNameOffset = name;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    /** The packet an ICMP error quotes: its addresses, ports, IP id, length and DF bit. */
    private static void quote(Dissection d, Observation o, int icmp) {
        int ip = IcmpQuote.quotedIp(d, icmp);
        if (ip < 0 || !IpLayers.hasAddresses(d, ip)) {
            return;
        }
        o.quoted = true;
        byte[] b = d.bytes(ip);
        int off = d.offset(ip);
        if (d.protocol(ip) == Protocol.IPV4) {
            o.quotedSrcHi = 0;
            o.quotedSrcLo = Addresses.v4Lo(Ipv4Decoder.source(d, ip));
            o.quotedDstHi = 0;
            o.quotedDstLo = Addresses.v4Lo(Ipv4Decoder.destination(d, ip));
            o.quotedProtocol = Ipv4Decoder.protocol(d, ip);
            o.quotedIpId = Ipv4Decoder.identification(d, ip);
            o.quotedLength = Ipv4Decoder.totalLength(d, ip);
            o.quotedDf = Ipv4Decoder.dontFragment(d, ip);
        } else {
            o.quotedSrcHi = Addresses.v6Hi(b, off + 8);
            o.quotedSrcLo = Addresses.v6Lo(b, off + 8);
            o.quotedDstHi = Addresses.v6Hi(b, off + 24);
            o.quotedDstLo = Addresses.v6Lo(b, off + 24);
            o.quotedProtocol = Ipv6Decoder.upperProtocol(d, ip);
            o.quotedLength = Ipv6Decoder.HEADER + Ipv6Decoder.payloadLength(d, ip);
            o.quotedDf = true;
        }
        int t = IcmpQuote.quotedTransport(d, icmp);
        if (t < 0) {
            return;
        }
        Protocol p = d.protocol(t);
        byte[] tb = d.bytes(t);
        int toff = d.offset(t);
        int avail = d.end(t) - toff;
        if ((p == Protocol.TCP || p == Protocol.UDP) && avail >= 4) {
            o.quotedSport = TcpDecoder.sourcePort(d, t);
            o.quotedDport = TcpDecoder.destinationPort(d, t);
            if (p == Protocol.TCP && avail >= 8) {
                o.quotedSequence = TcpDecoder.sequence(d, t);
            }
        } else if ((p == Protocol.ICMP || p == Protocol.ICMPV6) && avail >= 8) {
            o.quotedSequence = ((long) (((tb[toff + 4] & 0xFF) << 8) | (tb[toff + 5] & 0xFF)) << 16)
                    | (((tb[toff + 6] & 0xFF) << 8) | (tb[toff + 7] & 0xFF));
        }
    }
}
