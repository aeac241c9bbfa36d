package io.hoptrace.bench.gen;

/** The Internet checksum (RFC 1071): one's-complement sum of 16-bit big-endian words. */
public final class Checksums {
    private Checksums() {
    }

    /** Folded 16-bit sum of {@code b[off, off+len)} plus {@code initial}; the checksum is its complement. */
    public static int sum(byte[] b, int off, int len, int initial) {
        long s = initial & 0xFFFFFFFFL;
        int end = off + len - 1;
        int i = off;
        for (; i < end; i += 2) {
            s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i == end) {
            s += (b[i] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }
}
