package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Impossible lengths and bad magic numbers after the file header: every packet before them is read, then reading
 * stops with a problem that names the offset, the last good packet and what was wrong. Nothing throws.
 */
class CorruptFileTest {
    private static final int MICROS = 0xA1B2C3D4;

    @TempDir
    Path dir;

    private ReadProblem stopsAfter(CaptureBytes c, int goodPackets, long offset) throws Exception {
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("corrupt")));
        assertEquals(goodPackets, read.frames().size());
        ReadProblem p = read.problem();
        assertNotNull(p, "a problem is reported");
        assertEquals(goodPackets, p.lastGoodPacket());
        assertEquals(offset, p.byteOffset());
        assertEquals(dir.resolve("corrupt"), p.file());
        return p;
    }

    // ---- pcap

    private CaptureBytes twoGoodRecords(int snapLength) {
        return CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, MICROS, snapLength, 1)
                .record(1, 0, frame(60, 1), 60).record(2, 0, frame(60, 2), 60);
    }

    @Test
    void pcapRecordAboveTheAbsoluteLimit() throws Exception {
        CaptureBytes c = twoGoodRecords(262144).record(3, 0, 300_000, frame(100, 3), 300_000);
        assertEquals("record header of packet 3 says 300000 captured bytes, more than the 262144-byte limit: the file"
                + " is corrupt from here", stopsAfter(c, 2, 24 + 2 * 76).message());
    }

    @Test
    void pcapRecordFarAboveTheSnaplen() throws Exception {
        CaptureBytes c = twoGoodRecords(100).record(3, 0, 401, frame(401, 3), 401);
        assertEquals("record header of packet 3 says 401 captured bytes, more than 4 times the snaplen of 100: the"
                + " file is corrupt from here", stopsAfter(c, 2, 24 + 2 * 76).message());
    }

    @Test
    void pcapRecordWithANegativeLength() throws Exception {
        CaptureBytes c = twoGoodRecords(65535).record(3, 0, -1, frame(10, 3), 10);
        assertEquals("record header of packet 3 says 4294967295 captured bytes, more than 4 times the snaplen of"
                + " 65535: the file is corrupt from here", stopsAfter(c, 2, 24 + 2 * 76).message());
    }

    @Test
    void pcapCutInsideARecord() throws Exception {
        CaptureBytes c = twoGoodRecords(65535).record(3, 0, 1514, frame(200, 3), 1514);
        assertEquals("file ends inside packet 3: record header says 1514 bytes, 200 present",
                stopsAfter(c, 2, 24 + 2 * 76).message());
    }

    @Test
    void pcapCutInsideARecordHeader() throws Exception {
        CaptureBytes c = twoGoodRecords(65535).raw(new byte[7]);
        assertEquals("file ends inside the record header of packet 3: 16 bytes needed, 7 present",
                stopsAfter(c, 2, 24 + 2 * 76).message());
    }

    @Test
    void problemToStringNamesEverything() throws Exception {
        CaptureBytes c = twoGoodRecords(65535).raw(new byte[7]);
        assertEquals(dir.resolve("corrupt") + ": file ends inside the record header of packet 3: 16 bytes needed, 7"
                + " present at byte offset 176 (after packet 2)", stopsAfter(c, 2, 176).toString());
    }

    // ---- pcapng

    private CaptureBytes goodStart(ByteOrder order) {
        return CaptureBytes.pcapng().section(order).interfaceBlock(1, 1500)
                .enhancedPacket(0, 1, frame(60, 1), 60).enhancedPacket(0, 2, frame(60, 2), 60);
    }

    /** The offset where the next block of a {@link #goodStart} capture begins. */
    private static final int AFTER_GOOD_START = 28 + 20 + 2 * 92;

    private CaptureBytes withBlockHeader(ByteOrder order, int type, int length) {
        CaptureBytes c = goodStart(order);
        return c.rawInt(type).rawInt(length).raw(new byte[64]);
    }

    @Test
    void pcapngBlockLengthNotAMultipleOfFour() throws Exception {
        assertEquals("the enhanced packet block of packet 3 says it is 94 bytes long, not a multiple of 4",
                stopsAfter(withBlockHeader(ByteOrder.LITTLE_ENDIAN, 6, 94), 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngBlockLengthBelowTheMinimum() throws Exception {
        assertEquals("the interface description block says it is 8 bytes long, less than the 12-byte minimum",
                stopsAfter(withBlockHeader(ByteOrder.BIG_ENDIAN, 1, 8), 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngBlockLengthAboveTheLimit() throws Exception {
        assertEquals("the block of type 0x00000bad says it is 4294967292 bytes long, more than the 16777216-byte"
                + " limit", stopsAfter(withBlockHeader(ByteOrder.LITTLE_ENDIAN, 0xBAD, -4), 2, AFTER_GOOD_START)
                .message());
    }

    @Test
    void pcapngTrailingLengthMismatch() throws Exception {
        CaptureBytes c = goodStart(ByteOrder.BIG_ENDIAN);
        byte[] bytes = c.enhancedPacket(0, 3, frame(60, 3), 60).bytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).putInt(bytes.length - 4, 96);
        CaptureBytes broken = CaptureBytes.pcapng().raw(bytes);
        assertEquals("the enhanced packet block of packet 3 says it is 92 bytes long at its start and 96 at its end",
                stopsAfter(broken, 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngLaterSectionWithABadByteOrderMagic() throws Exception {
        byte[] second = CaptureBytes.pcapng().section(ByteOrder.BIG_ENDIAN).bytes();
        second[8] = 0x1B;
        CaptureBytes c = goodStart(ByteOrder.LITTLE_ENDIAN).raw(second);
        assertEquals("section header block has byte-order magic 0x1b2b3c4d, neither 0x1a2b3c4d nor 0x4d3c2b1a",
                stopsAfter(c, 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngLaterSectionWithAnUnknownVersion() throws Exception {
        byte[] second = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).bytes();
        second[12] = 2;
        CaptureBytes c = goodStart(ByteOrder.LITTLE_ENDIAN).raw(second);
        assertEquals("section header block has version 2.0; only 1.x is defined",
                stopsAfter(c, 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngCapturedLengthBeyondTheBlock() throws Exception {
        CaptureBytes c = goodStart(ByteOrder.LITTLE_ENDIAN);
        byte[] body = ByteBuffer.allocate(20 + 8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0).putInt(3)
                .putInt(1000).putInt(1000).array();
        c.block(6, body);
        assertEquals("the enhanced packet block of packet 3 says 1000 captured bytes, but the block holds only 8",
                stopsAfter(c, 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngPacketOnAnUndescribedInterface() throws Exception {
        CaptureBytes c = goodStart(ByteOrder.LITTLE_ENDIAN).enhancedPacket(3, 3, frame(10, 3), 10);
        assertEquals("the enhanced packet block of packet 3 names interface 3, but section 0 has 1",
                stopsAfter(c, 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngInterfaceIdsDoNotCarryAcrossSections() throws Exception {
        CaptureBytes c = goodStart(ByteOrder.LITTLE_ENDIAN).section(ByteOrder.LITTLE_ENDIAN)
                .enhancedPacket(0, 3, frame(10, 3), 10);
        assertEquals("the enhanced packet block of packet 3 names interface 0, but section 1 has 0",
                stopsAfter(c, 2, AFTER_GOOD_START + 28).message());
    }

    @Test
    void pcapngSimplePacketBeforeAnyInterface() throws Exception {
        CaptureBytes c = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).simplePacket(10, frame(10, 1));
        assertEquals("the simple packet block of packet 1 comes before any interface description block of section 0",
                stopsAfter(c, 0, 28).message());
    }

    @Test
    void pcapngUnusableTimestampResolution() throws Exception {
        CaptureBytes c = goodStart(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(1, 100, CaptureBytes.Option.u8(Samples.IF_TSRESOL, 0x80 | 63));
        assertEquals("interface 1 of section 0 has if_tsresol 0xbf, a unit finer than hoptrace can count",
                stopsAfter(c, 2, AFTER_GOOD_START).message());
    }

    @Test
    void pcapngCutInsideAPacketBlock() throws Exception {
        byte[] whole = goodStart(ByteOrder.LITTLE_ENDIAN).enhancedPacket(0, 3, frame(1514, 3), 1514).bytes();
        CaptureBytes c = CaptureBytes.pcapng().raw(java.util.Arrays.copyOf(whole, AFTER_GOOD_START + 228));
        assertEquals("file ends inside packet 3 (enhanced packet block): block header says 1548 bytes, 228 present",
                stopsAfter(c, 2, AFTER_GOOD_START).message());
    }

    @Test
    void aHugeClaimedLengthInASmallFileAllocatesNoHugeBuffer() throws Exception {
        Path file = withBlockHeader(ByteOrder.LITTLE_ENDIAN, 6, PcapngReader.MAX_BLOCK_BYTES).writeTo(dir.resolve("big"));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Frame.Read read = Frame.readAll(file, 64);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("file ends inside packet 3 (enhanced packet block): block header says 16777216 bytes, 72"
                + " present", read.problem().message());
        org.junit.jupiter.api.Assertions.assertTrue(allocated < 1 << 20, allocated + " bytes allocated");
    }

    @Test
    void packetsBeforeTheProblemAreIntact() throws Exception {
        CaptureBytes c = withBlockHeader(ByteOrder.BIG_ENDIAN, 6, 13);
        Frame.Read read = Frame.readAll(c.writeTo(dir.resolve("intact")));
        assertArrayEquals(frame(60, 1), read.frames().get(0).bytes());
        assertArrayEquals(frame(60, 2), read.frames().get(1).bytes());
        assertEquals(2, read.frames().get(1).timestampNanos() / 1000);
    }
}
