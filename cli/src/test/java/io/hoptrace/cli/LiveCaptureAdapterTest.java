package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.live.VethLab;
import io.hoptrace.ui.model.port.CaptureReader;
import io.hoptrace.ui.model.port.CapturedFrame;
import io.hoptrace.ui.model.port.LiveCaptureException;
import io.hoptrace.ui.model.port.LiveInterface;
import io.hoptrace.ui.model.port.LiveRequest;
import io.hoptrace.ui.model.port.LiveStats;
import io.hoptrace.ui.model.port.RunningCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's live-capture port over the capture module, on a real veth pair in a namespace (root only): the
 * frames the window gets, in file order and numbered as the file numbers them, the counters, the file, and the
 * one-line errors.
 */
class LiveCaptureAdapterTest {
    /** Echo requests and replies, and UDP to 5555; not the UDP to 6666 or ICMP errors the host may send back. */
    static final String FILTER = "udp port 5555 or icmp[icmptype] == icmp-echo or icmp[icmptype] == icmp-echoreply";

    @TempDir
    Path dir;

    private final LiveCaptureAdapter adapter = new LiveCaptureAdapter();

    /** A frame as the sink saw it, copied. */
    record Seen(long number, int interfaceId, int linkType, long timestampNanos, int wireLength, byte[] bytes) {
    }

    /** 10 pings (id 777) from the namespace, answered by the host end, then 5 UDP datagrams to 5555 and 5 to 6666. */
    static void traffic(VethLab lab) throws Exception {
        lab.ping(777, 10, 56, 0.03);
        lab.inside(VethLab.PYTHON, "-c", "import socket\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "for port in (5555, 6666):\n"
                + "    for i in range(5):\n"
                + "        s.sendto(b'hoptrace', ('" + lab.hostAddress + "', port))\n");
    }

