package io.hoptrace.bench;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TextLine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The decode loop of {@link DecodeBenchmark} timed in thread CPU time rather than wall time: on a machine shared
 * with other work, wall-clock scores (JMH's) measure the scheduler, while CPU time still measures the code.
 * Prints packets per CPU-second, median and best of the passes after warm-up.
 *
 * <pre>java -cp bench/target/hoptrace-bench.jar io.hoptrace.bench.DecodeCpuCheck [seconds per case]</pre>
 */
public final class DecodeCpuCheck {
    /** Where results go so the JIT cannot drop the work. */
    static volatile long sink;

    private DecodeCpuCheck() {
    }

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        MixFrames mix = MixFrames.generate(DecodeBenchmark.PACKETS, 1);
        PacketDecoder decoder = new PacketDecoder();
        TextLine line = new TextLine(512);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (boolean summarize : new boolean[] {false, true}) {
            long[] passes = new long[4096];
            int n = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end && n < passes.length) {
                long t0 = threads.getCurrentThreadCpuTime();
                sink += pass(decoder, line, mix, summarize);
                passes[n++] = threads.getCurrentThreadCpuTime() - t0;
            }
            // the first third is warm-up (interpreter, C1, C2)
            long[] measured = Arrays.copyOfRange(passes, n / 3, n);
            Arrays.sort(measured);
            double median = measured[measured.length / 2];
            double best = measured[0];
            System.out.printf(Locale.ROOT, "%-20s %6.2f M packets per CPU-second (median of %d passes), best %.2f M"
                            + "%n", summarize ? "decodeAndSummarize" : "decode",
                    mix.count() / median * 1e3, measured.length, mix.count() / best * 1e3);
        }
    }

    static long pass(PacketDecoder decoder, TextLine line, MixFrames mix, boolean summarize) {
        decoder.dissection().streams(new StreamTable());
        long sum = 0;
        for (int i = 0; i < mix.offsets.length; i++) {
            Dissection d = decoder.decode(mix.file, mix.offsets[i], mix.lengths[i], mix.lengths[i],
                    LinkType.ETHERNET);
            sum += summarize ? PacketSummary.append(d, line.clear()).length() : d.layerCount();
        }
        return sum;
    }
}
