package io.hoptrace.capture.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.SharedData;
import static io.hoptrace.capture.file.CaptureBytes.frame;

import io.hoptrace.capture.file.CaptureBytes.Option;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real capture in the shared data reads the same through hoptrace's reader as through libpcap. */
class LibpcapAgreementTest {

    static Stream<Path> captures() {
        return SharedData.captures().stream();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void agreesWithLibpcap(Path file) throws Exception {
        Frame.Read ours = Frame.readAll(file);
        Libpcap.Read theirs = Libpcap.read(file);
        assertNull(ours.problem(), () -> "hoptrace stopped early: " + ours.problem());
        assertNull(theirs.error(), () -> "libpcap stopped early: " + theirs.error());
        assertSame(file, ours.frames(), theirs.packets());
    }

    /**
     * libpcap reads later pcapng sections only while their byte order and their interfaces' link types match the
     * first section's: 1.10.3 reads this file's second section (same byte order) but stops at the big-endian third
     * one, whose block length it reads in the wrong byte order. hoptrace reads all three; what libpcap reads agrees.
     */
    @Test
    void libpcapStopsAtASectionOfAnotherByteOrder(@TempDir Path dir) throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        CaptureBytes c = CaptureBytes.pcapng().section(le)
                .interfaceBlock(1, 65535, Option.text(Samples.IF_NAME, "eth0"))
                .interfaceBlock(1, 65535, Option.u8(Samples.IF_TSRESOL, 9))
                .enhancedPacket(0, 1_700_000_000_000_001L, frame(60, 1), 60)
                .enhancedPacket(1, 1_700_000_000_000_000_002L, frame(70, 2), 70, Option.text(1, "hi"))
                .simplePacket(80, frame(80, 3))
                .section(le).interfaceBlock(1, 65535)
                .enhancedPacket(0, 1_700_000_001_000_000L, frame(61, 4), 61)
                .section(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 65535)
                .enhancedPacket(0, 1_700_000_002_000_000L, frame(62, 5), 62);
        Path file = c.writeTo(dir.resolve("sections.pcapng"));
        Frame.Read ours = Frame.readAll(file);
        assertNull(ours.problem());
        assertEquals(5, ours.frames().size());
        Libpcap.Read theirs = Libpcap.read(file);
        assertEquals(4, theirs.packets().size());
        assertTrue(theirs.error().contains("pcapng block size 469762048 > maximum"), theirs.error());
        assertSame(file, ours.frames().subList(0, theirs.packets().size()), theirs.packets());
    }

    /**
     * libpcap 1.10 reads pcap seconds as signed 32-bit (struct pcap_timeval), the pcap specification and Wireshark
     * as unsigned; hoptrace follows the specification. Only bgp_vpn_rt-oobr.pcap (a fuzzed file, packet 19 at
     * 0xffff0000 seconds) has such a timestamp.
     */
    static long unsignedSeconds(long libpcapNanos) {
        return libpcapNanos < 0 ? libpcapNanos + (1L << 32) * 1_000_000_000L : libpcapNanos;
    }

    static void assertSame(Path file, List<Frame> ours, List<Libpcap.Packet> theirs) {
        assertEquals(theirs.size(), ours.size(), () -> file + ": packet count");
        for (int i = 0; i < ours.size(); i++) {
            Frame f = ours.get(i);
            Libpcap.Packet p = theirs.get(i);
            String where = file.getFileName() + " packet " + (i + 1);
            assertEquals(i + 1, f.number(), where + " number");
            assertEquals(unsignedSeconds(p.timestampNanos()), f.timestampNanos(), where + " timestamp");
            assertEquals(p.wireLength(), f.wireLength(), where + " wire length");
            assertEquals(p.capturedLength(), f.bytes().length, where + " captured length");
            assertArrayEquals(p.bytes(), f.bytes(), where + " bytes");
        }
    }
}