    @Test
    void framesReachTheSinkAndTheFileWithCounters() throws Exception {
        try (VethLab lab = VethLab.create(dir)) {
            List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
            Path file = dir.resolve("live.pcapng");
            RunningCapture running = adapter.start(new LiveRequest(List.of(lab.host), FILTER, 65535, file),
                    f -> seen.add(new Seen(f.number, f.interfaceId, f.linkType, f.timestampNanos, f.wireLength,
                            Arrays.copyOfRange(f.data, f.offset, f.offset + f.capturedLength))));
            assertEquals(file, running.file());
            assertEquals(lab.host, running.interfaceName(0));
            assertNull(running.interfaceName(1));
            assertTrue(running.interfaceDescription(0).endsWith(" iface=" + lab.host), running.interfaceDescription(0));
            double fastest = 0;
            Thread sender = new Thread(() -> {
                try {
                    traffic(lab);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            LiveStats s = running.stats();
            while (s.packets() < 25 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                s = running.stats();
                fastest = Math.max(fastest, s.packetsPerSecond());
            }
            sender.join();
            assertEquals(25, s.packets(), "20 echo packets and 5 datagrams, while running");
            assertTrue(fastest > 0, "a rate was shown while packets came");
            running.stop();
            RunningCapture.Ended end = running.awaitEnd();
            assertNull(end.error());
            assertEquals(new LiveStats(25, 0, 0, 0), end.stats());
            assertEquals(file, end.file());

            assertEquals(25, seen.size());
            long last = 0;
            for (int i = 0; i < 25; i++) {
                Seen f = seen.get(i);
                assertEquals(i + 1, f.number(), "numbered as in the file");
                assertEquals(0, f.interfaceId());
                assertEquals(1, f.linkType(), "Ethernet");
                assertEquals(f.bytes().length, f.wireLength());
                assertTrue(f.timestampNanos() >= last);
                last = f.timestampNanos();
            }
            long age = System.currentTimeMillis() * 1_000_000L - seen.get(0).timestampNanos();
            assertTrue(age > 0 && age < 60_000_000_000L, "timestamps are now: " + age);
            for (int i = 0; i < 20; i++) {
                byte[] b = seen.get(i).bytes();
                assertEquals(98, b.length, "14 + 20 + 8 + 56");
                assertEquals(i % 2 == 0 ? 8 : 0, b[34], "request, then its reply");
                assertEquals(i / 2, ((b[40] & 0xFF) << 8) | (b[41] & 0xFF), "sequence number");
            }
            for (int i = 20; i < 25; i++) {
                byte[] b = seen.get(i).bytes();
                assertEquals(14 + 20 + 8 + 8, b.length);
                assertEquals(17, b[23], "UDP");
                assertEquals(lab.peerAddress, ip(b, 26));
                assertEquals(lab.hostAddress, ip(b, 30));
                assertEquals(5555, ((b[36] & 0xFF) << 8) | (b[37] & 0xFF));
            }
            // the file holds the same frames
            try (CaptureReader in = new CaptureFilesOpener().open(file)) {
                CapturedFrame f = new CapturedFrame();
                for (Seen s1 : seen) {
                    assertTrue(in.next(f));
                    assertEquals(s1.timestampNanos(), f.timestampNanos);
                    assertArrayEquals(s1.bytes(), Arrays.copyOfRange(f.data, f.offset, f.offset + f.capturedLength));
                }
                assertFalse(in.next(f));
                assertNull(in.problem());
                assertEquals(lab.host, in.interfaceName(0));
                assertEquals(running.interfaceDescription(0), in.interfaceDescription(0));
            }
        }
    }

    private static String ip(byte[] b, int at) {
        return (b[at] & 0xFF) + "." + (b[at + 1] & 0xFF) + "." + (b[at + 2] & 0xFF) + "." + (b[at + 3] & 0xFF);
    }

    @Test
    void withoutAPathTheCaptureGoesToATemporaryPcapng() throws Exception {
        VethLab.assumeRoot();
        RunningCapture running = adapter.start(new LiveRequest(List.of("lo"), "icmp", 96, null), f -> { });
        try {
            Path file = running.file();
            assertTrue(file.getFileName().toString().matches("hoptrace-live-.*\\.pcapng"), file.toString());
            running.stop();
            assertEquals(0, running.awaitEnd().stats().packets());
            assertTrue(Files.size(file) > 0, "section header, interface and statistics blocks");
        } finally {
            Files.deleteIfExists(running.file());
        }
    }

    @Test
    void theInterfaceListHasTheVethWithItsAddress() throws Exception {
        try (VethLab lab = VethLab.create(dir)) {
            List<LiveInterface> all = adapter.interfaces();
            LiveInterface veth = all.stream().filter(i -> i.name().equals(lab.host)).findFirst().orElseThrow();
            assertTrue(veth.addresses().contains(lab.hostAddress), veth.toString());
            assertTrue(veth.up());
            assertFalse(veth.loopback());
            LiveInterface lo = all.stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
            assertTrue(lo.loopback());
            assertTrue(lo.addresses().contains("127.0.0.1"), lo.toString());
            assertTrue(all.stream().anyMatch(i -> i.name().equals("any")));
        }
    }

    @Test
    void aBadFilterIsOneLineAndLeavesNoFile() throws Exception {
        VethLab.assumeRoot();
        Path file = dir.resolve("bad.pcapng");
        LiveCaptureException e = assertThrows(LiveCaptureException.class, () -> adapter.start(
                new LiveRequest(List.of("lo"), "udp port", 262144, file), f -> { }));
        assertTrue(e.getMessage().startsWith("bad filter 'udp port': "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (see man 7 pcap-filter)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void aMissingInterfaceIsOneLineNamingTheOthers() {
        Path file = dir.resolve("none.pcapng");
        LiveCaptureException e = assertThrows(LiveCaptureException.class, () -> adapter.start(
                new LiveRequest(List.of("nosuch0"), "", 262144, file), f -> { }));
        assertTrue(e.getMessage().startsWith("no interface 'nosuch0' (available: "), e.getMessage());
        assertTrue(e.getMessage().contains(" lo"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void aSnaplenOutOfRangeIsOneLine() {
        LiveCaptureException e = assertThrows(LiveCaptureException.class, () -> adapter.start(
                new LiveRequest(List.of("lo"), "", 0, dir.resolve("x.pcapng")), f -> { }));
        assertEquals("snaplen must be 1 to 262144 bytes, not 0", e.getMessage());
    }
}
