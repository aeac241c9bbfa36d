package io.hoptrace.bench.gen;

/**
 * Writes one Ethernet frame header by header, outermost first, into a reused buffer. Lengths and checksums
 * depend on what follows a header, so each IP, UDP, TCP and ICMP header stays open until {@link #finish}, which
 * closes them innermost first (a transport checksum needs the payload; an outer IP length needs the inner
 * packet). Only what the generator needs: no options parsing, no validation.
 */
public final class FrameBuilder {
    /** Ethernet minimum without the FCS; shorter frames are padded with zeros, as NICs do. */
    public static final int MIN_FRAME = 60;

    private static final int ETHERNET = 0;
    private static final int IPV4 = 1;
    private static final int IPV6 = 2;
    private static final int UDP = 3;
    private static final int UDP_NO_CHECKSUM = 4;
    private static final int TCP = 5;
    private static final int ICMP = 6;
    private static final int ICMPV6 = 7;

    private final byte[] buf = new byte[70_000];
    private int pos;
    private final int[] kind = new int[16];
    private final int[] start = new int[16];
    private int open;

    public FrameBuilder reset() {
        pos = 0;
        open = 0;
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    public int position() {
        return pos;
    }

    private void push(int k) {
        kind[open] = k;
        start[open] = pos;
        open++;
    }

    public FrameBuilder u8(int v) {
        buf[pos++] = (byte) v;
        return this;
    }

    public FrameBuilder u16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public FrameBuilder u32(long v) {
        u16((int) (v >>> 16));
        return u16((int) v);
    }

    public FrameBuilder mac(long v) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
        return this;
    }

    public FrameBuilder bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public FrameBuilder bytes(byte[] b, int off, int n) {
        System.arraycopy(b, off, buf, pos, n);
        pos += n;
        return this;
    }

    /** {@code n} payload bytes: a repeating text pattern, so payloads look like data rather than zeros. */
    public FrameBuilder filler(int n, int seed) {
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) ('a' + (seed + i) % 26);
        }
        return this;
    }

    /** DNS-style name: length-prefixed labels ending with the root label. */
    public FrameBuilder dnsName(String name) {
        int labelStart = pos++;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                buf[labelStart] = (byte) (pos - labelStart - 1);
                labelStart = pos++;
            } else {
                buf[pos++] = (byte) c;
            }
        }
        buf[labelStart] = (byte) (pos - labelStart - 1);
        if (pos - labelStart > 1) {
            buf[pos++] = 0;
        }
        return this;
    }

    public FrameBuilder ethernet(long dst, long src, int etherType) {
        push(ETHERNET);
        return mac(dst).mac(src).u16(etherType);
    }

    /** IPv4 header without options; total length and checksum are filled in by {@link #finish}. */
    public FrameBuilder ipv4(int src, int dst, int protocol, int id, int ttl, boolean dontFragment) {
        return ipv4(src, dst, protocol, id, ttl, dontFragment ? 0x4000 : 0);
    }

    /** {@code flagsAndOffset}: the raw 16-bit field (DF 0x4000, MF 0x2000, offset in 8-byte units). */
    public FrameBuilder ipv4(int src, int dst, int protocol, int id, int ttl, int flagsAndOffset) {
        push(IPV4);
        u8(0x45).u8(0).u16(0).u16(id).u16(flagsAndOffset).u8(ttl).u8(protocol).u16(0);
        return u32(src & 0xFFFFFFFFL).u32(dst & 0xFFFFFFFFL);
    }

    public FrameBuilder ipv6(byte[] src, byte[] dst, int nextHeader, int hopLimit, int flowLabel) {
        push(IPV6);
        u32(0x6000_0000L | (flowLabel & 0xFFFFF)).u16(0).u8(nextHeader).u8(hopLimit);
        return bytes(src).bytes(dst);
    }

    public FrameBuilder udp(int srcPort, int dstPort) {
        push(UDP);
        return u16(srcPort).u16(dstPort).u16(0).u16(0);
    }

    /** UDP with a zero checksum, as the Linux VXLAN driver sends over IPv4. */
    public FrameBuilder udpNoChecksum(int srcPort, int dstPort) {
        push(UDP_NO_CHECKSUM);
        return u16(srcPort).u16(dstPort).u16(0).u16(0);
    }

    /** TCP header; {@code options} must be a multiple of 4 bytes long. */
    public FrameBuilder tcp(int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] options) {
        push(TCP);
        int dataOffset = (20 + options.length) / 4;
        u16(srcPort).u16(dstPort).u32(seq).u32(ack).u8(dataOffset << 4).u8(flags).u16(window).u16(0).u16(0);
        return bytes(options);
    }

    /** ICMP header: type, code, checksum (filled later) and the 4-byte rest of header. */
    public FrameBuilder icmp(int type, int code, long restOfHeader) {
        push(ICMP);
        return u8(type).u8(code).u16(0).u32(restOfHeader);
    }

    public FrameBuilder icmpv6(int type, int code, long restOfHeader) {
        push(ICMPV6);
        return u8(type).u8(code).u16(0).u32(restOfHeader);
    }

    /** VXLAN header with the I flag and {@code vni}; Flannel uses VNI 1. */
    public FrameBuilder vxlan(int vni) {
        return u8(0x08).u8(0).u16(0).u32(((long) vni << 8) & 0xFFFFFFFFL);
    }

    /** Closes every open header, pads to the Ethernet minimum and returns the frame length. */
    public int finish() {
        closeAll();
        while (pos < MIN_FRAME) {
            buf[pos++] = 0;
        }
        return pos;
    }

    /** Closes every open header without padding (for a datagram that is about to be fragmented or quoted). */
    public int closeAll() {
        for (int i = open - 1; i >= 0; i--) {
            close(i);
        }
        open = 0;
        return pos;
    }

    private void close(int i) {
        int s = start[i];
        int len = pos - s;
        switch (kind[i]) {
            case IPV4 -> {
                put16(s + 2, len);
                put16(s + 10, 0);
                put16(s + 10, ~Checksums.sum(buf, s, 20, 0));
            }
            case IPV6 -> put16(s + 4, len - 40);
            case UDP, UDP_NO_CHECKSUM -> {
                put16(s + 4, len);
                if (kind[i] == UDP) {
                    int c = transportChecksum(i, 17, s, len, s + 6);
                    put16(s + 6, c == 0 ? 0xFFFF : c);
                }
            }
            case TCP -> transportChecksum(i, 6, s, len, s + 16);
            case ICMP -> {
                put16(s + 2, 0);
                put16(s + 2, ~Checksums.sum(buf, s, len, 0));
            }
            case ICMPV6 -> transportChecksum(i, 58, s, len, s + 2);
            default -> {
            }
        }
    }

    /** Checksum with the pseudo-header of the IP header just below layer {@code i}; stores it and returns it. */
    private int transportChecksum(int i, int protocol, int s, int len, int at) {
        int ip = i - 1;
        put16(at, 0);
        int pseudo;
        if (kind[ip] == IPV4) {
            pseudo = Checksums.sum(buf, start[ip] + 12, 8, protocol + len);
        } else {
            pseudo = Checksums.sum(buf, start[ip] + 8, 32, protocol + len);
        }
        int c = ~Checksums.sum(buf, s, len, pseudo) & 0xFFFF;
        put16(at, c);
        return c;
    }

    /** Overwrites two bytes written earlier (a length known only after what follows was written). */
    public void patch16(int at, int v) {
        put16(at, v);
    }

    private void put16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }
}
