package io.hoptrace.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pcapng writer whose disk fills up leaves a file that ends on a block boundary: the part of a block that still
 * fitted is cut off again. Checked for every disk size from nothing to more than the whole capture.
 */
class FullDiskTest {
    private static final int PACKETS = 12;
    private static final FlushPolicy EVERY_7 = new FlushPolicy(7, Duration.ofDays(1), 4096);

    @TempDir
    Path dir;

    private static int length(int i) {
        return 60 + (i * 37) % 150;
    }

    /** Writes until the disk is full; returns how many packets the writer accepted. */
    private static int writeUntilFull(PcapngWriter w) {
        int accepted = 0;
        try {
            int id = w.addInterface("eth0", "node=n1 iface=eth0", 1, 65535);
            for (int i = 0; i < PACKETS; i++) {
                w.writePacket(id, 1_000L * i, CaptureBytes.frame(length(i), i), 0, length(i), length(i), null);
                accepted++;
            }
            w.setStatistics(id, InterfaceStatistics.drops(0, 0));
        } catch (IOException e) {
            assertEquals("No space left on device", e.getMessage());
        }
        try {
            w.close();
        } catch (IOException e) {
            assertEquals("No space left on device", e.getMessage()); // the statistics did not fit either
        }
        return accepted;
    }

    @Test
    void everyDiskSizeLeavesWholeBlocks() throws Exception {
        Path file = dir.resolve("full.pcapng");
        long whole = -1;
        for (int capacity = 0; ; capacity++) {
            PcapngWriter w;
            try {
                w = PcapngWriter.create(new BlockOutput(file, FullDiskChannel.open(file, capacity), EVERY_7,
                        System::nanoTime));
            } catch (IOException e) {
                assertEquals(0, Files.size(file), "a section header that does not fit is removed: " + capacity);
                continue;
            }
            int accepted = writeUntilFull(w);
            long size = Files.size(file);
            assertTrue(size <= capacity, size + " > " + capacity);
            assertEquals(0, size % 4, "pcapng blocks are 32-bit aligned");
            Frame.Read read = Frame.readAll(file, 4096);
            assertNull(read.problem(), "disk of " + capacity + " bytes: " + read.problem());
            List<Frame> frames = read.frames();
            assertTrue(frames.size() <= accepted);
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(length(i), frames.get(i).bytes().length);
                assertEquals(1_000L * i, frames.get(i).timestampNanos());
            }
            if (accepted == PACKETS && frames.size() == PACKETS) {
                try (PcapngReader r = (PcapngReader) CaptureFiles.open(file)) {
                    while (r.next(new PacketRecord())) {
                        // to the end, where the statistics block is
                    }
                    if (r.statistics().size() == 1) {
                        whole = capacity;
                        break;
                    }
                }
            }
        }
        assertTrue(whole > 0);
    }

    /** The cut frees the room the partial block took; the statistics block at close fits there. */
    @Test
    void statisticsGoWhereThePartialBlockWas() throws Exception {
        Path file = dir.resolve("full.pcapng");
        PcapngWriter w = PcapngWriter.create(new BlockOutput(file, FullDiskChannel.open(file, 1000), EVERY_7,
                System::nanoTime));
        int id = w.addInterface("eth0", null, 1, 65535);
        IOException full = assertThrows(IOException.class, () -> {
            for (int i = 0; i < PACKETS; i++) {
                w.writePacket(id, i, CaptureBytes.frame(100, i), 0, 100, 100, null);
            }
        });
        assertEquals("No space left on device", full.getMessage());
        w.setStatistics(id, InterfaceStatistics.drops(0, 5));
        w.close();
        assertTrue(Files.size(file) <= 1000);
        try (PcapngReader r = (PcapngReader) CaptureFiles.open(file)) {
            PacketRecord record = new PacketRecord();
            int packets = 0;
            while (r.next(record)) {
                packets++;
            }
            assertNull(r.problem());
            assertEquals(6, packets, "the seventh packet's flush did not fit");
            assertEquals(5, r.statistics().get(0).osDrops());
        }
    }
}
