package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.SharedData;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest {
    private static final int MICROS = 0xA1B2C3D4;
    private static final int NANOS = 0xA1B23C4D;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LITTLE_ENDIAN, micro", "BIG_ENDIAN, micro", "LITTLE_ENDIAN, nano", "BIG_ENDIAN, nano"})
    void readsBothByteOrdersAndPrecisions(String orderName, String precision) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean nanos = precision.equals("nano");
        CaptureBytes c = CaptureBytes.pcap(order, nanos ? NANOS : MICROS, 1500, 1)
                .record(1_700_000_000L, 123_456, frame(60, 1), 60)
                .record(3_000_000_000L, 999_999, frame(1500, 2), 9000); // seconds past 2038: unsigned
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("f.pcap")));

        assertNull(read.problem());
        assertEquals(2, read.frames().size());
        long unit = nanos ? 1 : 1000;
        Frame first = read.frames().get(0);
        assertEquals(1_700_000_000L * 1_000_000_000L + 123_456 * unit, first.timestampNanos());
        assertArrayEquals(frame(60, 1), first.bytes());
        assertEquals(60, first.wireLength());
        assertEquals(1, first.linkType());
        Frame second = read.frames().get(1);
        assertEquals(3_000_000_000L * 1_000_000_000L + 999_999 * unit, second.timestampNanos());
        assertEquals(9000, second.wireLength());
        assertArrayEquals(frame(1500, 2), second.bytes());
        assertEquals(List.of(new InterfaceInfo(0, 1, 1500, null, null, 0, nanos ? 1_000_000_000L : 1_000_000L)),
                read.interfaces());
    }

    @Test
    void recordFieldsAndPositions() throws Exception {
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MICROS, 65535, 101)
                .record(1, 2, frame(40, 1), 40).record(3, 4, frame(50, 2), 50);
        Path file = c.writeTo(dir.resolve("raw.pcap"));
        try (PacketSource source = CaptureFiles.open(file)) {
            assertEquals("pcap", source.format());
            assertEquals(file, source.path());
            assertEquals(c.size(), source.size());
            assertEquals(24, source.position());
            PacketRecord r = new PacketRecord();
            assertTrue(source.next(r));
            assertEquals(1, r.number);
            assertEquals(24, r.fileOffset);
            assertEquals(40, r.capturedLength);
            assertArrayEquals(frame(40, 1), java.util.Arrays.copyOfRange(r.data, r.offset, r.offset + 40));
            assertEquals(101, r.linkType);
            assertEquals(0, r.interfaceId);
            assertNull(r.comment);
            byte[] buffer = r.data;
            assertTrue(source.next(r));
            assertSame(buffer, r.data, "records are views into one buffer, not copies");
            assertEquals(24 + 16 + 40, r.fileOffset);
            assertFalse(source.next(r));
            assertFalse(source.next(r), "stays at the end");
            assertEquals(c.size(), source.position());
            assertNull(source.problem());
        }
    }

    @Test
    void modifiedPcapRecordsHaveLongerHeaders() throws Exception {
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, 0xA1B2CD34, 65535, 1)
                .modifiedRecord(10, 20, frame(64, 3), 64).modifiedRecord(11, 21, frame(70, 4), 80);
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("modified.pcap")));
        assertNull(read.problem());
        assertEquals(2, read.frames().size());
        assertArrayEquals(frame(70, 4), read.frames().get(1).bytes());
        assertEquals(11_000_021_000L, read.frames().get(1).timestampNanos());
        assertEquals(80, read.frames().get(1).wireLength());
    }

    @Test
    void fcsBitsInTheLinkTypeFieldAreMasked() throws Exception {
        int fcsPresentFourBytes = 0x0400_0000 | (2 << 28);
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MICROS, 65535, fcsPresentFourBytes | 1)
                .record(1, 0, frame(64, 1), 64);
        try (PacketSource source = CaptureFiles.open(c.writeTo(dir.resolve("fcs.pcap")))) {
            PacketRecord r = new PacketRecord();
            assertTrue(source.next(r));
            assertEquals(1, r.linkType);
            assertEquals(1, source.interfaces().get(0).linkType());
            assertEquals(4, assertInstanceOf(PcapReader.class, source).fcsBytes());
        }
    }

    @Test
    void recordLongerThanSnaplenIsCutToTheSnaplenAsLibpcapDoes() throws Exception {
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MICROS, 100, 1)
                .record(1, 0, frame(150, 1), 150).record(2, 0, frame(80, 2), 80);
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("over.pcap")));
        assertNull(read.problem());
        assertArrayEquals(frame(100, 1), read.frames().get(0).bytes());
        assertEquals(150, read.frames().get(0).wireLength());
        assertArrayEquals(frame(80, 2), read.frames().get(1).bytes(), "the rest of the long record is skipped");
    }

    @Test
    void tinyBufferReadsTheSameAsTheDefault() throws Exception {
        Path afs = SharedData.file("pcap/tcpdump/afs.pcap");
        Frame.Read normal = Frame.readAll(afs);
        for (int buffer : new int[] {16, 64, 1000, 1514 + 16, 4096}) {
            Frame.Read small = Frame.readAll(afs, buffer);
            assertNull(small.problem());
            assertEquals(normal.frames(), small.frames(), "buffer of " + buffer + " bytes");
        }
    }

    @Test
    void readingAllocatesNothingPerPacket() throws Exception {
        CaptureBytes c = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, NANOS, 65535, 1);
        byte[] f = frame(60, 1);
        for (int i = 0; i < 50_000; i++) {
            c.record(i, i, f, 60);
        }
        Path file = c.writeTo(dir.resolve("many.pcap"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            try (PacketSource source = CaptureFiles.open(file, 64 * 1024)) {
                PacketRecord r = new PacketRecord();
                long before = threads.getCurrentThreadAllocatedBytes();
                long sum = 0;
                while (source.next(r)) {
                    sum += r.capturedLength;
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertEquals(50_000L * 60, sum);
                assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes for 50000 packets");
            }
        }
    }
}
