package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * The original datagram an ICMP or ICMPv6 error quotes. Its layers are decoded by the ordinary IP decoders inside
 * {@link Dissection#beginQuote()}, so they come out marked quoted: a rule looking for the packet's own addresses
 * skips them, and their shortness reads as truncated, never malformed (routers quote only the first bytes).
 */
public final class IcmpQuote {
    private IcmpQuote() {
    }

    /** Decodes {@code b[offset, limit)} as a quoted datagram, unless this error is itself inside a quote. */
    static void decode(Dissection d, LayerDecoder ip, byte[] b, int offset, int limit) {
        if (d.inQuote() || ip == null || offset >= limit) {
            return;
        }
        d.beginQuote();
        try {
            ip.decode(d, b, offset, limit);
        } finally {
            d.endQuote();
        }
    }

    /** The quoted IP layer of the ICMP error at {@code layer}, or -1 when it quotes nothing decodable. */
    public static int quotedIp(Dissection d, int layer) {
        int next = layer + 1;
        if (next < d.layerCount() && d.quoted(next) && !d.quoted(layer) && IpLayers.isIp(d.protocol(next))) {
            return next;
        }
        return -1;
    }

    /** The quoted transport layer (TCP, UDP, ICMP...) after the quoted IP layer, or -1. */
    public static int quotedTransport(Dissection d, int layer) {
        int ip = quotedIp(d, layer);
        int next = ip + 1;
        if (ip < 0 || next >= d.layerCount() || !d.quoted(next)) {
            return -1;
        }
        return next;
    }

    /** Appends {@code " for 10.244.1.5.40000 > 10.244.2.7.80 tcp"}, or nothing when no addresses were quoted. */
    static void appendFor(Dissection d, int layer, TextLine out) {
        int ip = quotedIp(d, layer);
        if (ip < 0 || !IpLayers.hasAddresses(d, ip)) {
            return;
        }
        out.append(" for ");
        IpLayers.appendFlow(d, ip, quotedTransport(d, layer), out).append(' ');
        int proto = d.protocol(ip) == Protocol.IPV4 ? Ipv4Decoder.protocol(d, ip) : Ipv6Decoder.upperProtocol(d, ip);
        switch (proto) {
            case IpLayers.TCP -> out.append("tcp");
            case IpLayers.UDP -> out.append("udp");
            case IpLayers.ICMP -> out.append("icmp");
            case IpLayers.ICMPV6 -> out.append("icmp6");
            default -> {
                String name = IpLayers.protocolName(proto);
                if (name != null) {
                    out.append(name);
                } else {
                    out.append("proto ").append(proto);
                }
            }
        }
    }

    /** ICMP's "length": the message length by its IP header (captured or not). */
    static int messageLength(Dissection d, int layer) {
        int ip = IpLayers.parentIp(d, layer);
        int end = ip >= 0 ? Math.max(d.end(layer), IpLayers.claimedEnd(d, ip)) : d.end(layer);
        return end - d.offset(layer);
    }
}
