package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * MP_REACH_NLRI and MP_UNREACH_NLRI values (RFC 4760): routes of any address family. Prefixes are decoded for
 * IPv4 and IPv6 unicast and multicast; other families (labeled, VPN, EVPN, flowspec...) keep their NLRI as bytes
 * with AFI/SAFI. Offsets are those of the attribute value ({@code v}) and its end.
 */
public final class BgpMpNlri {
    public static final Anomaly TOO_SHORT = Anomaly.register("bgp.mp-nlri.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "MP_REACH_NLRI/MP_UNREACH_NLRI shorter than its fixed fields");
    public static final Anomaly NEXT_HOP_LENGTH = Anomaly.register("bgp.mp-next-hop.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR,
            "MP_REACH_NLRI next hop length runs past the attribute or does not fit the address family");

    private BgpMpNlri() {
    }

    public static int afi(byte[] b, int v) {
        return Bytes.u16(b, v);
    }

    public static int safi(byte[] b, int v) {
        return Bytes.u8(b, v + 2);
    }

    /** Bits in an address of this family (32 or 128), or 0 when hoptrace does not decode its prefixes. */
    public static int prefixBits(int afi, int safi) {
        if (safi != 1 && safi != 2) {
            return 0;
        }
        return afi == 1 ? BgpPrefixes.IPV4_BITS : afi == 2 ? BgpPrefixes.IPV6_BITS : 0;
    }

    public static int nextHopLength(byte[] b, int v) {
        return Bytes.u8(b, v + 3);
    }

    /** Offset of the NLRI in an MP_REACH_NLRI value (after AFI, SAFI, next hop and the reserved byte). */
    public static int reachNlriOffset(byte[] b, int v) {
        return v + 5 + nextHopLength(b, v);
    }

    /** Offset of the withdrawn routes in an MP_UNREACH_NLRI value. */
    public static int unreachNlriOffset(int v) {
        return v + 3;
    }

    /**
     * Checks a value on the decode path; records the first problem on {@code layer} and returns false.
     * {@code reach} tells MP_REACH_NLRI from MP_UNREACH_NLRI.
     */
    static boolean validate(Dissection d, int layer, byte[] b, int v, int end, boolean reach) {
        if (end - v < (reach ? 5 : 3)) {
            d.anomaly(layer, TOO_SHORT, v, end - v);
            return false;
        }
        int afi = afi(b, v);
        int safi = safi(b, v);
        int nlri = unreachNlriOffset(v);
        if (reach) {
            int nh = nextHopLength(b, v);
            nlri = reachNlriOffset(b, v);
            if (nlri > end || !nextHopLengthFits(afi, safi, nh)) {
                d.anomaly(layer, NEXT_HOP_LENGTH, v + 3, 1);
                return false;
            }
        }
        int bits = prefixBits(afi, safi);
        if (bits == 0) {
            return true;
        }
        boolean addPath = BgpPrefixes.looksAddPath(b, nlri, end, bits);
        int bad = BgpPrefixes.firstProblem(b, nlri, end, bits, addPath);
        if (bad >= 0) {
            BgpUpdate.prefixAnomaly(d, layer, b, bad, end, bits, addPath);
            return false;
        }
        return true;
    }

    private static boolean nextHopLengthFits(int afi, int safi, int nh) {
        if (prefixBits(afi, safi) == 0) {
            return true;
        }
        // IPv4 routes may have an IPv6 next hop (RFC 8950); IPv6 ones may add a link-local address (RFC 2545)
        return afi == 1 ? nh == 4 || nh == 16 || nh == 32 : nh == 16 || nh == 32;
    }

    /** Appends the next hop addresses (the global one, then a link-local one), skipping route distinguishers. */
    public static void appendNextHop(TextLine out, byte[] b, int v) {
        int nh = nextHopLength(b, v);
        int p = v + 4;
        switch (nh) {
            case 4 -> out.appendIpv4(b, p);
            case 12 -> out.appendIpv4(b, p + 8);
            case 16 -> out.appendIpv6(b, p);
            case 24 -> out.appendIpv6(b, p + 8);
            case 32 -> out.appendIpv6(b, p).append(' ').appendIpv6(b, p + 16);
            case 48 -> out.appendIpv6(b, p + 8).append(' ').appendIpv6(b, p + 32);
            default -> out.append("(").append(nh).append(" bytes)");
        }
    }

    /** Describes a value whose attribute layer already checked {@code end}; stops where the value goes wrong. */
    static void describe(FieldSink out, byte[] b, int v, int end, boolean reach) {
        if (end - v < (reach ? 5 : 3)) {
            out.field("malformed", true, v, end - v);
            return;
        }
        int afi = afi(b, v);
        int safi = safi(b, v);
        out.field("afi", afi, v, 2);
        out.field("safi", safi, v + 2, 1);
        out.field("family", BgpNames.afiSafi(afi, safi), v, 3);
        int nlri = unreachNlriOffset(v);
        if (reach) {
            int nh = nextHopLength(b, v);
            out.field("next-hop.length", nh, v + 3, 1);
            nlri = reachNlriOffset(b, v);
            if (nlri > end) {
                out.field("malformed", true, v + 3, 1);
                return;
            }
            describeNextHops(out, b, v + 4, nh);
            out.field("reserved", Bytes.u8(b, nlri - 1), nlri - 1, 1);
        }
        int bits = prefixBits(afi, safi);
        String name = reach ? "nlri" : "withdrawn";
        if (bits == 0) {
            out.field(name + ".length", end - nlri, nlri, end - nlri);
            return;
        }
        BgpPrefixes.describe(out, name, b, nlri, end, bits);
    }

    private static void describeNextHops(FieldSink out, byte[] b, int p, int nh) {
        out.beginArray("next-hops");
        switch (nh) {
            case 4 -> out.field(null, Bytes.ipv4(b, p), p, 4);
            case 12 -> out.field(null, Bytes.ipv4(b, p + 8), p, 12);
            case 16 -> out.field(null, Bytes.ipv6(b, p), p, 16);
            case 24 -> out.field(null, Bytes.ipv6(b, p + 8), p, 24);
            case 32 -> {
                out.field(null, Bytes.ipv6(b, p), p, 16);
                out.field(null, Bytes.ipv6(b, p + 16), p + 16, 16);
            }
            case 48 -> {
                out.field(null, Bytes.ipv6(b, p + 8), p, 24);
                out.field(null, Bytes.ipv6(b, p + 32), p + 24, 24);
            }
            default -> {
            }
        }
        out.endArray();
    }
}
