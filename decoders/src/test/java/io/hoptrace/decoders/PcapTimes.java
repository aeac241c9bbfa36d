package io.hoptrace.decoders;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Rewrites capture times in test copies, as if a node's clock ran ahead; shared by the cli and ui tests. */
public final class PcapTimes {
    private PcapTimes() {
    }

    /** Adds {@code nanos} to every record's time of a pcap file (either byte order, micro- or nanosecond stamps). */
    public static void shift(Path pcap, long nanos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        long perSecond = magic == 0xa1b23c4d ? 1_000_000_000L : 1_000_000L;
        long unit = 1_000_000_000L / perSecond;
        if (nanos % unit != 0) {
            throw new IllegalArgumentException("the shift must be a whole number of the file's time units");
        }
        for (int at = 24; at + 16 <= b.limit(); at += 16 + b.getInt(at + 8)) {
            long t = (b.getInt(at) & 0xFFFF_FFFFL) * perSecond + (b.getInt(at + 4) & 0xFFFF_FFFFL) + nanos / unit;
            b.putInt(at, (int) (t / perSecond));
            b.putInt(at + 4, (int) (t % perSecond));
        }
        Files.write(pcap, b.array());
    }

    /** Copies the tree {@code from} (a sample bundle) to {@code to}; returns {@code to}. */
    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }
}
