package io.hoptrace.bench;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.ip.InternetChecksum;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decode loop on one thread, over 100,000 frames of the generated Kubernetes mix held in memory (about
 * 43 MB, more than the caches hold, as when streaming a file). Scores are packets per second. Each pass starts
 * a fresh stream table, as one {@code hoptrace decode} run does, so BGP messages cut across segments are joined.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"})
public class DecodeBenchmark {
    public static final int PACKETS = 100_000;

    private MixFrames mix;
    private PacketDecoder decoder;
    private final TextLine line = new TextLine(512);

    @Setup
    public void setUp() throws IOException {
        mix = MixFrames.generate(PACKETS, 1);
        decoder = new PacketDecoder();
    }

    /** Decoding only: every layer found, bounds-checked, status and anomalies set. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long decode() {
        decoder.dissection().streams(new StreamTable());
        byte[] b = mix.file;
        int[] offsets = mix.offsets;
        int[] lengths = mix.lengths;
        long layers = 0;
        for (int i = 0; i < offsets.length; i++) {
            Dissection d = decoder.decode(b, offsets[i], lengths[i], lengths[i], LinkType.ETHERNET);
            layers += d.layerCount();
        }
        return layers;
    }

    /**
     * The floor under {@link #decode}: the ones'-complement sum over every frame's bytes, about the work of
     * verifying the IP, TCP, UDP and ICMP checksums, which read every payload byte.
     */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long checksumOnly() {
        byte[] b = mix.file;
        int[] offsets = mix.offsets;
        int[] lengths = mix.lengths;
        long sum = 0;
        for (int i = 0; i < offsets.length; i++) {
            sum += InternetChecksum.fold(InternetChecksum.add(0, b, offsets[i] + 14, lengths[i] - 14));
        }
        return sum;
    }

    /** Decoding plus the one-line text summary {@code hoptrace decode} prints, rendered into a reused line. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long decodeAndSummarize() {
        decoder.dissection().streams(new StreamTable());
        byte[] b = mix.file;
        int[] offsets = mix.offsets;
        int[] lengths = mix.lengths;
        long chars = 0;
        for (int i = 0; i < offsets.length; i++) {
            Dissection d = decoder.decode(b, offsets[i], lengths[i], lengths[i], LinkType.ETHERNET);
            chars += PacketSummary.append(d, line.clear()).length();
        }
        return chars;
    }
}
