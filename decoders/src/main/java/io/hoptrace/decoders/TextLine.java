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

    private byte[] buf;
    private int len;

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
        int n = s.length();
        ensure(n);
        // the common case, printable ASCII, in locals: a field store per character costs as much as the rest
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                len = p;
                return appendSlowly(s, i);
            }
            b[p++] = (byte) c;
        }
        len = p;
        return this;
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
        // digits written from the right end, no reversal; int division where the value fits (most do)
        int digits = digits(v);
        ensure(digits);
        byte[] b = buf;
        int p = len + digits;
        len = p;
        while (v > Integer.MAX_VALUE) {
            long q = v / 10;
            b[--p] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        int w = (int) v;
        while (w >= 10) {
            int q = w / 10;
            b[--p] = (byte) ('0' + (w - q * 10));
            w = q;
        }
        b[--p] = (byte) ('0' + w);
        return this;
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10_000) {
            v /= 10_000;
            n += 4;
        }
        return v >= 1000 ? n + 3 : v >= 100 ? n + 2 : v >= 10 ? n + 1 : n;
    }

    /** Appends {@code v} with at least {@code width} digits, zero-padded (timestamps). */
    public TextLine appendPadded(long v, int width) {
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            append('0');
        }
        return append(v);
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
        ensure(15);
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                buf[len++] = '.';
            }
            int v = b[off + i] & 0xFF;
            if (v >= 100) {
                buf[len++] = (byte) ('0' + v / 100);
            }
            if (v >= 10) {
                buf[len++] = (byte) ('0' + (v / 10) % 10);
            }
            buf[len++] = (byte) ('0' + v % 10);
        }
        return this;
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
