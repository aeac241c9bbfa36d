package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * The summary line and the field list of an UPDATE ({@link BgpUpdate} has the layout, checks and accessors):
 * {@code withdrawn [...], as-path ..., next-hop ..., nlri [...]}, with families hoptrace keeps as bytes named.
 */
final class BgpUpdateText {
    /** Prefixes shown per list in a summary line; the rest are counted. */
    static final int SUMMARY_PREFIXES = BgpUpdate.SUMMARY_PREFIXES;

    private BgpUpdateText() {
    }

    /** Appends ` withdrawn [...]`, `, as-path ...`, `, next-hop ...`, `, nlri [...]` (after {@code BGP UPDATE}). */
    static void summarize(TextLine out, byte[] b, int m) {
        if (!BgpUpdate.wellFramed(b, m)) {
            return;
        }
        if (BgpUpdate.isEndOfRib(b, m)) {
            out.append(" end-of-rib ");
            int attrs = BgpUpdate.attributesOffset(b, m);
            if (attrs == BgpUpdate.end(b, m)) {
                out.append("ipv4-unicast");
            } else {
                int v = BgpPathAttributes.valueOffset(b, attrs);
                BgpNames.appendAfiSafi(out, BgpMpNlri.afi(b, v), BgpMpNlri.safi(b, v));
            }
            return;
        }
        boolean any = false;
        int mark = out.length();
        out.append(" withdrawn [");
        if (appendPrefixes(out, b, m, false) > 0) {
            out.append(']');
            any = true;
        } else {
            out.setLength(mark);
        }
        any = appendOpaqueFamilies(out, b, m, BgpPathAttributes.MP_UNREACH_NLRI, any);
        mark = out.length();
        out.append(any ? ", " : " ").append("as-path ");
        if (BgpUpdate.appendAsPath(out, b, m)) {
            any = true;
        } else {
            out.setLength(mark);
        }
        mark = out.length();
        out.append(any ? ", " : " ").append("next-hop ");
        if (BgpUpdate.appendNextHop(out, b, m)) {
            any = true;
        } else {
            out.setLength(mark);
        }
        mark = out.length();
        out.append(any ? ", " : " ").append("nlri [");
        if (appendPrefixes(out, b, m, true) > 0) {
            out.append(']');
            any = true;
        } else {
            out.setLength(mark);
        }
        appendOpaqueFamilies(out, b, m, BgpPathAttributes.MP_REACH_NLRI, any);
    }

    /**
     * Appends the announced (or withdrawn) prefixes of every family, the first {@link #SUMMARY_PREFIXES} of them,
     * then {@code  +N more}; returns how many there are. Allocates nothing.
     */
    private static int appendPrefixes(TextLine out, byte[] b, int m, boolean announced) {
        int count = announced
                ? appendList(out, b, BgpUpdate.nlriOffset(b, m), BgpUpdate.end(b, m), BgpPrefixes.IPV4_BITS, 0)
                : appendList(out, b, BgpUpdate.withdrawnOffset(m), BgpUpdate.attributesLengthOffset(b, m),
                        BgpPrefixes.IPV4_BITS, 0);
        int type = announced ? BgpPathAttributes.MP_REACH_NLRI : BgpPathAttributes.MP_UNREACH_NLRI;
        int attrsEnd = BgpUpdate.nlriOffset(b, m);
        for (int a = BgpUpdate.attributesOffset(b, m); a < attrsEnd; ) {
            int n = BgpPathAttributes.next(b, a, attrsEnd);
            if (n < 0) {
                break;
            }
            int val = BgpPathAttributes.valueOffset(b, a);
            int nlri = BgpPathAttributes.type(b, a) == type ? BgpUpdate.mpNlriOffset(b, type, val, n) : -1;
            int bits = nlri < 0 ? 0 : BgpMpNlri.prefixBits(BgpMpNlri.afi(b, val), BgpMpNlri.safi(b, val));
            if (bits > 0) {
                count = appendList(out, b, nlri, n, bits, count);
            }
            a = n;
        }
        if (count > SUMMARY_PREFIXES) {
            out.append(" +").append(count - SUMMARY_PREFIXES).append(" more");
        }
        return count;
    }

    private static int appendList(TextLine out, byte[] b, int off, int end, int bits, int count) {
        boolean addPath = BgpPrefixes.looksAddPath(b, off, end, bits);
        for (int p = off; p < end; count++) {
            int n = BgpPrefixes.next(b, p, end, bits, addPath);
            if (n < 0) {
                break;
            }
            if (count < SUMMARY_PREFIXES) {
                if (count > 0) {
                    out.append(", ");
                }
                BgpPrefixes.append(out, b, addPath ? p + 4 : p, bits);
            }
            p = n;
        }
        return count;
    }

    static void describe(FieldSink out, byte[] b, int m, int end) {
        if (end - m < BgpUpdate.MIN_LENGTH) {
            return;
        }
        int w = BgpUpdate.withdrawnOffset(m);
        int wlen = BgpUpdate.withdrawnLength(b, m);
        out.field("withdrawn.length", wlen, w - 2, 2);
        int attrLenOff = w + wlen;
        if (attrLenOff + 2 > end) {
            return;
        }
        BgpPrefixes.describe(out, "withdrawn", b, w, attrLenOff, BgpPrefixes.IPV4_BITS);
        int attrs = attrLenOff + 2;
        int alen = Bytes.u16(b, attrLenOff);
        out.field("attributes.length", alen, attrLenOff, 2);
        if (attrs + alen > end) {
            return;
        }
        BgpPathAttributes.describe(out, b, attrs, attrs + alen);
        BgpPrefixes.describe(out, "nlri", b, attrs + alen, end, BgpPrefixes.IPV4_BITS);
    }

    /**
     * Appends {@code , mp-reach ipv4-vpn} for each MP attribute of {@code type} whose family hoptrace keeps as
     * bytes and that carries routes; returns whether anything was appended.
     */
    private static boolean appendOpaqueFamilies(TextLine out, byte[] b, int m, int type, boolean any) {
        int attrsEnd = BgpUpdate.nlriOffset(b, m);
        for (int a = BgpUpdate.attributesOffset(b, m); a < attrsEnd; ) {
            int n = BgpPathAttributes.next(b, a, attrsEnd);
            if (n < 0) {
                break;
            }
            int val = BgpPathAttributes.valueOffset(b, a);
            int nlri = BgpPathAttributes.type(b, a) == type ? BgpUpdate.mpNlriOffset(b, type, val, n) : -1;
            if (nlri >= 0 && nlri < n && BgpMpNlri.prefixBits(BgpMpNlri.afi(b, val), BgpMpNlri.safi(b, val)) == 0) {
                out.append(any ? ", " : " ").append(type == BgpPathAttributes.MP_REACH_NLRI ? "mp-reach " : "mp-unreach ");
                BgpNames.appendAfiSafi(out, BgpMpNlri.afi(b, val), BgpMpNlri.safi(b, val));
                any = true;
            }
            a = n;
        }
        return any;
    }
}
