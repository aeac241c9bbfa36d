package io.hoptrace.decoders;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable ASCII line builder for summaries. Printing a million lines through String.format or StringBuilder
 * plus a charset encoder costs more than decoding them; this appends numbers and addresses straight as bytes.
 */
public final class TextLine {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** "00" to "99": numbers are written two digits per step, which halves the divisions. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** Per byte value, its decimal text (three bytes, low byte first, unused ones 0) and its length in bits 24-31. */
    private static final int[] OCTETS = new int[256];
    /** Below this, {@code v / 100} is {@code (v * 0x51EB851F) >>> 37} (exact for every 32-bit value). */
    private static final long UINT32_LIMIT = 1L << 32;
    private static final long TEN_DIGITS = 10_000_000_000L;

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        for (int v = 0; v < 256; v++) {
            byte[] text = Integer.toString(v).getBytes(StandardCharsets.US_ASCII);
            int packed = text.length << 24;
            for (int i = 0; i < text.length; i++) {
                packed |= text[i] << (8 * i);
            }
            OCTETS[v] = packed;
        }
    }

    private static final int KNOWN_SLOTS = 512;
    private static final int KNOWN_AFTER = 256;
    private static final int KNOWN_MAX_LENGTH = 48;

    private byte[] buf;
    private int len;
    /** Printable strings appended before and their bytes, by slot: see {@link #remember}. */
    private String[] knownText;
    private byte[][] knownBytes;
    private int stringsBeforeTable;

    public TextLine() {
        this(256);
    }

    public TextLine(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public TextLine clear() {
        len = 0;
        return this;
    }

    public int length() {
        return len;
    }

    public void setLength(int newLength) {
        len = Math.min(len, Math.max(0, newLength));
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public TextLine append(char c) {
        ensure(1);
        buf[len++] = (byte) (c < 0x80 ? c : '?');
        return this;
    }

    /** Appends text; non-ASCII characters become '?', control characters are escaped as \xNN. */
    public TextLine append(String s) {
        // kept small: the JIT copies this into every caller, and summaries call it dozens of times per line
        int h = s.hashCode();
        int slot = (h ^ (h >>> 12)) & (KNOWN_SLOTS - 1);
        String[] known = knownText;
        return known != null && known[slot] == s ? appendAscii(knownBytes[slot]) : appendNew(s, slot);
    }

    private TextLine appendAscii(byte[] bytes) {
        int n = bytes.length;
        ensure(n);
        System.arraycopy(bytes, 0, buf, len, n);
        len += n;
        return this;
    }

    private TextLine appendNew(String s, int slot) {
        int n = s.length();
        ensure(n);
        // the common case, printable ASCII, in locals: a field store per character costs as much as the rest
        byte[] b = buf;
        int start = len;
        int p = start;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                len = p;
                return appendSlowly(s, i);
            }
            b[p++] = (byte) c;
        }
        len = p;
        remember(s, slot, start);
        return this;
    }

    /**
     * Keeps the bytes of a printable string just appended, by identity: the strings appended are nearly all
     * literals, the same objects every time, and copying their bytes beats a loop over their characters (by much
     * in C1-compiled code). A slot keeps the first string that lands in it. Lines that append few strings (one
     * summary made for a test) never make the table.
     */
    private void remember(String s, int slot, int start) {
        if (knownText == null) {
            if (++stringsBeforeTable < KNOWN_AFTER || s.length() > KNOWN_MAX_LENGTH) {
                return;
            }
            knownText = new String[KNOWN_SLOTS];
            knownBytes = new byte[KNOWN_SLOTS][];
        }
        if (knownText[slot] == null && s.length() <= KNOWN_MAX_LENGTH) {
            knownBytes[slot] = Arrays.copyOfRange(buf, start, start + s.length());
            knownText[slot] = s;
        }
    }

    private TextLine appendSlowly(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                appendEscaped(c);
            } else {
                ensure(1);
                buf[len++] = (byte) (c < 0x80 ? c : '?');
            }
        }
        return this;
    }

    private void appendEscaped(int c) {
        ensure(4);
        buf[len++] = '\\';
        buf[len++] = 'x';
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    /** Appends bytes from a packet as printable ASCII (others escaped), as tcpdump does for strings. */
    public TextLine appendPrintable(byte[] b, int off, int n) {
        ensure(n);
        byte[] dst = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xFF;
            if (c < 0x20 || c >= 0x7F) {
                len = p;
                appendEscaped(c);
                ensure(n - i - 1);
                dst = buf;
                p = len;
                continue;
            }
            dst[p++] = (byte) c;
        }
        len = p;
        return this;
    }

    public TextLine append(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ensure(MIN_LONG.length);
                System.arraycopy(MIN_LONG, 0, buf, len, MIN_LONG.length);
                len += MIN_LONG.length;
                return this;
            }
            append('-');
            v = -v;
        }
        int digits = decimalLength(v);
        ensure(digits);
        len += digits;
        writeDecimal(v, buf, len);
        return this;
    }

    /** Appends {@code v} with at least {@code width} digits, zero-padded (timestamps). */
    public TextLine appendPadded(long v, int width) {
        return appendPadded(v, width, (byte) '0');
    }

    /** Appends {@code v} right-aligned in {@code width} columns, space-padded (packet numbers). */
    public TextLine appendRightAligned(long v, int width) {
        return appendPadded(v, width, (byte) ' ');
    }

    private TextLine appendPadded(long v, int width, byte pad) {
        if (v < 0) {
            // a sign inside zero padding has no good form; the old one, kept: padding, then the signed number
            for (int i = 1; i < width; i++) {
                append((char) pad);
            }
            return append(v);
        }
        int digits = decimalLength(v);
        int n = Math.max(digits, width);
        ensure(n);
        byte[] b = buf;
        int p = len;
        for (int end = p + n - digits; p < end; p++) {
            b[p] = pad;
        }
        len += n;
        writeDecimal(v, b, len);
        return this;
    }

    /** Digits of {@code v >= 0}: comparisons, no division. */
    private static int decimalLength(long v) {
        if (v < 100_000) {
            return v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10_000 ? 4 : 5;
        }
        if (v < 10_000_000_000L) {
            return v < 10_000_000 ? (v < 1_000_000 ? 6 : 7) : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
        }
        int n = 10;
        for (long x = v / 10_000_000_000L; x > 0; x /= 10) {
            n++;
        }
        return n;
    }

    /**
     * Writes the digits of {@code v >= 0} right to left, the last one at {@code end - 1}. Below 2^32 (ports,
     * lengths, sequence numbers: nearly every number) the division by 100 is a multiplication and a shift, which
     * C2 would find itself but C1 would not.
     */
    private static void writeDecimal(long v, byte[] b, int end) {
        if (v >= UINT32_LIMIT) {
            // 64-bit counters, rare: the low ten digits, zeros included, then the rest (below 2^32 by then)
            writeTenDigits(v % TEN_DIGITS, b, end);
            v /= TEN_DIGITS;
            end -= 10;
            if (v == 0) {
                return;
            }
        }
        int p = end;
        while (v >= 100) {
            long q = (v * 0x51EB851FL) >>> 37;
            int r = (int) (v - q * 100) << 1;
            b[--p] = DIGIT_PAIRS[r + 1];
            b[--p] = DIGIT_PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            int r = (int) v << 1;
            b[--p] = DIGIT_PAIRS[r + 1];
            b[--p] = DIGIT_PAIRS[r];
        } else {
            b[--p] = (byte) ('0' + v);
        }
    }

    private static void writeTenDigits(long v, byte[] b, int end) {
        for (int p = end - 1; p >= end - 10; p--) {
            long q = v / 10;
            b[p] = (byte) ('0' + (v - q * 10));
            v = q;
        }
    }

    public TextLine appendHex(long v) {
        ensure(16);
        if (v == 0) {
            buf[len++] = '0';
            return this;
        }
        int shift = (63 - Long.numberOfLeadingZeros(v)) & ~3;
        for (; shift >= 0; shift -= 4) {
            buf[len++] = HEX[(int) (v >>> shift) & 0xF];
        }
        return this;
    }

    public TextLine appendHexByte(int v) {
        ensure(2);
        buf[len++] = HEX[(v >> 4) & 0xF];
        buf[len++] = HEX[v & 0xF];
        return this;
    }

    public TextLine appendIpv4(byte[] b, int off) {
        // each octet's text from a table, stored as three bytes whatever its length (room for 15 is enough: the
        // last octet starts 12 bytes in at most)
        ensure(15);
        byte[] dst = buf;
        int p = octet(dst, len, b[off] & 0xFF);
        dst[p++] = '.';
        p = octet(dst, p, b[off + 1] & 0xFF);
        dst[p++] = '.';
        p = octet(dst, p, b[off + 2] & 0xFF);
        dst[p++] = '.';
        len = octet(dst, p, b[off + 3] & 0xFF);
        return this;
    }

    private static int octet(byte[] dst, int p, int v) {
        int text = OCTETS[v];
        dst[p] = (byte) text;
        dst[p + 1] = (byte) (text >> 8);
        dst[p + 2] = (byte) (text >> 16);
        return p + (text >>> 24);
    }

    /** RFC 5952 form: lower-case, leading zeros dropped, the longest run (2+) of zero groups as "::". */
    public TextLine appendIpv6(byte[] b, int off) {
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (Bytes.u16(b, off + 2 * i) == 0) {
                int j = i;
                while (j < 8 && Bytes.u16(b, off + 2 * j) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestLen = j - i;
                    bestStart = i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        // IPv4-mapped addresses read as ::ffff:a.b.c.d, as tcpdump and tshark print them
        boolean mapped = bestStart == 0 && bestLen == 5 && Bytes.u16(b, off + 10) == 0xFFFF;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                append("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) {
                append(':');
            }
            if (mapped && i == 6) {
                appendIpv4(b, off + 12);
                break;
            }
            appendHex(Bytes.u16(b, off + 2 * i));
        }
        return this;
    }

    public TextLine appendMac(byte[] b, int off) {
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                append(':');
            }
            appendHexByte(b[off + i] & 0xFF);
        }
        return this;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** Copies the line into {@code dst} at {@code pos}; returns the new position. */
    public int copyTo(byte[] dst, int pos) {
        System.arraycopy(buf, 0, dst, pos, len);
        return pos + len;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
    }
}
