package io.hoptrace.bench;

import io.hoptrace.bench.gen.TrafficMix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The generated mix held in memory for benchmarks: the pcap file's bytes and, per frame, where it starts and
 * how long it is, so a benchmark decodes views into one array as the file reader hands them out.
 */
public final class MixFrames {
    public final byte[] file;
    public final int[] offsets;
    public final int[] lengths;

    private MixFrames(byte[] file, int count) {
        this.file = file;
        this.offsets = new int[count];
        this.lengths = new int[count];
        int p = 24;
        for (int i = 0; i < count; i++) {
            int length = intLe(file, p + 8);
            offsets[i] = p + 16;
            lengths[i] = length;
            p += 16 + length;
        }
        if (p != file.length) {
            throw new IllegalStateException("generated capture does not hold " + count + " packets");
        }
    }

    /** {@code count} packets of the default mix from {@code seed}. */
    public static MixFrames generate(int count, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 450);
        CaptureGenerator.generate(options(null, count, seed), Channels.newChannel(out));
        return new MixFrames(out.toByteArray(), count);
    }

    /** Writes {@code count} packets of the default mix to {@code file}. */
    public static void write(Path file, int count, long seed) throws IOException {
        CaptureGenerator.generate(options(file, count, seed));
    }

    private static CaptureGenerator.Options options(Path out, int count, long seed) {
        return new CaptureGenerator.Options(out, count, 0, seed, TrafficMix.defaultWeights(),
                TrafficMix.DEFAULT_BODY, Instant.parse("2026-11-21T10:00:00Z"));
    }

    public int count() {
        return offsets.length;
    }

    public long frameBytes() {
        long n = 0;
        for (int l : lengths) {
            n += l;
        }
        return n;
    }

    private static int intLe(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }
}
