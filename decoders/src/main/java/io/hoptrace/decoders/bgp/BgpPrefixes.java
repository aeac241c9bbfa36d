package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.TextLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists of IP prefixes as BGP encodes them (RFC 4271 4.3, RFC 4760 5): a length in bits, then just enough bytes
 * to hold it; with ADD-PATH (RFC 7911) each prefix is preceded by a 4-byte path identifier. Walks return the
 * offset after the prefix, or a negative {@code BAD_*} code, and never read past {@code end}.
 */
public final class BgpPrefixes {
    /** The prefix length is longer than the address (more than 32 bits for IPv4, 128 for IPv6). */
    public static final int BAD_LENGTH = -1;
    /** The prefix bytes run past the end of the list. */
    public static final int OVERRUN = -2;

    public static final int IPV4_BITS = 32;
    public static final int IPV6_BITS = 128;

    /**
     * Sees one prefix: its address bytes ({@code (bits + 7) / 8} of them at {@code addressOff}), the address size
     * of its family (32 or 128) and its ADD-PATH identifier (-1 without).
     */
    @FunctionalInterface
    public interface Visitor {
        void prefix(byte[] b, int addressOff, int bits, int addressBits, long pathId);
    }

    private BgpPrefixes() {
    }

    /** The offset after the prefix at {@code off}, or {@link #BAD_LENGTH} / {@link #OVERRUN}. */
    public static int next(byte[] b, int off, int end, int maxBits, boolean addPath) {
        int p = addPath ? off + 4 : off;
        if (p >= end) {
            return OVERRUN;
        }
        int bits = Bytes.u8(b, p);
        if (bits > maxBits) {
            return BAD_LENGTH;
        }
        int after = p + 1 + (bits + 7) / 8;
        return after <= end ? after : OVERRUN;
    }

    /** Offset of the first problem in {@code [off, end)}, or -1 when the whole list is well formed. */
    public static int firstProblem(byte[] b, int off, int end, int maxBits, boolean addPath) {
        int p = off;
        while (p < end) {
            int n = next(b, p, end, maxBits, addPath);
            if (n < 0) {
                return p;
            }
            p = n;
        }
        return -1;
    }

    /** The problem code ({@link #BAD_LENGTH} or {@link #OVERRUN}) of the prefix at a problem offset. */
    public static int problemAt(byte[] b, int off, int end, int maxBits, boolean addPath) {
        return next(b, off, end, maxBits, addPath);
    }

    /**
     * Whether a list is ADD-PATH encoded. Which encoding a session uses is negotiated in OPEN, which a capture
     * may not hold, and path identifiers often parse as plain prefixes too (a path id of 1 reads as three /0
     * prefixes and a /1). So: plain when the plain walk is well formed with canonical prefixes (no bits set past
     * the length); else ADD-PATH when that walk is well formed (and canonical, if the plain walk was well formed).
     */
    public static boolean looksAddPath(byte[] b, int off, int end, int maxBits) {
        if (off >= end) {
            return false;
        }
        boolean plain = firstProblem(b, off, end, maxBits, false) < 0;
        if (plain && canonical(b, off, end, maxBits, false)) {
            return false;
        }
        if (firstProblem(b, off, end, maxBits, true) >= 0) {
            return false;
        }
        return !plain || canonical(b, off, end, maxBits, true);
    }

    /** True when no prefix of a well-formed list has bits set past its length. */
    private static boolean canonical(byte[] b, int off, int end, int maxBits, boolean addPath) {
        for (int p = off; p < end; ) {
            int n = next(b, p, end, maxBits, addPath);
            int bits = Bytes.u8(b, addPath ? p + 4 : p);
            if (bits % 8 != 0 && (Bytes.u8(b, n - 1) & (0xFF >> (bits % 8))) != 0) {
                return false;
            }
            p = n;
        }
        return true;
    }

    /** Calls {@code v} for each well-formed prefix; stops at the first bad one. Returns how many were seen. */
    public static int forEach(byte[] b, int off, int end, int maxBits, boolean addPath, Visitor v) {
        int count = 0;
        int p = off;
        while (p < end) {
            int n = next(b, p, end, maxBits, addPath);
            if (n < 0) {
                break;
            }
            int q = addPath ? p + 4 : p;
            v.prefix(b, q + 1, Bytes.u8(b, q), maxBits, addPath ? Bytes.u32(b, p) : -1);
            count++;
            p = n;
        }
        return count;
    }

    public static int count(byte[] b, int off, int end, int maxBits, boolean addPath) {
        int count = 0;
        for (int p = off; p < end; count++) {
            p = next(b, p, end, maxBits, addPath);
            if (p < 0) {
                break;
            }
        }
        return count;
    }

    /**
     * Appends {@code 10.244.1.0/24} or {@code 2001:db8::/32} for the prefix whose length byte is at {@code p}
     * (the caller checked its bytes are there). Allocates nothing: summaries print many prefixes.
     */
    public static void append(TextLine out, byte[] b, int p, int maxBits) {
        int bits = Bytes.u8(b, p);
        int present = Math.min(maxBits / 8, (bits + 7) / 8);
        if (maxBits == IPV4_BITS) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    out.append('.');
                }
                out.append(i < present ? Bytes.u8(b, p + 1 + i) : 0);
            }
        } else {
            byte[] addr = ADDRESS.get();
            java.util.Arrays.fill(addr, (byte) 0);
            System.arraycopy(b, p + 1, addr, 0, present);
            out.appendIpv6(addr, 0);
        }
        out.append('/').append(bits);
    }

    /** An IPv6 address padded to 16 bytes for TextLine's RFC 5952 printer, one per thread. */
    private static final ThreadLocal<byte[]> ADDRESS = ThreadLocal.withInitial(() -> new byte[16]);

    /** Text of the prefix whose length byte is at {@code p} (allocates; for findings and describe). */
    public static String text(byte[] b, int p, int maxBits) {
        TextLine t = new TextLine(48);
        append(t, b, p, maxBits);
        return t.toString();
    }

    /** Every well-formed prefix of the list as text, stopping at the first bad one (allocates). */
    public static List<String> texts(byte[] b, int off, int end, int maxBits, boolean addPath) {
        List<String> out = new ArrayList<>();
        forEach(b, off, end, maxBits, addPath, (bb, a, bits, size, id) -> out.add(text(bb, a - 1, size)));
        return out;
    }

    /** An array {@code name} of prefix texts (objects with path-id under ADD-PATH), up to the first bad one. */
    static void describe(FieldSink out, String name, byte[] b, int off, int end, int bits) {
        boolean addPath = looksAddPath(b, off, end, bits);
        out.beginArray(name);
        for (int p = off; p < end; ) {
            int n = next(b, p, end, bits, addPath);
            if (n < 0) {
                break;
            }
            if (addPath) {
                out.beginObject(null, p, n - p);
                out.field("path-id", Bytes.u32(b, p), p, 4);
                out.field("prefix", text(b, p + 4, bits), p + 4, n - p - 4);
                out.endObject();
            } else {
                out.field(null, text(b, p, bits), p, n - p);
            }
            p = n;
        }
        out.endArray();
    }
}
