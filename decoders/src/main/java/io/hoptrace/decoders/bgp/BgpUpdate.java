package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.TextLine;
import java.util.ArrayList;
import java.util.List;

/**
 * UPDATE (RFC 4271 4.3): withdrawn IPv4 routes, path attributes, announced IPv4 prefixes (NLRI); other families
 * travel in MP_REACH_NLRI / MP_UNREACH_NLRI attributes. Static accessors take the message offset {@code m} and
 * read within the message length; they are meant for complete messages and never read past the array.
 */
public final class BgpUpdate {
    public static final int MIN_LENGTH = 23;
    /** Prefixes shown per list in a summary line; the rest are counted. */
    public static final int SUMMARY_PREFIXES = 8;

    public static final Anomaly TOO_SHORT = Anomaly.register("bgp.update-length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "UPDATE shorter than 23 bytes");
    public static final Anomaly WITHDRAWN_LENGTH = Anomaly.register("bgp.withdrawn-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "withdrawn routes length runs past the message");
    public static final Anomaly ATTRIBUTES_LENGTH = Anomaly.register("bgp.attributes-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "total path attribute length runs past the message");
    public static final Anomaly PREFIX_LENGTH = Anomaly.register("bgp.prefix-length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "prefix length longer than the address (over 32 bits for IPv4, 128 for IPv6)");
    public static final Anomaly PREFIX_OVERRUN = Anomaly.register("bgp.prefix.overrun", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "prefix bytes run past the end of their list");

    private BgpUpdate() {
    }

    // ---- layout ------------------------------------------------------------------------------------------------

    /** End of the message: its length, capped at the array. */
    public static int end(byte[] b, int m) {
        return Math.min(m + BgpMessage.length(b, m), b.length);
    }

    public static int withdrawnLength(byte[] b, int m) {
        return Bytes.u16(b, m + BgpMessage.HEADER_LENGTH);
    }

    public static int withdrawnOffset(int m) {
        return m + BgpMessage.HEADER_LENGTH + 2;
    }

    /** Offset of the 2-byte total path attribute length. */
    public static int attributesLengthOffset(byte[] b, int m) {
        return withdrawnOffset(m) + withdrawnLength(b, m);
    }

    public static int attributesOffset(byte[] b, int m) {
        return attributesLengthOffset(b, m) + 2;
    }

    public static int attributesLength(byte[] b, int m) {
        return Bytes.u16(b, attributesLengthOffset(b, m));
    }

    public static int nlriOffset(byte[] b, int m) {
        return attributesOffset(b, m) + attributesLength(b, m);
    }

    /** True when the withdrawn and attribute lengths fit in the message, so the offsets above are usable. */
    public static boolean wellFramed(byte[] b, int m) {
        int end = end(b, m);
        if (end - m < MIN_LENGTH || attributesLengthOffset(b, m) + 2 > end) {
            return false;
        }
        return nlriOffset(b, m) <= end;
    }

    // ---- decode path -------------------------------------------------------------------------------------------

    /** Checks every length of the UPDATE at {@code [m, end)}; records the problems, false when there were any. */
    static boolean validate(Dissection d, int layer, byte[] b, int m, int end) {
        if (end - m < MIN_LENGTH) {
            d.anomaly(layer, TOO_SHORT, m + BgpMessage.MARKER_LENGTH, 2);
            return false;
        }
        int w = withdrawnOffset(m);
        int attrLenOff = w + withdrawnLength(b, m);
        if (attrLenOff + 2 > end) {
            d.anomaly(layer, WITHDRAWN_LENGTH, w - 2, 2);
            return false;
        }
        int attrs = attrLenOff + 2;
        int nlri = attrs + Bytes.u16(b, attrLenOff);
        if (nlri > end) {
            d.anomaly(layer, ATTRIBUTES_LENGTH, attrLenOff, 2);
            return false;
        }
        boolean ok = validatePrefixes(d, layer, b, w, attrLenOff);
        ok &= BgpPathAttributes.validate(d, layer, b, attrs, nlri);
        ok &= validatePrefixes(d, layer, b, nlri, end);
        return ok;
    }

    private static boolean validatePrefixes(Dissection d, int layer, byte[] b, int off, int end) {
        boolean addPath = BgpPrefixes.looksAddPath(b, off, end, BgpPrefixes.IPV4_BITS);
        int bad = BgpPrefixes.firstProblem(b, off, end, BgpPrefixes.IPV4_BITS, addPath);
        if (bad < 0) {
            return true;
        }
        prefixAnomaly(d, layer, b, bad, end, BgpPrefixes.IPV4_BITS, addPath);
        return false;
    }

    static void prefixAnomaly(Dissection d, int layer, byte[] b, int p, int end, int bits, boolean addPath) {
        int lengthByte = addPath ? p + 4 : p;
        if (BgpPrefixes.problemAt(b, p, end, bits, addPath) == BgpPrefixes.BAD_LENGTH) {
            d.anomaly(layer, PREFIX_LENGTH, lengthByte, 1);
        } else {
            d.anomaly(layer, PREFIX_OVERRUN, p, end - p);
        }
    }

    // ---- accessors for rules -------------------------------------------------------------------------------------

    /** End-of-RIB marker (RFC 4724): an empty UPDATE (IPv4 unicast), or one holding only an empty MP_UNREACH. */
    public static boolean isEndOfRib(byte[] b, int m) {
        if (!wellFramed(b, m)) {
            return false;
        }
        int end = end(b, m);
        if (withdrawnLength(b, m) != 0 || nlriOffset(b, m) != end) {
            return false;
        }
        int attrs = attributesOffset(b, m);
        if (attrs == end) {
            return true;
        }
        return BgpPathAttributes.type(b, attrs) == BgpPathAttributes.MP_UNREACH_NLRI
                && BgpPathAttributes.next(b, attrs, end) == end && BgpPathAttributes.valueLength(b, attrs) == 3;
    }

    /** Offset of the first path attribute of {@code type}, or -1. */
    public static int attribute(byte[] b, int m, int type) {
        if (!wellFramed(b, m)) {
            return -1;
        }
        return BgpPathAttributes.find(b, attributesOffset(b, m), nlriOffset(b, m), type);
    }

    /** Announced prefixes, IPv4 NLRI then MP_REACH_NLRI ones; returns how many were visited. */
    public static int forEachAnnounced(byte[] b, int m, BgpPrefixes.Visitor v) {
        if (!wellFramed(b, m)) {
            return 0;
        }
        int n = forEachIpv4(b, nlriOffset(b, m), end(b, m), v);
        return n + forEachMp(b, m, BgpPathAttributes.MP_REACH_NLRI, v);
    }

    /** Withdrawn prefixes, IPv4 then MP_UNREACH_NLRI ones; returns how many were visited. */
    public static int forEachWithdrawn(byte[] b, int m, BgpPrefixes.Visitor v) {
        if (!wellFramed(b, m)) {
            return 0;
        }
        int n = forEachIpv4(b, withdrawnOffset(m), attributesLengthOffset(b, m), v);
        return n + forEachMp(b, m, BgpPathAttributes.MP_UNREACH_NLRI, v);
    }

    private static int forEachIpv4(byte[] b, int off, int end, BgpPrefixes.Visitor v) {
        boolean addPath = BgpPrefixes.looksAddPath(b, off, end, BgpPrefixes.IPV4_BITS);
        return BgpPrefixes.forEach(b, off, end, BgpPrefixes.IPV4_BITS, addPath, v);
    }

    /** Prefixes of every MP_REACH_NLRI (or MP_UNREACH_NLRI) attribute of a family hoptrace decodes. */
    private static int forEachMp(byte[] b, int m, int type, BgpPrefixes.Visitor v) {
        int attrs = attributesOffset(b, m);
        int attrsEnd = nlriOffset(b, m);
        int count = 0;
        for (int a = attrs; a < attrsEnd; ) {
            int n = BgpPathAttributes.next(b, a, attrsEnd);
            if (n < 0) {
                break;
            }
            int val = BgpPathAttributes.valueOffset(b, a);
            int nlri = BgpPathAttributes.type(b, a) == type ? mpNlriOffset(b, type, val, n) : -1;
            int bits = nlri < 0 ? 0 : BgpMpNlri.prefixBits(BgpMpNlri.afi(b, val), BgpMpNlri.safi(b, val));
            if (bits > 0) {
                boolean addPath = BgpPrefixes.looksAddPath(b, nlri, n, bits);
                count += BgpPrefixes.forEach(b, nlri, n, bits, addPath, v);
            }
            a = n;
        }
        return count;
    }

    /** Where the routes of an MP attribute value {@code [val, end)} start, or -1 when its fixed part is short. */
    static int mpNlriOffset(byte[] b, int type, int val, int end) {
        boolean reach = type == BgpPathAttributes.MP_REACH_NLRI;
        if (end - val < (reach ? 5 : 3)) {
            return -1;
        }
        int nlri = reach ? BgpMpNlri.reachNlriOffset(b, val) : BgpMpNlri.unreachNlriOffset(val);
        return nlri <= end ? nlri : -1;
    }

    /** Announced prefixes as text ({@code 10.244.2.0/24}), for findings. */
    public static List<String> announced(byte[] b, int m) {
        List<String> out = new ArrayList<>();
        forEachAnnounced(b, m, (bb, a, bits, size, id) -> out.add(BgpPrefixes.text(bb, a - 1, size)));
        return out;
    }

    public static List<String> withdrawn(byte[] b, int m) {
        List<String> out = new ArrayList<>();
        forEachWithdrawn(b, m, (bb, a, bits, size, id) -> out.add(BgpPrefixes.text(bb, a - 1, size)));
        return out;
    }

    /** The NEXT_HOP attribute, else MP_REACH_NLRI's next hop(s), as text; null when there is none. */
    public static String nextHop(byte[] b, int m) {
        TextLine t = new TextLine(48);
        return appendNextHop(t, b, m) ? t.toString() : null;
    }

    static boolean appendNextHop(TextLine out, byte[] b, int m) {
        if (!wellFramed(b, m)) {
            return false;
        }
        int mp = attribute(b, m, BgpPathAttributes.MP_REACH_NLRI);
        int a = attribute(b, m, BgpPathAttributes.NEXT_HOP);
        // with routes only in MP_REACH_NLRI, NEXT_HOP (often 0.0.0.0) is not the one that counts
        boolean plainRoutes = nlriOffset(b, m) < end(b, m);
        if (a >= 0 && BgpPathAttributes.valueLength(b, a) == 4 && (plainRoutes || mp < 0)) {
            out.appendIpv4(b, BgpPathAttributes.valueOffset(b, a));
            return true;
        }
        if (mp >= 0) {
            int v = BgpPathAttributes.valueOffset(b, mp);
            int end = v + BgpPathAttributes.valueLength(b, mp);
            if (mpNlriOffset(b, BgpPathAttributes.MP_REACH_NLRI, v, end) >= 0) {
                BgpMpNlri.appendNextHop(out, b, v);
                return true;
            }
        }
        if (a >= 0 && BgpPathAttributes.valueLength(b, a) == 4) {
            out.appendIpv4(b, BgpPathAttributes.valueOffset(b, a));
            return true;
        }
        return false;
    }

    /**
     * The AS path as text: AS_PATH, with the 4-byte numbers of AS4_PATH put in place of the AS_TRANS tail as
     * RFC 6793 4.2.3 merges them; null when the UPDATE has no well-formed AS_PATH.
     */
    public static String asPath(byte[] b, int m) {
        TextLine t = new TextLine(64);
        return appendAsPath(t, b, m) ? t.toString() : null;
    }

    static boolean appendAsPath(TextLine out, byte[] b, int m) {
        int a = attribute(b, m, BgpPathAttributes.AS_PATH);
        if (a < 0) {
            return false;
        }
        int v = BgpPathAttributes.valueOffset(b, a);
        int end = v + BgpPathAttributes.valueLength(b, a);
        int size = BgpAsPath.asSize(b, v, end);
        if (size == 0) {
            return false;
        }
        if (v == end) {
            out.append("(empty)");
            return true;
        }
        int a4 = size == 2 ? attribute(b, m, BgpPathAttributes.AS4_PATH) : -1;
        if (a4 >= 0) {
            int v4 = BgpPathAttributes.valueOffset(b, a4);
            int end4 = v4 + BgpPathAttributes.valueLength(b, a4);
            int n = BgpAsPath.length(b, v, end, 2);
            int n4 = BgpAsPath.length(b, v4, end4, 4);
            if (BgpAsPath.fits(b, v4, end4, 4) && n4 <= n) {
                int start = out.length();
                BgpAsPath.append(out, b, v, end, 2, n - n4);
                if (out.length() > start && v4 < end4) {
                    out.append(' ');
                }
                BgpAsPath.append(out, b, v4, end4, 4, Integer.MAX_VALUE);
                return true;
            }
        }
        BgpAsPath.append(out, b, v, end, size, Integer.MAX_VALUE);
        return true;
    }

    /** The origin AS of the route (last AS of the merged path), or -1. */
    public static long originAs(byte[] b, int m) {
        int a4 = attribute(b, m, BgpPathAttributes.AS4_PATH);
        int a = a4 >= 0 ? a4 : attribute(b, m, BgpPathAttributes.AS_PATH);
        if (a < 0) {
            return -1;
        }
        int v = BgpPathAttributes.valueOffset(b, a);
        int end = v + BgpPathAttributes.valueLength(b, a);
        int size = a4 >= 0 ? 4 : BgpAsPath.asSize(b, v, end);
        return size == 0 ? -1 : BgpAsPath.originAs(b, v, end, size);
    }
}
