package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;

import io.hoptrace.capture.file.CaptureBytes.Option;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Hand-made captures with what a correct reader must make of them. */
final class Samples {
    private Samples() {
    }

    /** A hand-made capture, the packets in it and its interfaces. */
    record Sample(CaptureBytes capture, List<Frame> frames, List<InterfaceInfo> interfaces) {
    }

    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;
    static final long SECOND = 1_000_000_000L;

    /**
     * Three sections: little-endian with two interfaces (microseconds by default, nanoseconds), big-endian with one
     * interface counting in 2^-20 s with a 10 s offset, little-endian again in milliseconds. Every packet block
     * type, a comment in UTF-8, and the blocks a reader must skip (name resolution, decryption secrets, custom).
     */
    static Sample multiSection() {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        List<Frame> frames = new ArrayList<>();
        CaptureBytes c = CaptureBytes.pcapng()
                .section(le, Option.text(4, "handmade"))
                .interfaceBlock(1, 65535, Option.text(IF_NAME, "eth0"),
                        Option.text(IF_DESCRIPTION, "node=worker-1 iface=eth0"))
                .interfaceBlock(113, 128, Option.text(IF_NAME, "any"), Option.u8(IF_TSRESOL, 9))
                .enhancedPacket(0, 1_700_000_000_123_456L, frame(60, 1), 60, Option.text(1, "first"));
        frames.add(new Frame(1, 1_700_000_000_123_456_000L, 60, 0, 1, "first", frame(60, 1)));
        c.block(4, new byte[] {1, 0, 9, 0, 10, 0, 0, 1, 'h', 'o', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0});
        c.enhancedPacket(1, 1_700_000_001_000_000_123L, frame(128, 2), 1514);
        frames.add(new Frame(2, 1_700_000_001_000_000_123L, 1514, 1, 113, null, frame(128, 2)));
        c.simplePacket(100, frame(100, 3));
        frames.add(new Frame(3, 0, 100, 0, 1, null, frame(100, 3)));
        c.block(0x0000_0BAD, new byte[] {0, 0, 0x7e, (byte) 0xd3, 1, 2, 3, 4});
        c.statistics(0, 1_700_000_002_000_000L, CaptureBytes.timestamp(2, 1_700_000_000_000_000L, le),
                CaptureBytes.timestamp(3, 1_700_000_002_000_000L, le), CaptureBytes.u64(5, 7, le),
                CaptureBytes.u64(7, 3, le));

        c.section(be)
                .interfaceBlock(1, 64, Option.text(IF_NAME, "cni0"), Option.u8(IF_TSRESOL, 0x80 | 20),
                        CaptureBytes.u64(IF_TSOFFSET, 10, be))
                .obsoletePacket(0, (5L << 20) | (1L << 19), frame(50, 4), 50);
        frames.add(new Frame(4, 15 * SECOND + 500_000_000L, 50, 2, 1, null, frame(50, 4)));
        c.simplePacket(200, frame(64, 5));
        frames.add(new Frame(5, 0, 200, 2, 1, null, frame(64, 5)));
        c.block(0x0A, new byte[] {0x54, 0x4c, 0x53, 0x4b, 0, 0, 0, 4, 'k', 'e', 'y', '\n'});
        // 3 units of 2^-20 s: 2.861 microseconds, rounded toward zero to whole nanoseconds
        c.enhancedPacket(0, (7L << 20) | 3, frame(33, 6), 33, Option.text(1, "δ comment"));
        frames.add(new Frame(6, 17 * SECOND + 2_861L, 33, 2, 1, "δ comment", frame(33, 6)));

        c.section(le).interfaceBlock(101, 262144, Option.u8(IF_TSRESOL, 3))
                .enhancedPacket(0, 1234, frame(20, 7), 20, new Option(1, new byte[] {'n', 'u', 'l', 0}));
        frames.add(new Frame(7, 1_234_000_000L, 20, 3, 101, "nul", frame(20, 7)));

        List<InterfaceInfo> interfaces = List.of(
                new InterfaceInfo(0, 1, 65535, "eth0", "node=worker-1 iface=eth0", 0, 1_000_000L),
                new InterfaceInfo(1, 113, 128, "any", null, 0, SECOND),
                new InterfaceInfo(2, 1, 64, "cni0", null, 1, 1L << 20),
                new InterfaceInfo(3, 101, 262144, null, null, 2, 1000L));
        return new Sample(c, frames, interfaces);
    }
}
