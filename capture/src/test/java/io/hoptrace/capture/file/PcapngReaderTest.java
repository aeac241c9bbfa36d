package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.file.CaptureBytes.Option;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngReaderTest {
    @TempDir
    Path dir;

    @Test
    void sectionsInterfacesResolutionsAndEveryPacketBlock() throws Exception {
        Samples.Sample sample = Samples.multiSection();
        Frame.Read read = Frame.readAll(sample.capture().writeTo(dir.resolve("multi.pcapng")));
        assertNull(read.problem());
        assertEquals(sample.frames(), read.frames());
        assertEquals(sample.interfaces(), read.interfaces());
    }

    @Test
    void tinyBuffersReadTheSame() throws Exception {
        Samples.Sample sample = Samples.multiSection();
        Path file = sample.capture().writeTo(dir.resolve("multi.pcapng"));
        for (int buffer = 8; buffer < 200; buffer += 13) {
            Frame.Read read = Frame.readAll(file, buffer);
            assertNull(read.problem(), "buffer " + buffer);
            assertEquals(sample.frames(), read.frames(), "buffer " + buffer);
        }
    }

    @Test
    void interfacesAppearAsTheirBlocksAreRead() throws Exception {
        Path file = Samples.multiSection().capture().writeTo(dir.resolve("multi.pcapng"));
        try (PacketSource source = CaptureFiles.open(file)) {
            assertEquals("pcapng", source.format());
            assertEquals(0, source.interfaces().size(), "open reads only the first section header");
            PacketRecord r = new PacketRecord();
            assertTrue(source.next(r));
            assertEquals(2, source.interfaces().size());
            while (source.next(r)) {
                assertTrue(r.interfaceId < source.interfaces().size());
            }
            assertEquals(4, source.interfaces().size());
            assertEquals(source.size(), source.position());
        }
    }

    @Test
    void statisticsBlocksAreKept() throws Exception {
        Path file = Samples.multiSection().capture().writeTo(dir.resolve("multi.pcapng"));
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                // read to the end
            }
            Map<Integer, InterfaceStatistics> stats = assertInstanceOf(PcapngReader.class, source).statistics();
            assertEquals(Map.of(0, new InterfaceStatistics(1_700_000_000_000_000_000L, 1_700_000_002_000_000_000L,
                    InterfaceStatistics.UNKNOWN, 7, 3)), stats);
        }
    }

    @Test
    void simplePacketTakesTheSnaplenWhenTheFrameIsLonger() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 40)
                .simplePacket(1514, frame(40, 1)).simplePacket(30, frame(30, 2));
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("spb.pcapng")));
        assertNull(read.problem());
        assertEquals(40, read.frames().get(0).bytes().length);
        assertEquals(1514, read.frames().get(0).wireLength());
        assertEquals(30, read.frames().get(1).bytes().length);
    }

    /** libpcap 1.10 stops at such a packet ("bigger than snaplen"), Wireshark keeps it whole, and so do we. */
    @Test
    void packetLongerThanItsInterfaceSnaplenIsKeptWhole() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 50)
                .enhancedPacket(0, 1, frame(100, 1), 100).enhancedPacket(0, 2, frame(20, 2), 20);
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("over.pcapng")));
        assertNull(read.problem());
        assertEquals(java.util.List.of(new Frame(1, 1000, 100, 0, 1, null, frame(100, 1)),
                new Frame(2, 2000, 20, 0, 1, null, frame(20, 2))), read.frames());
    }

    @Test
    void malformedOptionsCostTheCommentNotThePacket() throws Exception {
        // an option that claims 200 bytes in a block that has 8 left
        Option broken = new Option(1, new byte[] {'o', 'k'});
        CaptureBytes c = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 100);
        byte[] body = java.nio.ByteBuffer.allocate(20 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0)
                .putInt(1).putInt(4).putInt(4).put(new byte[] {1, 2, 3, 4}).putShort((short) 1)
                .putShort((short) 200).put(broken.value()).array();
        c.block(6, body);
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("opts.pcapng")));
        assertNull(read.problem());
        assertEquals(1, read.frames().size());
        assertNull(read.frames().get(0).comment());
    }

    @Test
    void concatenatedFilesAreSections() throws Exception {
        byte[] a = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 100)
                .enhancedPacket(0, 1, frame(10, 1), 10).bytes();
        byte[] b = CaptureBytes.pcapng().section(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 100)
                .enhancedPacket(0, 2, frame(10, 2), 10).bytes();
        Path file = java.nio.file.Files.write(dir.resolve("cat.pcapng"), CaptureBytes.concat(a, b));
        Frame.Read read = Frame.readAll(file);
        assertNull(read.problem());
        assertEquals(2, read.frames().size());
        assertEquals(1, read.frames().get(1).interfaceId());
        assertEquals(1, read.interfaces().get(1).section());
        assertEquals(2_000L, read.frames().get(1).timestampNanos());
    }

    @Test
    void packetsAfterTheEndStayEnded() throws Exception {
        Path file = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).writeTo(dir.resolve("none.pcapng"));
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            assertFalse(source.next(r));
            assertFalse(source.next(r));
            assertNull(source.problem());
        }
    }
}
