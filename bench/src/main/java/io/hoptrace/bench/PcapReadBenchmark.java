package io.hoptrace.bench;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Reading a pcap file start to end: hoptrace's streaming reader against pcap4j's fastest path ({@code loop()}
 * with a raw listener, libpcap underneath). The file (200,000 packets of the generated mix, about 87 MB) sits in
 * the page cache after the first pass, so this measures the readers, not the disk. Scores are packets per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class PcapReadBenchmark {
    public static final int PACKETS = 200_000;

    private Path file;

    @Setup
    public void setUp() throws IOException {
        file = Files.createTempFile("hoptrace-bench-", ".pcap");
        MixFrames.write(file, PACKETS, 1);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** hoptrace's reader: a view into its read buffer per packet, timestamps and lengths decoded. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long hoptraceReader() throws IOException {
        long sum = 0;
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                sum += r.capturedLength + r.wireLength + r.timestampNanos + r.data[r.offset];
            }
        }
        return sum;
    }

    /** pcap4j loop() with a raw listener taking only the bytes (a fresh array per packet, copied by JNA). */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long pcap4jLoopRaw() throws PcapNativeException, NotOpenException, InterruptedException {
        long[] sum = {0};
        PcapHandle h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            h.loop(-1, (byte[] packet) -> sum[0] += packet.length + packet[0]);
        } finally {
            h.close();
        }
        return sum[0];
    }

    /**
     * pcap4j loop() reading what a decoder needs besides the bytes, as hoptrace's reader provides it: the
     * timestamp and the original length (thread-locals that must be read inside the listener).
     */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long pcap4jLoopWithMetadata() throws PcapNativeException, NotOpenException, InterruptedException {
        long[] sum = {0};
        PcapHandle h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            h.loop(-1, (byte[] packet) -> sum[0] += packet.length + packet[0] + h.getOriginalLength()
                    + h.getTimestamp().getNanos());
        } finally {
            h.close();
        }
        return sum[0];
    }
}
