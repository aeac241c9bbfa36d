package io.hoptrace.capture.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hoptrace.decoders.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
