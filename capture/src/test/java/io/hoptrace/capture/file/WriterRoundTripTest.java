package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hoptrace.decoders.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the writers write, the readers read back (and libpcap too). */
class WriterRoundTripTest {
    private static final long T0 = 1_763_700_000_123_456_789L;

    @TempDir
    Path dir;

    @Test
    void pcapngInterfacesPacketsCommentsAndStatistics() throws Exception {
        Path file = dir.resolve("rt.pcapng");
        List<Frame> expected = new ArrayList<>();
        try (PcapngWriter w = PcapngWriter.create(file, new FlushPolicy(7, Duration.ofDays(1), 4096))) {
            int eth = w.addInterface("eth0", "node=worker-1 iface=eth0", 1, 262144);
            int cooked = w.addInterface("any", "node=worker-1 iface=any", 276, 96);
            int idle = w.addInterface(null, null, 101, 1500);
            for (int i = 0; i < 40; i++) {
                int iface = i % 3 == 0 ? cooked : eth;
                int length = i == 20 ? 100_000 : 20 + i * 37; // one frame far larger than the buffer
                byte[] data = frame(length, i);
                int captured = iface == cooked ? Math.min(length, 96) : length;
                String comment = i % 4 == 0 ? "packet " + i + " ✓" : null;
                long ts = T0 + i * 1_000_001L;
                w.writePacket(iface, ts, data, 0, length, length + 4, comment);
                expected.add(new Frame(i + 1, ts, length + 4, iface, iface == cooked ? 276 : 1, comment,
                        Arrays.copyOf(data, captured)));
            }
            w.setStatistics(eth, new InterfaceStatistics(T0 - 5, T0 + 999, 1234, 5, 6, 1200, 26,
                    "6 dropped by the kernel, 0 by the queue ✓"));
            w.setStatistics(cooked, InterfaceStatistics.drops(1, 2));
            assertEquals(40, w.packetsWritten());
            assertEquals(3, w.interfaceCount());
            assertEquals(idle, 2);
        }
        Frame.Read read = Frame.readAll(file);
        assertNull(read.problem());
        assertEquals(expected, read.frames());
        assertEquals(List.of(
                new InterfaceInfo(0, 1, 262144, "eth0", "node=worker-1 iface=eth0", 0, 1_000_000_000L),
                new InterfaceInfo(1, 276, 96, "any", "node=worker-1 iface=any", 0, 1_000_000_000L),
                new InterfaceInfo(2, 101, 1500, null, null, 0, 1_000_000_000L)), read.interfaces());

        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                // to the statistics blocks at the end
            }
            long unknown = InterfaceStatistics.UNKNOWN;
            assertEquals(Map.of(
                    0, new InterfaceStatistics(T0 - 5, T0 + 999, 1234, 5, 6, 1200, 26,
                            "6 dropped by the kernel, 0 by the queue ✓"),
                    1, new InterfaceStatistics(T0, T0 + 39 * 1_000_001L, unknown, 1, 2)),
                    assertInstanceOf(PcapngReader.class, source).statistics(),
                    "the idle interface without statistics gets no block; start and end default to the packets");
        }
    }

    @Test
    void pcapNanosecondMagicAndRecords() throws Exception {
        Path file = dir.resolve("rt.pcap");
        List<Frame> expected = new ArrayList<>();
        try (PcapWriter w = PcapWriter.create(file, 113, 200)) {
            for (int i = 0; i < 30; i++) {
                byte[] data = frame(30 + i * 13, i);
                long ts = T0 + i * 999_999_999L;
                w.writePacket(ts, data, 0, data.length, data.length);
                expected.add(new Frame(i + 1, ts, data.length, 0, 113, null, Arrays.copyOf(data, Math.min(200,
                        data.length))));
            }
            assertEquals(30, w.packetsWritten());
        }
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {0x4d, 0x3c, (byte) 0xb2, (byte) 0xa1}, Arrays.copyOf(bytes, 4));
        Frame.Read read = Frame.readAll(file);
        assertNull(read.problem());
        assertEquals(expected, read.frames());
        assertEquals(List.of(new InterfaceInfo(0, 113, 200, null, null, 0, 1_000_000_000L)), read.interfaces());
        LibpcapAgreementTest.assertSame(file, read.frames(), Libpcap.read(file).packets());
    }

    @Test
    void libpcapReadsOurPcapng() throws Exception {
        Path file = dir.resolve("lib.pcapng");
        try (PcapngWriter w = PcapngWriter.create(file)) {
            int a = w.addInterface("veth1", "node=n iface=veth1", 1, 65535);
            int b = w.addInterface("cni0", "node=n iface=cni0", 1, 65535);
            for (int i = 0; i < 50; i++) {
                w.writePacket(i % 2 == 0 ? a : b, T0 + i, frame(60 + i, i), 0, 60 + i, 60 + i, i == 3 ? "x" : null);
            }
            w.setStatistics(a, InterfaceStatistics.drops(0, 1));
        }
        Libpcap.Read theirs = Libpcap.read(file);
        assertNull(theirs.error());
        LibpcapAgreementTest.assertSame(file, Frame.readAll(file).frames(), theirs.packets());
    }

    /**
     * pcapng files may be concatenated: each becomes a section. libpcap 1.10 reads later sections only when their
     * byte order and interfaces match the first section's; here they do, so it reads everything hoptrace reads.
     */
    @Test
    void concatenatedWriterFilesAreSectionsToUsAndToLibpcap() throws Exception {
        byte[] joined = new byte[0];
        for (int part = 0; part < 2; part++) {
            Path file = dir.resolve("part" + part + ".pcapng");
            try (PcapngWriter w = PcapngWriter.create(file)) {
                int id = w.addInterface("eth0", "node=worker-" + part + " iface=eth0", 1, 65535);
                for (int i = 0; i < 5; i++) {
                    w.writePacket(id, T0 + part * 100 + i, frame(64, part * 10 + i), 0, 64, 64, null);
                }
            }
            joined = CaptureBytes.concat(joined, Files.readAllBytes(file));
        }
        Path file = Files.write(dir.resolve("joined.pcapng"), joined);
        Frame.Read ours = Frame.readAll(file);
        assertNull(ours.problem());
        assertEquals(10, ours.frames().size());
        assertEquals("node=worker-1 iface=eth0", ours.interfaces().get(1).description());
        assertEquals(1, ours.frames().get(9).interfaceId());
        Libpcap.Read theirs = Libpcap.read(file);
        assertNull(theirs.error());
        LibpcapAgreementTest.assertSame(file, ours.frames(), theirs.packets());
    }

    static Stream<Path> captures() {
        return SharedData.captures().stream();
    }

    /** Every shared capture copied through both writers reads back packet for packet. */
    @ParameterizedTest
    @MethodSource("captures")
    void sharedCapturesSurviveBothWriters(Path source) throws Exception {
        Frame.Read original = Frame.readAll(source);
        Path ng = dir.resolve("copy.pcapng");
        Path classic = dir.resolve("copy.pcap");
        try (PacketSource in = CaptureFiles.open(source);
             PcapngWriter w = PcapngWriter.create(ng, FlushPolicy.WHEN_FULL);
             PcapWriter p = PcapWriter.create(classic, in.interfaces().isEmpty() ? 1
                     : firstLinkType(source), 262144, FlushPolicy.WHEN_FULL)) {
            PacketRecord r = new PacketRecord();
            while (in.next(r)) {
                while (w.interfaceCount() < in.interfaces().size()) {
                    InterfaceInfo i = in.interfaces().get(w.interfaceCount());
                    w.addInterface(i.name(), i.description(), i.linkType(), Math.max(1, i.snapLength()));
                }
                w.write(r.interfaceId, r);
                p.write(r);
            }
        }
        assertEquals(original.frames(), Frame.readAll(ng).frames());
        List<Frame> classicFrames = Frame.readAll(classic).frames();
        assertEquals(original.frames().size(), classicFrames.size());
        for (int i = 0; i < classicFrames.size(); i++) {
            Frame o = original.frames().get(i);
            Frame c = classicFrames.get(i);
            assertEquals(o.timestampNanos(), c.timestampNanos());
            assertEquals(o.wireLength(), c.wireLength());
            assertArrayEquals(o.bytes(), c.bytes());
        }
    }

    private static int firstLinkType(Path source) throws IOException {
        try (PacketSource in = CaptureFiles.open(source)) {
            PacketRecord r = new PacketRecord();
            return in.next(r) ? r.linkType : 1;
        }
    }

    // ---- flushing

    @Test
    void packetsReachTheFileInWholeBlocksEveryNPackets() throws Exception {
        Path file = dir.resolve("flush.pcapng");
        try (PcapngWriter w = PcapngWriter.create(file, FlushPolicy.every(10, Duration.ofDays(1)))) {
            int id = w.addInterface("eth0", null, 1, 65535);
            for (int i = 0; i < 25; i++) {
                w.writePacket(id, T0 + i, frame(60, i), 0, 60, 60, null);
            }
            Frame.Read midway = Frame.readAll(file);
            assertNull(midway.problem(), "the file ends on a block boundary");
            assertEquals(20, midway.frames().size());
            w.flush();
            assertEquals(25, Frame.readAll(file).frames().size());
        }
    }

    @Test
    void packetsReachTheFileAfterTheDelay() throws Exception {
        Path file = dir.resolve("delay.pcap");
        AtomicLong clock = new AtomicLong();
        long ms = 1_000_000L;
        try (PcapWriter w = PcapWriter.create(file, 1, 65535, FlushPolicy.every(1000, Duration.ofMillis(100)),
                clock::get)) {
            for (int i = 0; i < 3; i++) {
                w.writePacket(T0 + i, frame(60, i), 0, 60, 60);
            }
            clock.addAndGet(50 * ms);
            w.writePacket(T0 + 3, frame(60, 3), 0, 60, 60);
            w.flushIfDue();
            assertEquals(0, Frame.readAll(file).frames().size(), "50 ms: nothing flushed yet");
            clock.addAndGet(50 * ms);
            w.writePacket(T0 + 4, frame(60, 4), 0, 60, 60);
            assertEquals(5, Frame.readAll(file).frames().size(), "100 ms: the write flushes");
            w.writePacket(T0 + 5, frame(60, 5), 0, 60, 60);
            w.flushIfDue();
            assertEquals(5, Frame.readAll(file).frames().size());
            clock.addAndGet(100 * ms);
            w.flushIfDue();
            assertEquals(6, Frame.readAll(file).frames().size(), "a quiet writer flushes from the timer");
        }
    }

    @Test
    void aFullBufferIsWrittenWithoutSplittingABlock() throws Exception {
        Path file = dir.resolve("full.pcapng");
        try (PcapngWriter w = PcapngWriter.create(file, new FlushPolicy(Integer.MAX_VALUE, Duration.ofDays(1),
                4096))) {
            int id = w.addInterface("eth0", null, 1, 65535);
            for (int i = 0; i < 100; i++) {
                w.writePacket(id, T0 + i, frame(100, i), 0, 100, 100, null);
            }
            Frame.Read midway = Frame.readAll(file);
            assertNull(midway.problem());
            assertEquals(frame(100, midway.frames().size() - 1).length, 100);
            assertEquals(0, Files.size(file) % 4);
            assertEquals(true, midway.frames().size() > 50 && midway.frames().size() < 100, "" + midway.frames());
        }
    }

    @Test
    void closedWriterRefusesPackets() throws Exception {
        Path file = dir.resolve("closed.pcap");
        PcapWriter w = PcapWriter.create(file, 1, 100);
        w.close();
        w.close();
        IOException e = assertThrows(IOException.class, () -> w.writePacket(0, new byte[10], 0, 10, 10));
        assertEquals(file + ": writer is closed", e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path file = dir.resolve("no/such/dir/x.pcapng");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> PcapngWriter.create(file));
        assertEquals(file + ": cannot create the file: its directory is missing", e.getMessage());
    }

    @Test
    void unknownInterfaceIsAProgrammingError() throws Exception {
        try (PcapngWriter w = PcapngWriter.create(dir.resolve("x.pcapng"))) {
            assertThrows(IllegalArgumentException.class, () -> w.writePacket(0, 0, new byte[1], 0, 1, 1, null));
        }
    }
}
