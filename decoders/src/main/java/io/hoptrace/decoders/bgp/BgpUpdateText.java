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
                out.append(BgpNames.afiSafi(BgpMpNlri.afi(b, v), BgpMpNlri.safi(b, v)));
            }
            return;
        }
        PrefixList list = new PrefixList(out);
        boolean any = false;
        int mark = out.length();
        out.append(" withdrawn [");
        if (BgpUpdate.forEachWithdrawn(b, m, list.reset()) > 0) {
            list.close();
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
        if (BgpUpdate.forEachAnnounced(b, m, list.reset()) > 0) {
            list.close();
            any = true;
        } else {
            out.setLength(mark);
        }
        appendOpaqueFamilies(out, b, m, BgpPathAttributes.MP_REACH_NLRI, any);
    }

    /** Appends prefixes of any family into one bracketed list, the first {@link #SUMMARY_PREFIXES} of them. */
    private static final class PrefixList implements BgpPrefixes.Visitor {
        private final TextLine out;
        private int count;

        PrefixList(TextLine out) {
            this.out = out;
        }

        PrefixList reset() {
            count = 0;
            return this;
        }

        @Override
        public void prefix(byte[] b, int addressOff, int bits, int addressBits, long pathId) {
            if (count < SUMMARY_PREFIXES) {
                if (count > 0) {
                    out.append(", ");
                }
                BgpPrefixes.append(out, b, addressOff - 1, addressBits);
            }
            count++;
        }

        void close() {
            if (count > SUMMARY_PREFIXES) {
                out.append(" +").append(count - SUMMARY_PREFIXES).append(" more");
            }
            out.append(']');
        }
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
                out.append(any ? ", " : " ").append(type == BgpPathAttributes.MP_REACH_NLRI ? "mp-reach " : "mp-unreach ")
                        .append(BgpNames.afiSafi(BgpMpNlri.afi(b, val), BgpMpNlri.safi(b, val)));
                any = true;
            }
            a = n;
        }
        return any;
    }
}
