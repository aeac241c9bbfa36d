package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * UPDATE path attributes (RFC 4271 4.3): flags, type, a 1- or 2-byte length (the extended-length flag), value.
 * Walks take the offset of an attribute ({@code a}) and the end of the path attributes; {@link #next} returns the
 * offset of the following attribute or {@link #OVERRUN} when this one runs past the end.
 */
public final class BgpPathAttributes {
    public static final int ORIGIN = 1;
    public static final int AS_PATH = 2;
    public static final int NEXT_HOP = 3;
    public static final int MED = 4;
    public static final int LOCAL_PREF = 5;
    public static final int ATOMIC_AGGREGATE = 6;
    public static final int AGGREGATOR = 7;
    public static final int COMMUNITIES = 8;
    public static final int ORIGINATOR_ID = 9;
    public static final int CLUSTER_LIST = 10;
    public static final int MP_REACH_NLRI = 14;
    public static final int MP_UNREACH_NLRI = 15;
    public static final int EXTENDED_COMMUNITIES = 16;
    public static final int AS4_PATH = 17;
    public static final int AS4_AGGREGATOR = 18;
    public static final int LARGE_COMMUNITIES = 32;
    public static final int OTC = 35;

    public static final int FLAG_OPTIONAL = 0x80;
    public static final int FLAG_TRANSITIVE = 0x40;
    public static final int FLAG_PARTIAL = 0x20;
    public static final int FLAG_EXTENDED_LENGTH = 0x10;

    public static final int OVERRUN = -1;

    public static final Anomaly LENGTH = Anomaly.register("bgp.attribute-length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "path attribute runs past the end of the path attributes");
    public static final Anomaly SIZE = Anomaly.register("bgp.attribute-size.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "path attribute length does not fit its type");
    public static final Anomaly AS_PATH_BAD = Anomaly.register("bgp.as-path.malformed", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "AS_PATH segments do not add up to the attribute length");
    public static final Anomaly ORIGIN_BAD = Anomaly.register("bgp.origin.bad", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "ORIGIN is not IGP, EGP or INCOMPLETE");

    private BgpPathAttributes() {
    }

    public static int flags(byte[] b, int a) {
        return Bytes.u8(b, a);
    }

    public static int type(byte[] b, int a) {
        return Bytes.u8(b, a + 1);
    }

    public static boolean extendedLength(byte[] b, int a) {
        return (flags(b, a) & FLAG_EXTENDED_LENGTH) != 0;
    }

    public static int valueOffset(byte[] b, int a) {
        return a + (extendedLength(b, a) ? 4 : 3);
    }

    public static int valueLength(byte[] b, int a) {
        return extendedLength(b, a) ? Bytes.u16(b, a + 2) : Bytes.u8(b, a + 2);
    }

    /** Offset after the attribute at {@code a}, or {@link #OVERRUN} when its header or value passes {@code end}. */
    public static int next(byte[] b, int a, int end) {
        if (a + 3 > end || (extendedLength(b, a) && a + 4 > end)) {
            return OVERRUN;
        }
        int after = valueOffset(b, a) + valueLength(b, a);
        return after <= end ? after : OVERRUN;
    }

    /** Offset of the first attribute of {@code type} in {@code [off, end)}, or -1 (also when the walk breaks). */
    public static int find(byte[] b, int off, int end, int type) {
        for (int a = off; a < end; ) {
            int n = next(b, a, end);
            if (n < 0) {
                return -1;
            }
            if (type(b, a) == type) {
                return a;
            }
            a = n;
        }
        return -1;
    }

    /** Checks every attribute on the decode path, records problems on {@code layer}; false when any was found. */
    static boolean validate(Dissection d, int layer, byte[] b, int off, int end) {
        boolean ok = true;
        for (int a = off; a < end; ) {
            int n = next(b, a, end);
            if (n < 0) {
                d.anomaly(layer, LENGTH, a, end - a);
                return false;
            }
            ok &= validateValue(d, layer, b, a, valueOffset(b, a), n);
            a = n;
        }
        return ok;
    }

    private static boolean validateValue(Dissection d, int layer, byte[] b, int a, int v, int end) {
        int len = end - v;
        boolean sizeOk = switch (type(b, a)) {
            case ORIGIN -> len == 1;
            case NEXT_HOP, MED, LOCAL_PREF, ORIGINATOR_ID, OTC -> len == 4;
            case ATOMIC_AGGREGATE -> len == 0;
            case AGGREGATOR -> len == 6 || len == 8;
            case AS4_AGGREGATOR -> len == 8;
            case COMMUNITIES, CLUSTER_LIST -> len % 4 == 0;
            case EXTENDED_COMMUNITIES -> len % 8 == 0;
            case LARGE_COMMUNITIES -> len % 12 == 0;
            default -> true;
        };
        if (!sizeOk) {
            d.anomaly(layer, SIZE, a, end - a);
            return false;
        }
        switch (type(b, a)) {
            case ORIGIN -> {
                if (Bytes.u8(b, v) > 2) {
                    d.anomaly(layer, ORIGIN_BAD, v, 1);
                }
            }
            case AS_PATH -> {
                if (BgpAsPath.asSize(b, v, end) == 0) {
                    d.anomaly(layer, AS_PATH_BAD, a, end - a);
                    return false;
                }
            }
            case AS4_PATH -> {
                if (!BgpAsPath.fits(b, v, end, 4)) {
                    d.anomaly(layer, AS_PATH_BAD, a, end - a);
                    return false;
                }
            }
            case MP_REACH_NLRI -> {
                return BgpMpNlri.validate(d, layer, b, v, end, true);
            }
            case MP_UNREACH_NLRI -> {
                return BgpMpNlri.validate(d, layer, b, v, end, false);
            }
            default -> {
            }
        }
        return true;
    }

    /** Appends a community as {@code 65001:100}, or its well-known name. */
    public static void appendCommunity(TextLine out, long c) {
        String name = BgpNames.wellKnownCommunity(c);
        if (name != null) {
            out.append(name);
        } else {
            out.append(c >>> 16).append(':').append(c & 0xFFFF);
        }
    }

    /** Appends a large community (RFC 8092) at {@code p} as {@code global:local1:local2}. */
    public static void appendLargeCommunity(TextLine out, byte[] b, int p) {
        out.append(Bytes.u32(b, p)).append(':').append(Bytes.u32(b, p + 4)).append(':').append(Bytes.u32(b, p + 8));
    }

    /**
     * Appends an extended community (RFC 4360) at {@code p}: route targets and origins as {@code rt 65001:100} /
     * {@code soo 10.0.0.1:7}, any other as its 8 bytes in hex.
     */
    public static void appendExtendedCommunity(TextLine out, byte[] b, int p) {
        int type = Bytes.u8(b, p) & 0x3F;
        int subtype = Bytes.u8(b, p + 1);
        if ((subtype == 2 || subtype == 3) && type <= 2) {
            out.append(subtype == 2 ? "rt " : "soo ");
            switch (type) {
                case 0 -> out.append(Bytes.u16(b, p + 2)).append(':').append(Bytes.u32(b, p + 4));
                case 1 -> out.appendIpv4(b, p + 2).append(':').append(Bytes.u16(b, p + 6));
                default -> out.append(Bytes.u32(b, p + 2)).append(':').append(Bytes.u16(b, p + 6));
            }
            return;
        }
        for (int i = 0; i < 8; i++) {
            out.appendHexByte(Bytes.u8(b, p + i));
        }
    }

    private static String text(java.util.function.Consumer<TextLine> f) {
        TextLine t = new TextLine(64);
        f.accept(t);
        return t.toString();
    }

    /** Emits every attribute of {@code [off, end)} as an array of objects; stops at one that runs past the end. */
    static void describe(FieldSink out, byte[] b, int off, int end) {
        out.beginArray("attributes");
        for (int a = off; a < end; ) {
            int n = next(b, a, end);
            if (n < 0) {
                out.beginObject(null, a, end - a);
                out.field("malformed", true, a, end - a);
                out.endObject();
                break;
            }
            int flags = flags(b, a);
            int type = type(b, a);
            int v = valueOffset(b, a);
            out.beginObject(null, a, n - a);
            out.field("flags", flags, a, 1);
            out.field("flags.optional", (flags & FLAG_OPTIONAL) != 0, a, 1);
            out.field("flags.transitive", (flags & FLAG_TRANSITIVE) != 0, a, 1);
            out.field("flags.partial", (flags & FLAG_PARTIAL) != 0, a, 1);
            out.field("flags.extended-length", (flags & FLAG_EXTENDED_LENGTH) != 0, a, 1);
            out.field("type", type, a + 1, 1);
            out.field("name", BgpNames.attribute(type), a + 1, 1);
            out.field("length", n - v, a + 2, v - a - 2);
            describeValue(out, b, type, v, n);
            out.endObject();
            a = n;
        }
        out.endArray();
    }

    private static void describeValue(FieldSink out, byte[] b, int type, int v, int end) {
        int len = end - v;
        switch (type) {
            case ORIGIN -> {
                if (len == 1) {
                    out.field("origin", BgpNames.origin(Bytes.u8(b, v)), v, 1);
                }
            }
            case AS_PATH, AS4_PATH -> {
                int size = type == AS4_PATH ? 4 : BgpAsPath.asSize(b, v, end);
                out.field("path", text(t -> BgpAsPath.append(t, b, v, end, size, Integer.MAX_VALUE)), v, len);
                BgpAsPath.describe(out, b, v, end, size);
            }
            case NEXT_HOP, ORIGINATOR_ID -> {
                if (len == 4) {
                    out.field(type == NEXT_HOP ? "next-hop" : "originator-id", Bytes.ipv4(b, v), v, 4);
                }
            }
            case MED, LOCAL_PREF, OTC -> {
                if (len == 4) {
                    out.field(BgpNames.attribute(type), Bytes.u32(b, v), v, 4);
                }
            }
            case AGGREGATOR, AS4_AGGREGATOR -> {
                if (len == 6 || len == 8) {
                    int as = len - 4;
                    out.field("as", BgpAsPath.as(b, v, as), v, as);
                    out.field("address", Bytes.ipv4(b, v + as), v + as, 4);
                }
            }
            case COMMUNITIES -> {
                out.beginArray("communities");
                for (int p = v; p + 4 <= end; p += 4) {
                    long c = Bytes.u32(b, p);
                    out.field(null, text(t -> appendCommunity(t, c)), p, 4);
                }
                out.endArray();
            }
            case CLUSTER_LIST -> {
                out.beginArray("cluster-list");
                for (int p = v; p + 4 <= end; p += 4) {
                    out.field(null, Bytes.ipv4(b, p), p, 4);
                }
                out.endArray();
            }
            case EXTENDED_COMMUNITIES -> {
                out.beginArray("extended-communities");
                for (int p = v; p + 8 <= end; p += 8) {
                    int q = p;
                    out.field(null, text(t -> appendExtendedCommunity(t, b, q)), p, 8);
                }
                out.endArray();
            }
            case LARGE_COMMUNITIES -> {
                out.beginArray("large-communities");
                for (int p = v; p + 12 <= end; p += 12) {
                    int q = p;
                    out.field(null, text(t -> appendLargeCommunity(t, b, q)), p, 12);
                }
                out.endArray();
            }
            case MP_REACH_NLRI -> BgpMpNlri.describe(out, b, v, end, true);
            case MP_UNREACH_NLRI -> BgpMpNlri.describe(out, b, v, end, false);
            default -> {
            }
        }
    }
}
