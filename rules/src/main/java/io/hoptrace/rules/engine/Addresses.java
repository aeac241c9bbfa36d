package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Bytes;

/**
 * IP addresses as two longs, so the per-packet path keeps them in fields and arrays, never objects: IPv6 as its
 * 128 bits, IPv4 as the IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}: hi 0, lo 0xFFFF_xxxxxxxx).
 */
public final class Addresses {
    private static final long V4_MAPPED = 0xFFFFL << 32;

    private Addresses() {
    }

    public static long v4Lo(int v4) {
        return V4_MAPPED | (v4 & 0xFFFFFFFFL);
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xFFFFL;
    }

    private static long readLong(byte[] b, int off) {
        return ((long) Bytes.i32(b, off) << 32) | (Bytes.i32(b, off + 4) & 0xFFFFFFFFL);
    }

    /** The high 64 bits of the IPv6 address at {@code off}. */
    public static long v6Hi(byte[] b, int off) {
        return readLong(b, off);
    }

    public static long v6Lo(byte[] b, int off) {
        return readLong(b, off + 8);
    }

    /** Text form: dotted quad for IPv4, RFC 5952 compressed for IPv6. Allocates: for output only. */
    public static String format(long hi, long lo) {
        if (isV4(hi, lo)) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
