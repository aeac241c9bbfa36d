package io.hoptrace.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-side reading of the generator's output, written apart from the generator so that a bug in one is not
 * mirrored in the other: splits a classic pcap into frames and checks each frame's lengths and checksums.
 */
final class PcapFrames {
    record Frame(long timestampNanos, int wireLength, byte[] bytes) {
    }

    private PcapFrames() {
    }

    static List<Frame> read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != 0xA1B23C4D) {
            throw new AssertionError("not a little-endian nanosecond pcap");
        }
        b.position(20);
        if (b.getInt() != 1) {
            throw new AssertionError("link type is not Ethernet");
        }
        List<Frame> frames = new ArrayList<>();
        while (b.remaining() > 0) {
            long sec = b.getInt() & 0xFFFFFFFFL;
            long nanos = b.getInt() & 0xFFFFFFFFL;
            int incl = b.getInt();
            int orig = b.getInt();
            byte[] f = new byte[incl];
            b.get(f);
            frames.add(new Frame(sec * 1_000_000_000L + nanos, orig, f));
        }
        return frames;
    }

    /** Checks every header of an Ethernet frame down to the transport; returns a problem or null. */
    static String check(byte[] f) {
        int etherType = u16(f, 12);
        return network(f, 14, f.length, etherType, false);
    }

    private static String network(byte[] f, int off, int limit, int etherType, boolean quoted) {
        if (etherType == 0x0800) {
            int ihl = (f[off] & 0x0F) * 4;
            int total = u16(f, off + 2);
            if ((f[off] >> 4 & 0xF) != 4 || ihl != 20) {
                return "IPv4 version/IHL at " + off;
            }
            if (sum(f, off, ihl, 0) != 0xFFFF) {
                return "IPv4 header checksum at " + off;
            }
            if (quoted) {
                return null;
            }
            String end = ends(off + total, limit, f.length);
            if (end != null) {
                return "IPv4 total length " + total + ": " + end;
            }
            int flags = u16(f, off + 6);
            if ((flags & 0x3FFF) != 0) {
                return null; // a fragment: the transport checksum covers the reassembled datagram
            }
            int proto = f[off + 9] & 0xFF;
            int pseudo = sum(f, off + 12, 8, proto + total - ihl);
            return transport(f, off + ihl, off + total, proto, pseudo);
        }
        if (etherType == 0x86DD) {
            int payload = u16(f, off + 4);
            String end = ends(off + 40 + payload, limit, f.length);
            if (end != null) {
                return "IPv6 payload length " + payload + ": " + end;
            }
            int next = f[off + 6] & 0xFF;
            int pseudo = sum(f, off + 8, 32, next + payload);
            return transport(f, off + 40, off + 40 + payload, next, pseudo);
        }
        return "unexpected ethertype " + Integer.toHexString(etherType);
    }

    /**
     * A packet must fill what encloses it exactly; only the outermost one, in a frame of the 60-byte Ethernet
     * minimum, may be followed by padding.
     */
    private static String ends(int packetEnd, int limit, int frameLength) {
        if (packetEnd > limit) {
            return "runs " + (packetEnd - limit) + " bytes past its container";
        }
        if (packetEnd < limit && !(limit == frameLength && frameLength == 60)) {
            return (limit - packetEnd) + " bytes left after it";
        }
        return null;
    }

    private static String transport(byte[] f, int off, int end, int proto, int pseudo) {
        switch (proto) {
            case 6 -> {
                if (sum(f, off, end - off, pseudo) != 0xFFFF) {
                    return "TCP checksum at " + off;
                }
                int dataOffset = (f[off + 12] >> 4 & 0xF) * 4;
                return dataOffset < 20 || off + dataOffset > end ? "TCP data offset" : null;
            }
            case 17 -> {
                if (u16(f, off + 4) != end - off) {
                    return "UDP length " + u16(f, off + 4) + " != " + (end - off);
                }
                boolean vxlan = u16(f, off + 2) == 8472;
                if (u16(f, off + 6) != 0 && sum(f, off, end - off, pseudo) != 0xFFFF) {
                    return "UDP checksum at " + off;
                }
                if (u16(f, off + 6) == 0 && !vxlan) {
                    return "UDP without checksum outside VXLAN";
                }
                if (vxlan) {
                    if (f[off + 8] != 0x08) {
                        return "VXLAN flags";
                    }
                    return network(f, off + 30, end, u16(f, off + 28), false);
                }
                return null;
            }
            case 4 -> {
                return network(f, off, end, 0x0800, false);
            }
            case 1 -> {
                if (sum(f, off, end - off, 0) != 0xFFFF) {
                    return "ICMP checksum at " + off;
                }
                int type = f[off] & 0xFF;
                return type == 3 ? network(f, off + 8, end, 0x0800, true) : null;
            }
            case 58 -> {
                return sum(f, off, end - off, pseudo) != 0xFFFF ? "ICMPv6 checksum at " + off : null;
            }
            default -> {
                return "unexpected IP protocol " + proto;
            }
        }
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }

    /** One's-complement sum, folded; 0xFFFF over a block that includes its correct checksum. */
    private static int sum(byte[] b, int off, int len, int initial) {
        long s = initial;
        for (int i = 0; i < len; i++) {
            s += (i % 2 == 0 ? (b[off + i] & 0xFF) << 8 : b[off + i] & 0xFF);
        }
        while (s > 0xFFFF) {
            s = (s >> 16) + (s & 0xFFFF);
        }
        return (int) s;
    }
}
