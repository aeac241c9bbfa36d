package io.hoptrace.decoders.link;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.ip.Shortness;

/**
 * PPP (RFC 1661) as libpcap stores it, LINKTYPE_PPP (9) and LINKTYPE_PPP_HDLC (50): the HDLC-like address and
 * control bytes 0xFF 0x03 when the link did not negotiate them away (RFC 1662), then the protocol field, one byte
 * when compressed (an odd first byte) or two. Frames carry no flag sequence, FCS or byte stuffing.
 *
 * <p>The network protocols PPP carries have ethertypes, so the payload goes through the ethertype table: IPv4
 * (0x0021), IPv6 (0x0057), MPLS unicast (0x0281) and multicast (0x0283). Control protocols (LCP, IPCP, CHAP, ...)
 * and unknown numbers stay data. A two-byte protocol with an even low byte breaks RFC 1661's numbering rule and
 * is malformed. On LINKTYPE_PPP_HDLC, a first byte of 0x0F or 0x8F is Cisco HDLC, which hoptrace does not decode.
 */
public final class PppDecoder implements LayerDecoder {
    public static final PppDecoder INSTANCE = new PppDecoder();

    public static final int ADDRESS_ALL_STATIONS = 0xFF;
    public static final int CONTROL_UNNUMBERED = 0x03;
    public static final int IPV4 = 0x0021;
    public static final int IPV6 = 0x0057;
    public static final int MPLS_UNICAST = 0x0281;
    public static final int MPLS_MULTICAST = 0x0283;

    public static final Anomaly HEADER_SHORT = Anomaly.register("ppp.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "no room for the PPP protocol field");
    public static final Anomaly PROTOCOL_INVALID = Anomaly.register("ppp.protocol.invalid", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "PPP protocol number with an even low byte (RFC 1661 makes every protocol odd)");
    public static final Anomaly CISCO_HDLC = Anomaly.register("ppp.framing.cisco-hdlc", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.NOTE, "Cisco HDLC framing in a PPP_HDLC capture, which hoptrace does not decode");

    private PppDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.PPP;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (d.linkType() == LinkType.PPP_HDLC && offset == d.frameStart()
                && (Bytes.u8(b, offset) == 0x0F || Bytes.u8(b, offset) == 0x8F)) {
            DataLayers.unsupported(d, b, offset, limit, CISCO_HDLC);
            return;
        }
        int header = headerLength(b, offset, limit);
        if (header == 0) {
            int i = d.addLayer(Protocol.PPP, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int layer = d.addLayer(Protocol.PPP, this, b, offset, header, limit);
        if (layer < 0) {
            return;
        }
        int protocol = protocolNumber(b, offset, header);
        if ((protocol & 0x01) == 0) {
            Shortness.malformed(d, layer, PROTOCOL_INVALID, offset + header - 2, 2);
            d.registry().handOff(null, d, b, offset + header, limit);
            return;
        }
        d.registry().handOff(next(d, protocol), d, b, offset + header, limit);
    }

    private static LayerDecoder next(Dissection d, int protocol) {
        int etherType = etherType(protocol);
        return etherType < 0 ? null : d.registry().etherType(etherType);
    }

    /** The ethertype of the network protocol a PPP protocol number carries, or -1. */
    public static int etherType(int protocol) {
        return switch (protocol) {
            case IPV4 -> EtherTypes.IPV4;
            case IPV6 -> EtherTypes.IPV6;
            case MPLS_UNICAST -> 0x8847;
            case MPLS_MULTICAST -> 0x8848;
            default -> -1;
        };
    }

    /** Address/control (if there) plus the protocol field, or 0 when they do not fit below {@code limit}. */
    private static int headerLength(byte[] b, int offset, int limit) {
        int p = offset + addressControlLength(b, offset, limit - offset);
        if (p >= limit) {
            return 0;
        }
        int field = (b[p] & 0x01) != 0 ? 1 : 2;
        return p + field <= limit ? p + field - offset : 0;
    }

    private static int addressControlLength(byte[] b, int offset, int available) {
        return available >= 2 && Bytes.u8(b, offset) == ADDRESS_ALL_STATIONS
                && Bytes.u8(b, offset + 1) == CONTROL_UNNUMBERED ? 2 : 0;
    }

    /** The protocol field that ends a complete header of {@code header} bytes at {@code offset}. */
    private static int protocolNumber(byte[] b, int offset, int header) {
        int field = header - addressControlLength(b, offset, header);
        return field == 1 ? Bytes.u8(b, offset + header - 1) : Bytes.u16(b, offset + header - 2);
    }

    // ---- accessors -----------------------------------------------------------------------------------------------

    /** True when the protocol field was captured. */
    public static boolean hasHeader(Dissection d, int layer) {
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        return headerLength(b, o, o + d.headerLength(layer)) == d.headerLength(layer);
    }

    /** True when the frame carries the 0xFF 0x03 address and control bytes. */
    public static boolean hasAddressControl(Dissection d, int layer) {
        return addressControlLength(d.bytes(layer), d.offset(layer), d.headerLength(layer)) == 2;
    }

    /** The protocol number; callers check {@link #hasHeader} first. */
    public static int protocolNumber(Dissection d, int layer) {
        return protocolNumber(d.bytes(layer), d.offset(layer), d.headerLength(layer));
    }

    /** The name of a PPP protocol number, or null. */
    public static String name(int protocol) {
        return switch (protocol) {
            case IPV4 -> "IP";
            case IPV6 -> "IPv6";
            case MPLS_UNICAST -> "MPLS";
            case MPLS_MULTICAST -> "MPLS multicast";
            case 0x003D -> "Multilink";
            case 0x8021 -> "IPCP";
            case 0x8057 -> "IP6CP";
            case 0x80FD -> "CCP";
            case 0x8281 -> "MPLSCP";
            case 0xC021 -> "LCP";
            case 0xC023 -> "PAP";
            case 0xC025 -> "LQR";
            case 0xC223 -> "CHAP";
            default -> null;
        };
    }

    /** {@code PPP LCP (0xc021)}, or {@code PPP unknown (0x1234)}. */
    public static TextLine appendProtocol(int protocol, TextLine out) {
        String name = name(protocol);
        out.append("PPP ").append(name != null ? name : "unknown").append(" (0x");
        for (int shift = 12; shift > 0 && protocol >>> shift == 0; shift -= 4) {
            out.append('0');
        }
        return out.appendHex(protocol).append(')');
    }

    /** {@code PPP IP (0x0021), length 44}: the protocol and the bytes after the header. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        if (!hasHeader(d, layer)) {
            out.append("[|ppp]");
            return;
        }
        appendProtocol(protocolNumber(d, layer), out).append(", length ").append(d.end(layer) - d.payloadOffset(layer));
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        int o = d.offset(layer);
        int header = d.headerLength(layer);
        if (!hasHeader(d, layer)) {
            out.field("header.length", header, o, header);
            return;
        }
        byte[] b = d.bytes(layer);
        if (hasAddressControl(d, layer)) {
            out.field("address", Bytes.u8(b, o), o, 1);
            out.field("control", Bytes.u8(b, o + 1), o + 1, 1);
        }
        int field = header - addressControlLength(b, o, header);
        out.field("protocol", protocolNumber(d, layer), o + header - field, field);
    }
}
