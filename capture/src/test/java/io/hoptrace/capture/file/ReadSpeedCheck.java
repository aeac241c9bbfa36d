package io.hoptrace.capture.file;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.Pcaps;

/**
 * Not a test: a quick read-speed comparison for the README (the JMH suites live in the bench module). Writes a pcap
 * of 1 M 60-byte frames (microsecond magic, as tcpdump writes) and reads it several times with hoptrace's reader and
 * with pcap4j's loop(). Run: {@code java -cp <test classpath> io.hoptrace.capture.file.ReadSpeedCheck [file] [rounds]}.
 */
public final class ReadSpeedCheck {
    private static final int PACKETS = 1_000_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static volatile long sink;
    /** Packets per CPU-second of the reading thread in the last run: steadier than wall time on a busy machine. */
    private static double lastCpuRate;

    private ReadSpeedCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/hoptrace-1m-60.pcap");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        if (!Files.exists(file) || Files.size(file) != 24 + PACKETS * 76L) {
            generate(file);
        }
        String[] names = {"hoptrace", "hoptrace+copy", "pcap4j loop()", "pcap4j loop()+timestamp"};
        double[][] wall = new double[names.length][rounds];
        double[][] cpu = new double[names.length][rounds];
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
            for (int v = 0; v < names.length; v++) {
                wall[v][r] = switch (v) {
                    case 0 -> hoptrace(file, false);
                    case 1 -> hoptrace(file, true);
                    case 2 -> pcap4jLoop(file, false);
                    default -> pcap4jLoop(file, true);
                };
                cpu[v][r] = lastCpuRate;
                line.append(String.format(" %s %.2f", names[v], wall[v][r]));
            }
            System.out.println(line + " M packets/s");
        }
        System.out.println("M packets/s over " + rounds + " rounds: wall median (best), per CPU-second median");
        for (int v = 0; v < names.length; v++) {
            System.out.printf("  %-24s %7.2f (%6.2f)  %7.2f%n", names[v], median(wall[v]), best(wall[v]),
                    median(cpu[v]));
        }
    }

    private static void generate(Path file) throws Exception {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer b = ByteBuffer.allocate(76).order(ByteOrder.LITTLE_ENDIAN);
            out.write(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA1B2C3D4).putShort((short) 2)
                    .putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array());
            for (int i = 0; i < PACKETS; i++) {
                b.clear();
                b.putInt(1_763_700_000 + i / 1_000_000).putInt(i % 1_000_000).putInt(60).putInt(60);
                for (int j = 0; j < 60; j++) {
                    b.put((byte) (i + j));
                }
                out.write(b.array());
            }
        }
    }

    private static double hoptrace(Path file, boolean copy) throws Exception {
        long cpu = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long n = 0;
        long sum = 0;
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                n++;
                sum += copy ? r.copyBytes()[0] : r.data[r.offset] + r.timestampNanos + r.wireLength;
            }
        }
        sink = sum;
        return rate(n, start, cpu);
    }

    private static double pcap4jLoop(Path file, boolean metadata) throws Exception {
        long cpu = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long[] n = new long[2];
        PcapHandle handle = Pcaps.openOffline(file.toString(), TimestampPrecision.NANO);
        try {
            handle.loop(-1, (byte[] packet) -> {
                n[0]++;
                // timestamp and original length are thread-locals: read them on the capture thread, as hoptrace must
                n[1] += metadata ? packet[0] + handle.getTimestamp().getNanos() + handle.getOriginalLength()
                        : packet[0];
            });
        } finally {
            handle.close();
        }
        sink = n[1];
        return rate(n[0], start, cpu);
    }

    private static double rate(long n, long startNanos, long startCpuNanos) {
        long wall = System.nanoTime() - startNanos;
        long cpu = CPU.getCurrentThreadCpuTime() - startCpuNanos;
        if (n != PACKETS) {
            throw new IllegalStateException("read " + n + " packets, expected " + PACKETS);
        }
        lastCpuRate = n * 1e3 / cpu;
        return n * 1e3 / wall;
    }

    private static double best(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
