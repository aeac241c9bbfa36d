package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.InterfaceStatistics;
import io.hoptrace.capture.live.CaptureResult.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real packets on a veth pair, captured and read back by hoptrace, libpcap and tshark. Root only. */
class LiveCaptureTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BeforeAll
    static void root() {
        VethLab.assumeRoot();
    }

    private static List<String> expectedEchoes(int count) {
        List<String> e = new ArrayList<>();
        for (int seq = 0; seq < count; seq++) {
            e.add("8/" + seq);
            e.add("0/" + seq);
        }
        return e;
    }

    @Test
    void pingsThroughAVethAreWrittenWithInterfaceNamesAndStatistics() throws Exception {
        Path file = dir.resolve("veth.pcapng");
        try (VethLab lab = VethLab.create(dir)) {
            CaptureOptions options = CaptureOptions.builder(file).interfaces(lab.host).filter("icmp")
                    .node("worker-7").count(40).build();
            LiveCapture capture = LiveCapture.start(options, CaptureListener.NONE);
            lab.ping(4242, 20, 56, 0.005);
            CaptureResult result = capture.awaitResult(WAIT);
            assertNotNull(result, "40 packets within " + WAIT);
            assertNull(result.error());
            assertEquals(StopReason.COUNT, result.reason());
            assertEquals(List.of(file), result.files());
            assertEquals(List.of("next_ex"), capture.readers(), "pcap_next_ex with Unsafe reads, not pcap4j's loop()");
            assertEquals(40, result.stats().written());
            assertEquals(0, result.stats().drops());
            assertTrue(result.stats().received() >= 40, "received by filter: " + result.stats().received());

            Captured read = Captured.read(file);
            assertNull(read.problem());
            assertEquals(expectedEchoes(20), read.echoes(4242), "every request and its reply, in order");
            assertEquals(List.of(new InterfaceInfo(0, 1, CaptureOptions.DEFAULT_SNAPLEN, lab.host,
                    "node=worker-7 iface=" + lab.host, 0, 1_000_000_000L)), read.interfaces());
            InterfaceStatistics isb = read.statistics().get(0);
            assertEquals(40, isb.delivered());
            assertEquals(0, isb.interfaceDrops(), "isb_ifdrop: every loss");
            assertEquals(result.stats().received(), isb.received());
            assertTrue(isb.comment().contains("0 dropped by hoptrace queue"), isb.comment());
            long last = 0;
            for (Captured.Packet p : read.packets()) {
                assertEquals(98, p.bytes().length, "14 + 20 + 8 + 56");
                assertTrue(p.timestampNanos() >= last, "timestamps in order");
                last = p.timestampNanos();
            }
            assertTrue(read.packets().stream().anyMatch(p -> p.timestampNanos() % 1000 != 0),
                    "libpcap gave nanosecond resolution");
            long age = System.currentTimeMillis() * 1_000_000L - read.packets().get(0).timestampNanos();
            assertTrue(age > 0 && age < 60_000_000_000L, "timestamps are now: " + age);

            read.assertLibpcapAgrees(file);
            if (Files.isExecutable(Path.of("/usr/bin/tshark"))) {
                List<String> lines = Captured.tshark(file, "frame.interface_name", "frame.interface_description",
                        "icmp.type", "icmp.ident", "icmp.seq");
                assertEquals(40, lines.size());
                assertEquals(lab.host + "\tnode=worker-7 iface=" + lab.host + "\t8\t4242\t0", lines.get(0));
                assertEquals(lab.host + "\tnode=worker-7 iface=" + lab.host + "\t0\t4242\t19", lines.get(39));
            }
        }
    }

    @Test
    void twoInterfacesGetADescriptionEachAndPacketsNameTheirs() throws Exception {
        Path file = dir.resolve("two.pcapng");
        try (VethLab a = VethLab.create(dir); VethLab b = VethLab.create(dir)) {
            LiveCapture capture = LiveCapture.start(CaptureOptions.builder(file).interfaces(a.host, b.host)
                    .filter("icmp").node("n2").count(40).build(), CaptureListener.NONE);
            a.ping(1111, 10, 32, 0.005);
            b.ping(2222, 10, 32, 0.005);
            CaptureResult result = capture.awaitResult(WAIT);
            assertNotNull(result);
            assertNull(result.error());
            assertEquals(List.of(20L, 20L), result.stats().interfaces().stream()
                    .map(CaptureStats.Interface::captured).toList());

            Captured read = Captured.read(file);
            assertEquals(List.of(a.host, b.host), read.interfaces().stream().map(InterfaceInfo::name).toList());
            assertEquals(expectedEchoes(10), read.echoes(1111));
            assertEquals(expectedEchoes(10), read.echoes(2222));
            for (Captured.Packet p : read.packets()) {
                assertEquals(p.icmp()[1] == 1111 ? 0 : 1, p.interfaceId());
            }
            long[] last = new long[2];
            for (Captured.Packet p : read.packets()) {
                assertTrue(p.timestampNanos() >= last[p.interfaceId()], "each interface's packets in time order");
                last[p.interfaceId()] = p.timestampNanos();
            }
            assertEquals(2, read.statistics().size());
            read.assertLibpcapAgrees(file);
            if (Files.isExecutable(Path.of("/usr/bin/tshark"))) {
                List<String> names = Captured.tshark(file, "frame.interface_name", "icmp.ident");
                assertTrue(names.contains(a.host + "\t1111") && names.contains(b.host + "\t2222"), names.toString());
                assertTrue(names.stream().allMatch(l -> l.equals(a.host + "\t1111") || l.equals(b.host + "\t2222")));
            }
        }
    }

    @Test
    void anyCapturesLinuxCookedV2() throws Exception {
        Path file = dir.resolve("any.pcapng");
        try (VethLab lab = VethLab.create(dir)) {
            LiveCapture capture = LiveCapture.start(CaptureOptions.builder(file).interfaces("any")
                    .filter("icmp and host " + lab.peerAddress).count(10).build(), CaptureListener.NONE);
            lab.ping(3333, 5, 20, 0.005);
            CaptureResult result = capture.awaitResult(WAIT);
            assertNotNull(result);
            Captured read = Captured.read(file);
            assertEquals(Libpcap.DLT_LINUX_SLL2, read.interfaces().get(0).linkType());
            assertEquals("any", read.interfaces().get(0).name());
            assertEquals(expectedEchoes(5), read.echoes(3333));
            if (Files.isExecutable(Path.of("/usr/bin/tshark"))) {
                // SLL2 carries the interface index; tshark decodes it as sll.ifindex
                String index = Files.readString(Path.of("/sys/class/net/" + lab.host + "/ifindex")).trim();
                List<String> lines = Captured.tshark(file, "frame.interface_name", "sll.ifindex");
                assertEquals(10, lines.size());
                assertTrue(lines.stream().allMatch(l -> l.equals("any\t" + index)), lines.toString());
            }
        }
    }

    @Test
    void headersOnlyKeepsEveryHeaderAndNoPayload() throws Exception {
        Path file = dir.resolve("headers.pcapng");
        try (VethLab lab = VethLab.create(dir)) {
            LiveCapture capture = LiveCapture.start(CaptureOptions.builder(file).interfaces(lab.host)
                    .filter("icmp").headersOnly(true).count(6).build(), CaptureListener.NONE);
            lab.ping(4444, 3, 1000, 0.005);
            assertNotNull(capture.awaitResult(WAIT));
            Captured read = Captured.read(file);
            assertEquals(expectedEchoes(3), read.echoes(4444));
            assertEquals(CaptureOptions.HEADERS_ONLY_SNAPLEN, read.interfaces().get(0).snapLength());
            for (Captured.Packet p : read.packets()) {
                assertEquals(14 + 20 + 8, p.bytes().length, "Ethernet, IPv4, ICMP echo header");
                assertEquals(14 + 20 + 8 + 1000, p.wireLength());
            }
        }
    }

    /**
     * The fallbacks: pcap4j's loop() with a raw listener (when pcap_next_ex cannot be bound) and JNA reads of
     * libpcap's memory (when Unsafe is missing) capture the same.
     */
    @ParameterizedTest
    @CsvSource({"hoptrace.capture.reader, loop, loop", "hoptrace.capture.memory, jna, next_ex+jna"})
    void theFallbackPathsCaptureTheSame(String property, String value, String reader) throws Exception {
        Path file = dir.resolve("fallback.pcapng");
        System.setProperty(property, value);
        try (VethLab lab = VethLab.create(dir)) {
            LiveCapture capture = LiveCapture.start(CaptureOptions.builder(file).interfaces(lab.host)
                    .filter("icmp").count(20).build(), CaptureListener.NONE);
            lab.ping(4343, 10, 56, 0.005);
            CaptureResult result = capture.awaitResult(WAIT);
            assertNotNull(result);
            assertEquals(List.of(reader), capture.readers());
            Captured read = Captured.read(file);
            assertEquals(expectedEchoes(10), read.echoes(4343));
            assertTrue(read.packets().stream().anyMatch(p -> p.timestampNanos() % 1000 != 0), "nanoseconds");
            read.assertLibpcapAgrees(file);
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void countAndDurationStopTheCapture() throws Exception {
        try (VethLab lab = VethLab.create(dir)) {
            long t0 = System.nanoTime();
            LiveCapture quiet = LiveCapture.start(CaptureOptions.builder(dir.resolve("quiet.pcapng"))
                    .interfaces(lab.host).filter("icmp").duration(Duration.ofMillis(700)).build(),
                    CaptureListener.NONE);
            CaptureResult r = quiet.awaitResult(WAIT);
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(StopReason.DURATION, r.reason());
            assertTrue(took >= 650 && took < 5000, took + " ms");
            Captured read = Captured.read(dir.resolve("quiet.pcapng"));
            assertEquals(0, read.packets().size());
            assertNull(read.problem());
            assertEquals(1, read.statistics().size(), "an empty capture still ends with its statistics");
        }
    }

    @Test
    void stopRightAfterTheTrafficLosesNothing() throws Exception {
        Path file = dir.resolve("stopped.pcapng");
        try (VethLab lab = VethLab.create(dir)) {
            LiveCapture capture = LiveCapture.start(CaptureOptions.builder(file).interfaces(lab.host)
                    .filter("icmp").build(), CaptureListener.NONE);
            lab.ping(5555, 30, 100, 0);
            capture.stop(); // at once: the packets still sit in the kernel's unfinished block, which is drained
            CaptureResult r = capture.awaitResult(WAIT);
            assertEquals(StopReason.STOPPED, r.reason());
            assertEquals(60, r.stats().written());
            assertEquals(expectedEchoes(30), Captured.read(file).echoes(5555));
            assertTrue(Captured.read(file).statistics().get(0).delivered() == 60);
        }
    }

    @Test
    void aVanishedInterfaceEndsTheCaptureWithAnError() throws Exception {
        Path file = dir.resolve("gone.pcapng");
        VethLab lab = VethLab.create(dir);
        try {
            LiveCapture capture = LiveCapture.start(CaptureOptions.builder(file).interfaces(lab.host)
                    .filter("icmp").build(), CaptureListener.NONE);
            lab.ping(6666, 2, 10, 0);
            Thread.sleep(300);
            lab.close(); // the pod went away: its veth with it
            CaptureResult r = capture.awaitResult(WAIT);
            assertNotNull(r, "the capture notices");
            assertEquals(StopReason.INTERFACES_ENDED, r.reason());
            assertNotNull(r.error());
            assertTrue(r.error().getMessage().contains(lab.host), r.error().getMessage());
            assertEquals(expectedEchoes(2), Captured.read(file).echoes(6666));
            assertNull(Captured.read(file).problem());
        } finally {
            lab.close();
        }
    }
}
