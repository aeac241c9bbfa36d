package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/** What transport decoders and printers need from the IP layer under them, for IPv4 and IPv6 alike. */
public final class IpLayers {
    public static final int ICMP = 1;
    public static final int IPIP = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int IPV6 = 41;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;

    private IpLayers() {
    }

    public static boolean isIp(Protocol p) {
        return p == Protocol.IPV4 || p == Protocol.IPV6;
    }

    /** The IP layer that carries {@code layer}: the nearest IPv4 or IPv6 layer before it, or -1. */
    public static int parentIp(Dissection d, int layer) {
        for (int i = layer - 1; i >= 0; i--) {
            if (isIp(d.protocol(i))) {
                return i;
            }
        }
        return -1;
    }

    /** True when the IP layer's header (addresses included) is all there. */
    public static boolean hasAddresses(Dissection d, int ipLayer) {
        return d.headerLength(ipLayer) >= (d.protocol(ipLayer) == Protocol.IPV4 ? Ipv4Decoder.MIN_HEADER
                : Ipv6Decoder.HEADER);
    }

    /**
     * Where the IP layer's datagram ends by its own length field: past the captured bytes when the capture or the
     * ICMP quote cut it. A zero length (GSO, BIG TCP, jumbograms) counts as what was captured.
     */
    public static int claimedEnd(Dissection d, int ipLayer) {
        byte[] b = d.bytes(ipLayer);
        int off = d.offset(ipLayer);
        if (!hasAddresses(d, ipLayer)) {
            return d.end(ipLayer);
        }
        if (d.protocol(ipLayer) == Protocol.IPV4) {
            int total = Bytes.u16(b, off + 2);
            return total == 0 ? d.end(ipLayer) : off + total;
        }
        int payload = Bytes.u16(b, off + 4);
        return payload == 0 ? d.end(ipLayer) : off + Ipv6Decoder.HEADER + payload;
    }

    /** True when every byte the IP layer claims was captured (then transport checksums can be verified). */
    public static boolean complete(Dissection d, int ipLayer) {
        return d.end(ipLayer) == claimedEnd(d, ipLayer);
    }

    /** True when the IP layer's length field is 0 (GSO, BIG TCP, jumbograms). */
    public static boolean lengthZero(Dissection d, int ipLayer) {
        if (!hasAddresses(d, ipLayer)) {
            return false;
        }
        int at = d.protocol(ipLayer) == Protocol.IPV4 ? 2 : 4;
        return Bytes.u16(d.bytes(ipLayer), d.offset(ipLayer) + at) == 0;
    }

    /**
     * True when a payload checksum over {@code [.., limit)} under this IP layer is to be verified: the
     * configuration asks for it ({@link io.hoptrace.decoders.DecoderConfig#verifyChecksums}), and the packet is
     * its own (not quoted, not a fragment's part), decoded fine, and every byte it claims captured. Super-packets
     * with length 0 carry checksums meant for the segments the NIC will cut them into, so they are not checked.
     */
    public static boolean verifiable(Dissection d, int ipLayer, int limit) {
        return ipLayer >= 0 && d.registry().verifyChecksums() && !d.inQuote() && !d.fragmentPayload() && d.status(ipLayer) == LayerStatus.OK
                && limit == d.end(ipLayer) && complete(d, ipLayer) && !lengthZero(d, ipLayer);
    }

    /** The pseudo-header part of a TCP, UDP or ICMPv6 checksum (RFC 793, RFC 8200 section 8.1). */
    public static long pseudoHeaderSum(Dissection d, int ipLayer, int protocol, int length) {
        byte[] b = d.bytes(ipLayer);
        int off = d.offset(ipLayer);
        long sum;
        if (d.protocol(ipLayer) == Protocol.IPV4) {
            sum = InternetChecksum.add(0, b, off + 12, 8);
        } else {
            sum = InternetChecksum.add(0, b, off + 8, 32);
        }
        return sum + protocol + (length >>> 16) + (length & 0xFFFF);
    }

    /** Appends the source address of an IP layer. */
    public static TextLine appendSource(Dissection d, int ipLayer, TextLine out) {
        return appendAddress(d, ipLayer, d.protocol(ipLayer) == Protocol.IPV4 ? 12 : 8, out);
    }

    public static TextLine appendDestination(Dissection d, int ipLayer, TextLine out) {
        return appendAddress(d, ipLayer, d.protocol(ipLayer) == Protocol.IPV4 ? 16 : 24, out);
    }

    private static TextLine appendAddress(Dissection d, int ipLayer, int at, TextLine out) {
        byte[] b = d.bytes(ipLayer);
        int off = d.offset(ipLayer) + at;
        return d.protocol(ipLayer) == Protocol.IPV4 ? out.appendIpv4(b, off) : out.appendIpv6(b, off);
    }

    /**
     * Appends {@code src.sport > dst.dport} (ports only when {@code transport} is TCP or UDP with its ports
     * captured; -1 for none), tcpdump's way of naming a flow.
     */
    public static TextLine appendFlow(Dissection d, int ipLayer, int transport, TextLine out) {
        boolean ports = transport >= 0 && hasPorts(d, transport);
        appendSource(d, ipLayer, out);
        if (ports) {
            out.append('.').append(Bytes.u16(d.bytes(transport), d.offset(transport)));
        }
        out.append(" > ");
        appendDestination(d, ipLayer, out);
        if (ports) {
            out.append('.').append(Bytes.u16(d.bytes(transport), d.offset(transport) + 2));
        }
        return out;
    }

    /** True for a TCP or UDP layer whose two port fields were captured. */
    public static boolean hasPorts(Dissection d, int layer) {
        Protocol p = d.protocol(layer);
        return (p == Protocol.TCP || p == Protocol.UDP) && d.end(layer) - d.offset(layer) >= 4;
    }

    /** Upper-case protocol name as tcpdump prints it ({@code UDP}), or null for numbers it has no name for. */
    public static String protocolName(int protocol) {
        return switch (protocol) {
            case 0 -> "HBH";
            case ICMP -> "ICMP";
            case 2 -> "IGMP";
            case IPIP -> "IPIP";
            case TCP -> "TCP";
            case UDP -> "UDP";
            case IPV6 -> "IPv6";
            case GRE -> "GRE";
            case ESP -> "ESP";
            case AH -> "AH";
            case ICMPV6 -> "ICMPv6";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 112 -> "VRRP";
            case 132 -> "SCTP";
            default -> null;
        };
    }

    /** Appends {@code UDP} or, for a number without a name, {@code 253}. */
    public static TextLine appendProtocol(int protocol, TextLine out) {
        String name = protocolName(protocol);
        return name != null ? out.append(name) : out.append(protocol);
    }
}
