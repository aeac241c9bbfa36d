package io.hoptrace.capture.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packets read back by {@link PacketRecord#dataOffset} are the bytes the sequential reader handed out. The shared
 * data holds only little-endian microsecond pcaps and one-section pcapngs, so the other layouts are made from them
 * here: the same records rewritten big-endian or in nanoseconds, and pcapng files concatenated into several sections.
 */
class FrameFileTest {
    @TempDir
    Path dir;

    /** One packet as the sequential reader gave it. */
    private record Seen(long dataOffset, byte[] bytes) {
    }

    private static List<Seen> stream(Path file) throws IOException {
        List<Seen> seen = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                seen.add(new Seen(r.dataOffset, r.copyBytes()));
            }
        }
        return seen;
    }

    /** Reads every packet back, last first (random access, after the stream is closed); returns how many. */
    private static int assertReadBack(Path file, int chunkBits) throws IOException {
        List<Seen> seen = stream(file);
        try (FrameFile frames = FrameFile.open(file, chunkBits)) {
            for (int i = seen.size() - 1; i >= 0; i--) {
                Seen s = seen.get(i);
                byte[] back = new byte[s.bytes.length + 2];
                frames.read(s.dataOffset, back, 1, s.bytes.length);
                assertArrayEquals(s.bytes, Arrays.copyOfRange(back, 1, back.length - 1), file + " packet " + (i + 1));
            }
        }
        return seen.size();
    }

    @Test
    void littleEndianMicrosecondPcapsReadBack() throws Exception {
        for (String name : List.of("pcap/tcpdump/afs.pcap", "pcap/tcpdump/bgp-4byte-asn.pcap",
                "pcap/suricata-verify/bug-7725-01_ip_in_ip.pcap")) {
            Path file = SharedData.file(name);
            assertTrue(assertReadBack(file, FrameFile.CHUNK_BITS) > 0, name);
            // pieces of 4 KiB: afs.pcap's 1.5 KB packets straddle piece edges
            assertReadBack(file, 12);
        }
    }

    @Test
    void bigEndianAndNanosecondPcapsReadBack() throws Exception {
        Path original = SharedData.file("pcap/tcpdump/afs.pcap");
        List<Seen> expected = stream(original);
        for (boolean bigEndian : new boolean[] {false, true}) {
            for (boolean nanos : new boolean[] {false, true}) {
                Path file = dir.resolve("afs-" + (bigEndian ? "be" : "le") + (nanos ? "-ns" : "-us") + ".pcap");
                Files.write(file, PcapVariants.rewrite(Files.readAllBytes(original), bigEndian, nanos));
                assertEquals(expected.size(), assertReadBack(file, 12), file.toString());
                List<Seen> seen = stream(file);
                for (int i = 0; i < seen.size(); i++) {
                    assertArrayEquals(expected.get(i).bytes, seen.get(i).bytes);
                }
            }
        }
    }

    @Test
    void pcapngWithSeveralSectionsAndInterfacesReadsBack() throws Exception {
        // three real files one after the other: three sections, each numbering its interfaces from 0 again
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int packets = 0;
        for (String name : List.of("pcap/tcpdump/bgp-role.pcapng", "pcap/tcpdump/bgp-extended-msg.pcapng",
                "pcap/tcpdump/bgp-enhanced-route-refresh-subtype.pcapng")) {
            Path f = SharedData.file(name);
            all.writeBytes(Files.readAllBytes(f));
            packets += stream(f).size();
        }
        Path joined = Files.write(dir.resolve("joined.pcapng"), all.toByteArray());
        try (PacketSource source = CaptureFiles.open(joined)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                assertTrue(r.dataOffset > r.fileOffset);
            }
            assertEquals(3, source.interfaces().stream().mapToInt(InterfaceInfo::section).distinct().count());
        }
        assertEquals(packets, assertReadBack(joined, FrameFile.CHUNK_BITS));
        assertEquals(packets, assertReadBack(joined, 7));
    }

    @Test
    void everyPacketBlockTypeInBothByteOrdersReadsBack() throws Exception {
        // enhanced, simple and obsolete packet blocks; a big-endian section between two little-endian ones
        Path file = Samples.multiSection().capture().writeTo(dir.resolve("multi.pcapng"));
        assertEquals(7, assertReadBack(file, FrameFile.CHUNK_BITS));
        assertEquals(7, assertReadBack(file, 5));
    }

    @Test
    void aTruncatedFileReadsBackEveryCompletePacket() throws Exception {
        Path original = SharedData.file("pcap/tcpdump/afs.pcap");
        List<Seen> whole = stream(original);
        Seen last = whole.get(whole.size() - 1);
        byte[] bytes = Files.readAllBytes(original);
        Path cut = Files.write(dir.resolve("cut.pcap"),
                Arrays.copyOf(bytes, (int) last.dataOffset + last.bytes.length / 2));
        try (PacketSource source = CaptureFiles.open(cut)) {
            while (source.next(new PacketRecord())) {
                // read to where it stops
            }
            assertNotNull(source.problem());
        }
        assertEquals(whole.size() - 1, assertReadBack(cut, FrameFile.CHUNK_BITS));
    }

    @Test
    void bytesPastTheEndAreRefusedNamingTheFile() throws Exception {
        Path file = SharedData.file("pcap/tcpdump/bgp-role.pcapng");
        try (FrameFile frames = FrameFile.open(file)) {
            IOException e = assertThrows(IOException.class,
                    () -> frames.read(frames.size() - 10, new byte[20], 0, 20));
            assertTrue(e.getMessage().startsWith(file + ": bytes "), e.getMessage());
            frames.close();
            e = assertThrows(IOException.class, () -> frames.read(0, new byte[4], 0, 4));
            assertEquals(file + ": closed", e.getMessage());
        }
    }

    @Test
    void anEmptyFileMapsAndHoldsNothing() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        try (FrameFile frames = FrameFile.open(empty)) {
            assertEquals(0, frames.size());
            assertThrows(IOException.class, () -> frames.read(0, new byte[1], 0, 1));
        }
    }
}
