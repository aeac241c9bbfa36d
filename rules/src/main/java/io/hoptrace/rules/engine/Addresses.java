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
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return isV4(hi, lo) ? Bytes.ipv4(b, 12) : Bytes.ipv6(b, 0);
    }
}
