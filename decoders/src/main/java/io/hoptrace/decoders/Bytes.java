package io.hoptrace.decoders;

/** Big-endian reads over a byte array; callers check bounds first (decoders compare against their limit). */
public final class Bytes {
    private Bytes() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    public static int u24(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }

    public static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }

    public static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static long u64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xFFFFFFFFL);
    }

    public static int u16le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    public static int i32le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16) | ((b[off + 3] & 0xFF) << 24);
    }

    /** Dotted-quad text of the IPv4 address at {@code off} (allocates: for the edges, not the hot path). */
    public static String ipv4(byte[] b, int off) {
        return u8(b, off) + "." + u8(b, off + 1) + "." + u8(b, off + 2) + "." + u8(b, off + 3);
    }

    /** RFC 5952 text of the IPv6 address at {@code off} (allocates). */
    public static String ipv6(byte[] b, int off) {
        TextLine t = new TextLine(48);
        t.appendIpv6(b, off);
        return t.toString();
    }

    public static String mac(byte[] b, int off) {
        TextLine t = new TextLine(17);
        t.appendMac(b, off);
        return t.toString();
    }
}
