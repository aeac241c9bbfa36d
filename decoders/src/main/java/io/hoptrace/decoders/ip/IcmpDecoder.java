package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * ICMP for IPv4 (RFC 792, 1191). Errors quote the original IPv4 header and at least 8 bytes of what followed;
 * the quote is decoded into quoted layers (see {@link IcmpQuote}). "Fragmentation needed" (3/4) carries the
 * next-hop MTU, the number the MTU rules need.
 */
public final class IcmpDecoder implements LayerDecoder {
    public static final IcmpDecoder INSTANCE = new IcmpDecoder();

    public static final int HEADER = 8;
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    public static final int FRAGMENTATION_NEEDED = 4;

    public static final Anomaly HEADER_SHORT = Anomaly.register("icmp.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 8 bytes for the ICMP header");
    public static final Anomaly CHECKSUM_BAD = Anomaly.register("icmp.checksum.bad", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "checksum does not match");

    private IcmpDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.ICMP;
    }

    /** True for the types that quote the datagram that caused them. */
    public static boolean isError(int type) {
        return type == DESTINATION_UNREACHABLE || type == SOURCE_QUENCH || type == REDIRECT
                || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER) {
            int i = d.addLayer(Protocol.ICMP, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int i = d.addLayer(Protocol.ICMP, this, b, offset, HEADER, limit);
        if (i < 0) {
            return;
        }
        if (IpLayers.verifiable(d, IpLayers.parentIp(d, i), limit)
                && !InternetChecksum.verifies(InternetChecksum.add(0, b, offset, available))) {
            d.anomaly(i, CHECKSUM_BAD, offset + 2, 2);
        }
        if (isError(b[offset] & 0xFF)) {
            IcmpQuote.decode(d, d.registry().etherType(0x0800), b, offset + HEADER, limit);
        }
    }

    // ---- field access (the 8-byte header must be there: check hasHeader) ------------------------------------

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER;
    }

    public static int type(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer));
    }

    public static int code(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 1);
    }

    /** The next-hop MTU of a "fragmentation needed" (3/4), or -1 for any other message. */
    public static int mtu(Dissection d, int layer) {
        if (!hasHeader(d, layer) || type(d, layer) != DESTINATION_UNREACHABLE
                || code(d, layer) != FRAGMENTATION_NEEDED) {
            return -1;
        }
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 6);
    }

    /** Echo identifier (bytes 4-5). */
    public static int identifier(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 4);
    }

    /** Echo sequence number (bytes 6-7). */
    public static int sequence(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 6);
    }

    /** The quoted IPv4 layer of an error, or -1. */
    public static int quotedIp(Dissection d, int layer) {
        return IcmpQuote.quotedIp(d, layer);
    }

    private static String unreachable(int code) {
        return switch (code) {
            case 0 -> "net";
            case 1 -> "host";
            case 2 -> "protocol";
            case 3 -> "port";
            case 4 -> "need to frag";
            case 5 -> "source route failed";
            case 6 -> "net unknown";
            case 7 -> "host unknown";
            case 8 -> "source host isolated";
            case 9 -> "net prohibited";
            case 10 -> "host prohibited";
            case 11 -> "net for tos";
            case 12 -> "host for tos";
            case 13 -> "admin prohibited filter";
            case 14 -> "host precedence violation";
            case 15 -> "precedence cutoff";
            default -> null;
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case ECHO_REPLY -> "echo reply";
            case DESTINATION_UNREACHABLE -> "unreachable";
            case SOURCE_QUENCH -> "source quench";
            case REDIRECT -> "redirect";
            case ECHO_REQUEST -> "echo request";
            case 9 -> "router advertisement";
            case 10 -> "router solicitation";
            case TIME_EXCEEDED -> "time exceeded";
            case PARAMETER_PROBLEM -> "parameter problem";
            case 13 -> "time stamp request";
            case 14 -> "time stamp reply";
            case 15 -> "information request";
            case 16 -> "information reply";
            case 17 -> "address mask request";
            case 18 -> "address mask reply";
            default -> null;
        };
    }

    /**
     * {@code ICMP echo request, id 7, seq 1, length 64}; errors name the quoted flow:
     * {@code ICMP unreachable - need to frag (mtu 1450) for 10.244.1.5.40000 > 10.244.2.7.80 tcp, length 556}.
     */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        out.append("ICMP ");
        if (!hasHeader(d, layer)) {
            out.append("[|icmp]");
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
                if (code == FRAGMENTATION_NEEDED) {
                    out.append(" (mtu ").append(mtu(d, layer)).append(')');
                }
            }
            case REDIRECT -> {
                out.append(code == 0 || code == 2 ? " net" : " host").append(" to ");
                out.appendIpv4(d.bytes(layer), d.offset(layer) + 4);
            }
            case TIME_EXCEEDED -> out.append(code == 1 ? " reassembly" : " in-transit");
            case PARAMETER_PROBLEM -> out.append(" - octet ").append(Bytes.u8(d.bytes(layer), d.offset(layer) + 4));
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
            case ECHO_REQUEST, ECHO_REPLY, 13, 14, 15, 16, 17, 18 -> {
                out.field("id", identifier(d, layer), o + 4, 2);
                out.field("seq", sequence(d, layer), o + 6, 2);
            }
            case DESTINATION_UNREACHABLE -> {
                if (code(d, layer) == FRAGMENTATION_NEEDED) {
                    out.field("mtu", mtu(d, layer), o + 6, 2);
                }
            }
            case REDIRECT -> out.field("gateway", Bytes.ipv4(b, o + 4), o + 4, 4);
            case PARAMETER_PROBLEM -> out.field("pointer", Bytes.u8(b, o + 4), o + 4, 1);
            default -> {
            }
        }
        int quoted = quotedIp(d, layer);
        if (quoted >= 0) {
            out.field("quoted-layer", quoted, d.offset(quoted), 0);
        }
    }
}
