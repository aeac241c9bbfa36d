package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * ICMPv6 (RFC 4443, neighbor discovery RFC 4861). Errors (types below 128) quote the original IPv6 packet, which
 * is decoded into quoted layers. "Packet too big" carries the 32-bit MTU of the link that could not forward: IPv6
 * routers never fragment, so this message is how path MTU problems show. ND options are not decoded.
 */
public final class Icmpv6Decoder implements LayerDecoder {
    public static final Icmpv6Decoder INSTANCE = new Icmpv6Decoder();

    public static final int HEADER = 8;
    public static final int DESTINATION_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int ROUTER_SOLICITATION = 133;
    public static final int ROUTER_ADVERTISEMENT = 134;
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    public static final int REDIRECT = 137;

    public static final Anomaly HEADER_SHORT = Anomaly.register("icmpv6.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer bytes than the ICMPv6 message type needs");
    public static final Anomaly CHECKSUM_BAD = Anomaly.register("icmpv6.checksum.bad", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "checksum does not match");

    private Icmpv6Decoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.ICMPV6;
    }

    public static boolean isError(int type) {
        return type < 128;
    }

    /** The fixed part a type needs: 8 bytes, 24 for neighbor messages (target), 40 for redirects. */
    private static int fixedLength(int type) {
        return switch (type) {
            case NEIGHBOR_SOLICITATION, NEIGHBOR_ADVERTISEMENT -> 24;
            case REDIRECT -> 40;
            case ROUTER_ADVERTISEMENT -> 16;
            default -> HEADER;
        };
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        int need = fixedLength(b[offset] & 0xFF);
        if (available < need) {
            int i = d.addLayer(Protocol.ICMPV6, this, b, offset, Math.min(available, HEADER), limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int i = d.addLayer(Protocol.ICMPV6, this, b, offset, need, limit);
        if (i < 0) {
            return;
        }
        int ip = IpLayers.parentIp(d, i);
        if (IpLayers.verifiable(d, ip, limit) && d.protocol(ip) == Protocol.IPV6) {
            long sum = IpLayers.pseudoHeaderSum(d, ip, IpLayers.ICMPV6, available);
            if (!InternetChecksum.verifies(InternetChecksum.add(sum, b, offset, available))) {
                d.anomaly(i, CHECKSUM_BAD, offset + 2, 2);
            }
        }
        if (isError(b[offset] & 0xFF)) {
            IcmpQuote.decode(d, d.registry().etherType(0x86DD), b, offset + HEADER, limit);
        }
    }

    // ---- field access ----------------------------------------------------------------------------------------

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER;
    }

    public static int type(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer));
    }

    public static int code(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 1);
    }

    /** The MTU of a "packet too big", or -1 for any other message. */
    public static long mtu(Dissection d, int layer) {
        if (!hasHeader(d, layer) || type(d, layer) != PACKET_TOO_BIG) {
            return -1;
        }
        return Bytes.u32(d.bytes(layer), d.offset(layer) + 4);
    }

    public static int identifier(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 4);
    }

    public static int sequence(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 6);
    }

    /** Offset of the target address of a neighbor solicitation/advertisement or redirect, or -1. */
    public static int targetOffset(Dissection d, int layer) {
        int type = type(d, layer);
        boolean hasTarget = type == NEIGHBOR_SOLICITATION || type == NEIGHBOR_ADVERTISEMENT || type == REDIRECT;
        return hasTarget && d.headerLength(layer) >= fixedLength(type) ? d.offset(layer) + 8 : -1;
    }

    public static int quotedIp(Dissection d, int layer) {
        return IcmpQuote.quotedIp(d, layer);
    }

    private static String typeName(int type) {
        return switch (type) {
            case DESTINATION_UNREACHABLE -> "destination unreachable";
            case PACKET_TOO_BIG -> "packet too big";
            case TIME_EXCEEDED -> "time exceeded";
            case PARAMETER_PROBLEM -> "parameter problem";
            case ECHO_REQUEST -> "echo request";
            case ECHO_REPLY -> "echo reply";
            case 130 -> "multicast listener query";
            case 131 -> "multicast listener report";
            case 132 -> "multicast listener done";
            case ROUTER_SOLICITATION -> "router solicitation";
            case ROUTER_ADVERTISEMENT -> "router advertisement";
            case NEIGHBOR_SOLICITATION -> "neighbor solicitation";
            case NEIGHBOR_ADVERTISEMENT -> "neighbor advertisement";
            case REDIRECT -> "redirect";
            case 143 -> "multicast listener report v2";
            default -> null;
        };
    }

    private static String unreachable(int code) {
        return switch (code) {
            case 0 -> "no route";
            case 1 -> "admin prohibited";
            case 2 -> "beyond scope";
            case 3 -> "address";
            case 4 -> "port";
            case 5 -> "source address failed policy";
            case 6 -> "reject route";
            case 7 -> "source routing header error";
            default -> null;
        };
    }

    /**
     * {@code ICMP6, echo request, id 5, seq 2, length 16}, {@code ICMP6, neighbor solicitation, who has fe80::2,
     * length 32}, {@code ICMP6, packet too big, mtu 1450 for 2001:db8::1.40000 > 2001:db8::2.443 tcp, length 72}.
     */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        out.append("ICMP6, ");
        if (!hasHeader(d, layer)) {
            out.append("[|icmp6]");
            return;
        }
        int type = type(d, layer);
        int code = code(d, layer);
        String name = typeName(type);
        if (name != null) {
            out.append(name);
        } else {
            out.append("type ").append(type);
        }
        int target = targetOffset(d, layer);
        switch (type) {
            case ECHO_REQUEST, ECHO_REPLY -> out.append(", id ").append(identifier(d, layer)).append(", seq ")
                    .append(sequence(d, layer));
            case DESTINATION_UNREACHABLE -> {
                String reason = unreachable(code);
                out.append(" - ");
                if (reason != null) {
                    out.append(reason);
                } else {
                    out.append("code ").append(code);
                }
            }
            case PACKET_TOO_BIG -> out.append(", mtu ").append(mtu(d, layer));
            case TIME_EXCEEDED -> out.append(code == 1 ? " reassembly" : " in-transit");
            case PARAMETER_PROBLEM -> out.append(" - octet ").append(Bytes.u32(d.bytes(layer), d.offset(layer) + 4));
            case NEIGHBOR_SOLICITATION -> {
                if (target >= 0) {
                    out.append(", who has ").appendIpv6(d.bytes(layer), target);
                }
            }
            case NEIGHBOR_ADVERTISEMENT -> {
                if (target >= 0) {
                    out.append(", tgt is ").appendIpv6(d.bytes(layer), target);
                }
            }
            case REDIRECT -> {
                if (target >= 0) {
                    out.append(' ').appendIpv6(d.bytes(layer), target + 16).append(" to ")
                            .appendIpv6(d.bytes(layer), target);
                }
            }
            default -> {
                if (name == null || code != 0) {
                    out.append(", code ").append(code);
                }
            }
        }
        if (isError(type)) {
            IcmpQuote.appendFor(d, layer, out);
        }
        out.append(", length ").append(IcmpQuote.messageLength(d, layer));
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        if (!hasHeader(d, layer)) {
            return;
        }
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        int type = type(d, layer);
        out.field("type", type, o, 1);
        out.field("code", code(d, layer), o + 1, 1);
        out.field("checksum", Bytes.u16(b, o + 2), o + 2, 2);
        switch (type) {
            case ECHO_REQUEST, ECHO_REPLY -> {
                out.field("id", identifier(d, layer), o + 4, 2);
                out.field("seq", sequence(d, layer), o + 6, 2);
            }
            case PACKET_TOO_BIG -> out.field("mtu", mtu(d, layer), o + 4, 4);
            case PARAMETER_PROBLEM -> out.field("pointer", Bytes.u32(b, o + 4), o + 4, 4);
            case NEIGHBOR_ADVERTISEMENT -> {
                int flags = Bytes.u8(b, o + 4);
                out.field("flags.router", (flags & 0x80) != 0, o + 4, 1);
                out.field("flags.solicited", (flags & 0x40) != 0, o + 4, 1);
                out.field("flags.override", (flags & 0x20) != 0, o + 4, 1);
            }
            case ROUTER_ADVERTISEMENT -> {
                if (d.headerLength(layer) >= 16) {
                    out.field("cur-hop-limit", Bytes.u8(b, o + 4), o + 4, 1);
                    out.field("router-lifetime", Bytes.u16(b, o + 6), o + 6, 2);
                }
            }
            default -> {
            }
        }
        int target = targetOffset(d, layer);
        if (target >= 0) {
            out.field("target", Bytes.ipv6(b, target), target, 16);
            if (type == REDIRECT) {
                out.field("destination", Bytes.ipv6(b, target + 16), target + 16, 16);
            }
        }
        int quoted = quotedIp(d, layer);
        if (quoted >= 0) {
            out.field("quoted-layer", quoted, d.offset(quoted), 0);
        }
    }
}
