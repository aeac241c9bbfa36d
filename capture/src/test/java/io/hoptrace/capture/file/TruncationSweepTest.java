package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.SharedData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cuts real and hand-made captures at every length from 0 to their size. Cuts inside the file header (or the first
 * pcapng section header) are rejected at open with CaptureFormatException; every other cut yields exactly the packets
 * that are complete before it, and a problem naming the offset of the cut record, null exactly when the cut falls on
 * a record boundary.
 */
class TruncationSweepTest {
    @TempDir
    Path dir;

    @Test
    void realPcap() throws Exception {
        sweep(Files.readAllBytes(SharedData.file("pcap/tcpdump/vxlan.pcap")));
    }

    @Test
    void realPcapng() throws Exception {
        sweep(Files.readAllBytes(SharedData.file("pcap/tcpdump/bgp-role.pcapng")));
    }

    @Test
    void handMadeMultiSectionPcapng() throws Exception {
        sweep(Samples.multiSection().capture().bytes());
    }

    @Test
    void writtenPcapngWithCommentsAndStatistics() throws Exception {
        Path file = dir.resolve("written.pcapng");
        try (PcapngWriter w = PcapngWriter.create(file)) {
            int eth = w.addInterface("eth0", "node=worker-1 iface=eth0", 1, 262144);
            int vxlan = w.addInterface("flannel.1", "node=worker-1 iface=flannel.1", 1, 96);
            for (int i = 0; i < 12; i++) {
                w.writePacket(i % 2 == 0 ? eth : vxlan, 1_000_000_007L * i, frame(50 + i * 11, i), 0, 50 + i * 11,
                        50 + i * 11, i % 3 == 0 ? "packet " + i : null);
            }
            w.setStatistics(eth, InterfaceStatistics.drops(5, 6));
        }
        sweep(Files.readAllBytes(file));
    }

    @Test
    void writtenPcap() throws Exception {
        Path file = dir.resolve("written.pcap");
        try (PcapWriter w = PcapWriter.create(file, 1, 200)) {
            for (int i = 0; i < 15; i++) {
                w.writePacket(1_000_000_007L * i, frame(40 + i * 17, i), 0, 40 + i * 17, 40 + i * 17);
            }
        }
        sweep(Files.readAllBytes(file));
    }

    private void sweep(byte[] whole) throws Exception {
        boolean pcapng = whole[0] == 0x0A;
        List<Integer> starts = recordStarts(whole, pcapng);
        int header = starts.get(0);
        TreeSet<Integer> boundaries = new TreeSet<>(starts);
        boundaries.add(whole.length);

        Path full = Files.write(dir.resolve("full"), whole);
        List<Frame> frames = new ArrayList<>();
        List<Integer> packetEnds = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(full)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                frames.add(Frame.of(r));
                packetEnds.add(boundaries.higher((int) r.fileOffset));
            }
            assertNull(source.problem());
        }
        assertTrue(frames.size() > 1);

        // cut one file shorter and shorter: rewriting it whole each time makes ext4 flush it (slow)
        Path cut = Files.write(dir.resolve("cut"), whole);
        for (int length = whole.length; length >= 0; length--) {
            try (FileChannel channel = FileChannel.open(cut, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }
            if (length < header) {
                String expected = length == 0 ? cut + ": empty file" : null;
                CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(cut),
                        "cut at " + length);
                if (expected != null) {
                    assertEquals(expected, e.getMessage());
                }
                continue;
            }
            Frame.Read read = Frame.readAll(cut, 4096);
            int complete = 0;
            while (complete < packetEnds.size() && packetEnds.get(complete) <= length) {
                complete++;
            }
            assertEquals(frames.subList(0, complete), read.frames(), "cut at " + length);
            if (boundaries.contains(length)) {
                assertNull(read.problem(), "cut at " + length + " is on a boundary");
            } else {
                ReadProblem p = read.problem();
                assertNotNull(p, "cut at " + length);
                assertEquals((long) boundaries.lower(length), p.byteOffset(), "cut at " + length + ": " + p);
                assertEquals(complete, p.lastGoodPacket(), "cut at " + length);
                assertTrue(p.message().startsWith("file ends inside"), p.message());
            }
        }
    }

    /** Where the records (pcap) or blocks (pcapng) begin, the first one after the file header, found independently. */
    private static List<Integer> recordStarts(byte[] b, boolean pcapng) {
        List<Integer> starts = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(b);
        if (!pcapng) {
            buf.order(b[0] == (byte) 0xA1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            for (int off = 24; off < b.length; off += 16 + buf.getInt(off + 8)) {
                starts.add(off);
            }
            return starts;
        }
        int off = 0;
        while (off < b.length) {
            if (b[off] == 0x0A && b[off + 1] == 0x0D && b[off + 2] == 0x0D && b[off + 3] == 0x0A) {
                buf.order(b[off + 8] == 0x1A ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            }
            int length = buf.getInt(off + 4);
            // the first section header is the file header: the first record starts after it
            starts.add(starts.isEmpty() ? length : off);
            off += length;
        }
        return starts;
    }
}
