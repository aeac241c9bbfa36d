package io.hoptrace.bench;

import io.hoptrace.bench.gen.Cluster;
import io.hoptrace.bench.gen.PcapFileWriter;
import io.hoptrace.bench.gen.TrafficMix;
import io.hoptrace.bench.gen.Wire;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes a synthetic Kubernetes capture for benchmarks and tests: a classic pcap (nanosecond timestamps,
 * Ethernet) mixing Flannel VXLAN, Calico IP-in-IP, BGP, plain TCP/UDP, IPv6, IPv4 fragments and ICMP
 * "fragmentation needed", with correct lengths and checksums. The same seed and options give the same bytes.
 * Streams: memory does not grow with the number of packets.
 */
public final class CaptureGenerator {
    static final String USAGE = """
            usage: CaptureGenerator --out FILE|- [--packets N] [--target-bytes B] [--seed S]
                                    [--weights kind=w,...] [--http-body BYTES] [--start ISO-INSTANT]
              --packets N       write exactly N packets (default 1000000, or none with --target-bytes alone)
              --target-bytes B  keep writing until the file holds at least B bytes (k, M, G suffixes)
              --seed S          random seed (default 1); same seed and options, same file
              --weights         share of each kind of traffic, relative; defaults: %s
              --http-body BYTES typical HTTP response body (default 2400: mean frame ~430 bytes; 200 gives
                                ~190 bytes, so 10M packets make about 2 GB)
              --start           timestamp of the first packet (default 2026-11-21T10:00:00Z)
            """;
    static final long DEFAULT_PACKETS = 1_000_000;

    private CaptureGenerator() {
    }

    /** What one run writes. */
    public record Options(Path out, long packets, long targetBytes, long seed, Map<TrafficMix.Kind, Double> weights,
                          int httpBody, Instant start) {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CaptureGenerator: " + e.getMessage());
            System.err.printf(USAGE, weightsText(TrafficMix.defaultWeights()));
            System.exit(2);
            return;
        }
        try {
            long t0 = System.nanoTime();
            String report = generate(o);
            System.err.printf(Locale.ROOT, "%s in %.1f s%n%s", o.out() == null ? "stdout" : o.out(),
                    (System.nanoTime() - t0) / 1e9, report);
        } catch (IOException e) {
            System.err.println("CaptureGenerator: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes the capture and returns a summary of what it holds. */
    public static String generate(Options o) throws IOException {
        try (WritableByteChannel ch = o.out() == null ? Channels.newChannel(System.out)
                : FileChannel.open(o.out(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            return generate(o, ch);
        }
    }

    public static String generate(Options o, WritableByteChannel ch) throws IOException {
        Random rnd = new Random(o.seed());
        Cluster cluster = new Cluster(rnd);
        TrafficMix mix = new TrafficMix(cluster, o.weights(), o.httpBody());
        long startNanos = o.start().getEpochSecond() * 1_000_000_000L + o.start().getNano();
        try (PcapFileWriter out = new PcapFileWriter(ch, 1 << 20)) {
            Wire w = new Wire(rnd, out, startNanos);
            if (o.targetBytes() == 0) {
                w.packetLimit(o.packets());
            }
            while (out.packets() < o.packets() || out.bytesWritten() < o.targetBytes()) {
                mix.step(w, out);
            }
            return String.format(Locale.ROOT, "%d packets, %d bytes (%.1f MB), mean frame %d bytes%n%s",
                    out.packets(), out.bytesWritten(), out.bytesWritten() / 1e6,
                    out.packets() == 0 ? 0 : (out.bytesWritten() - 24) / out.packets() - 16, mix.report());
        }
    }

    static Options parse(String[] args) {
        Path out = null;
        boolean outGiven = false;
        Long packets = null;
        long targetBytes = 0;
        long seed = 1;
        Map<TrafficMix.Kind, Double> weights = TrafficMix.defaultWeights();
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        long httpBody = TrafficMix.DEFAULT_BODY;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException("help");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> {
                    out = v.equals("-") ? null : Path.of(v);
                    outGiven = true;
                }
                case "--packets" -> packets = size(a, v);
                case "--target-bytes" -> targetBytes = size(a, v);
                case "--seed" -> seed = number(a, v);
                case "--weights" -> weights(v, weights);
                case "--http-body" -> {
                    httpBody = size(a, v);
                    if (httpBody < 40 || httpBody > 1_000_000) {
                        throw new IllegalArgumentException("--http-body: between 40 and 1000000 bytes: " + v);
                    }
                }
                case "--start" -> {
                    try {
                        start = Instant.parse(v);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("--start: not an ISO instant: " + v);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!outGiven) {
            throw new IllegalArgumentException("--out is required");
        }
        if (out != null && out.getParent() != null && !Files.isDirectory(out.getParent())) {
            throw new IllegalArgumentException("no such directory: " + out.getParent());
        }
        long n = packets != null ? packets : targetBytes > 0 ? 0 : DEFAULT_PACKETS;
        return new Options(out, n, targetBytes, seed, weights, (int) httpBody, start);
    }

    private static long number(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: " + v);
        }
    }

    /** A count or a size with an optional k/M/G suffix (powers of 1000 for counts and bytes alike). */
    static long size(String option, String v) {
        long unit = 1;
        String digits = v;
        char last = v.isEmpty() ? ' ' : Character.toUpperCase(v.charAt(v.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1_000 : last == 'M' ? 1_000_000 : 1_000_000_000;
            digits = v.substring(0, v.length() - 1);
        }
        long n = number(option, digits.replace("_", ""));
        if (n < 0) {
            throw new IllegalArgumentException(option + ": must not be negative: " + v);
        }
        return Math.multiplyExact(n, unit);
    }

    private static void weights(String v, Map<TrafficMix.Kind, Double> weights) {
        for (String part : v.split(",")) {
            String[] kv = part.split("=", 2);
            TrafficMix.Kind kind = null;
            for (TrafficMix.Kind k : TrafficMix.Kind.values()) {
                if (k.key().equals(kv[0].trim())) {
                    kind = k;
                }
            }
            if (kind == null || kv.length != 2) {
                throw new IllegalArgumentException("--weights: expected kind=weight with kind one of "
                        + weightsText(TrafficMix.defaultWeights()) + ", got " + part);
            }
            try {
                double d = Double.parseDouble(kv[1].trim());
                if (d < 0 || Double.isNaN(d)) {
                    throw new NumberFormatException();
                }
                weights.put(kind, d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--weights: not a weight: " + part);
            }
        }
    }

    static String weightsText(Map<TrafficMix.Kind, Double> weights) {
        StringBuilder sb = new StringBuilder();
        weights.forEach((k, w) -> sb.append(sb.length() == 0 ? "" : ",").append(k.key()).append('=')
                .append(w % 1 == 0 ? String.valueOf(w.longValue()) : String.valueOf(w)));
        return sb.toString();
    }
}
