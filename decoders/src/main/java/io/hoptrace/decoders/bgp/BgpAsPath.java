package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;

/**
 * AS_PATH and AS4_PATH values (RFC 4271 4.3, RFC 6793): segments of a type (AS_SET 1, AS_SEQUENCE 2, and the
 * confederation kinds 3 and 4), a count, and that many AS numbers of 2 or 4 bytes. Whether AS_PATH carries 2- or
 * 4-byte numbers depends on what the peers negotiated in OPEN, which a capture may lack, so the size is told from
 * the bytes: a walk with one size must land exactly on the end.
 */
public final class BgpAsPath {
    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int CONFED_SEQUENCE = 3;
    public static final int CONFED_SET = 4;
    public static final long AS_TRANS = 23456;

    private BgpAsPath() {
    }

    /** True when {@code [off, end)} walks as segments of {@code asSize}-byte numbers and ends exactly at end. */
    public static boolean fits(byte[] b, int off, int end, int asSize) {
        int p = off;
        while (p < end) {
            if (p + 2 > end) {
                return false;
            }
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            if (type < AS_SET || type > CONFED_SET || count == 0) {
                return false;
            }
            p += 2 + count * asSize;
        }
        return p == end;
    }

    /**
     * The AS number size of an AS_PATH value: 2 when a 2-byte walk fits (as tcpdump decides), else 4 when a
     * 4-byte walk fits, else 0 (malformed).
     */
    public static int asSize(byte[] b, int off, int end) {
        if (fits(b, off, end, 2)) {
            return 2;
        }
        return fits(b, off, end, 4) ? 4 : 0;
    }

    /** Path length as BGP counts it for best-path selection: each AS of a sequence, 1 per set, 0 for confed. */
    public static int length(byte[] b, int off, int end, int asSize) {
        int n = 0;
        for (int p = off; p + 2 <= end; ) {
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            if (type == AS_SEQUENCE) {
                n += count;
            } else if (type == AS_SET) {
                n++;
            }
            p += 2 + count * asSize;
        }
        return n;
    }

    /** The first AS of the path (the neighbour that sent it), or -1 when it starts with no sequence. */
    public static long firstAs(byte[] b, int off, int end, int asSize) {
        if (off + 2 + asSize > end || Bytes.u8(b, off) != AS_SEQUENCE) {
            return -1;
        }
        return as(b, off + 2, asSize);
    }

    /** The last AS (the origin of the route), or -1. */
    public static long originAs(byte[] b, int off, int end, int asSize) {
        long last = -1;
        for (int p = off; p + 2 <= end; ) {
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            int next = p + 2 + count * asSize;
            if (next > end) {
                break;
            }
            if (type == AS_SEQUENCE && count > 0) {
                last = as(b, next - asSize, asSize);
            }
            p = next;
        }
        return last;
    }

    static long as(byte[] b, int off, int asSize) {
        return asSize == 4 ? Bytes.u32(b, off) : Bytes.u16(b, off);
    }

    /**
     * Appends the path as tcpdump prints it: a sequence as {@code 65001 65002}, a set as {@code {65003,65004}},
     * confederation segments in {@code ()} and {@code []}. Prints at most {@code maxUnits} units (an AS of a
     * sequence, or a whole set); returns the units printed. Stops silently at a segment past the end.
     */
    public static int append(TextLine out, byte[] b, int off, int end, int asSize, int maxUnits) {
        int units = 0;
        boolean any = false;
        asSize = asSize == 4 ? 4 : 2;
        for (int p = off; p + 2 <= end && units < maxUnits; ) {
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            int next = p + 2 + count * asSize;
            if (next > end) {
                break;
            }
            if (any) {
                out.append(' ');
            }
            any = true;
            boolean sequence = type == AS_SEQUENCE;
            boolean set = type == AS_SET || type == CONFED_SET;
            char open = type == AS_SET ? '{' : type == CONFED_SEQUENCE ? '(' : type == CONFED_SET ? '[' : 0;
            if (open != 0) {
                out.append(open);
            }
            for (int i = 0; i < count && !(sequence && units >= maxUnits); i++) {
                if (i > 0) {
                    out.append(set ? ',' : ' ');
                }
                out.append(as(b, p + 2 + i * asSize, asSize));
                if (sequence) {
                    units++;
                }
            }
            if (open != 0) {
                out.append(type == AS_SET ? '}' : type == CONFED_SEQUENCE ? ')' : ']');
            }
            if (type == AS_SET) {
                units++;
            }
            p = next;
        }
        return units;
    }

    /** Emits the segments as an array of objects (type, ASes), with byte ranges. */
    public static void describe(FieldSink out, byte[] b, int off, int end, int asSize) {
        out.field("as-size", asSize, off, 0);
        asSize = asSize == 4 ? 4 : 2;
        out.beginArray("segments");
        for (int p = off; p + 2 <= end; ) {
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            int next = Math.min(end, p + 2 + count * asSize);
            out.beginObject(null, p, next - p);
            out.field("type", BgpNames.asPathSegment(type), p, 1);
            out.field("count", count, p + 1, 1);
            out.beginArray("as");
            for (int i = 0; i < count && p + 2 + (i + 1) * asSize <= end; i++) {
                out.field(null, as(b, p + 2 + i * asSize, asSize), p + 2 + i * asSize, asSize);
            }
            out.endArray();
            out.endObject();
            p = Math.max(next, p + 2);
        }
        out.endArray();
    }
}
