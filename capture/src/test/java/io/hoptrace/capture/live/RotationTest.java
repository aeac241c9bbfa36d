package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation by size and time, with and without a file limit, on real traffic. Root only. */
class RotationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void root() {
        VethLab.assumeRoot();
    }

    /** Records what the listener hears, in order. */
    static final class Events implements CaptureListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void fileOpened(Path file) {
            events.add("open " + file.getFileName());
        }

        @Override
        public void fileClosed(Path file, long packets) {
            events.add("close " + file.getFileName() + " " + packets);
        }

        @Override
        public void fileRemoved(Path file) {
            events.add("remove " + file.getFileName());
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }

    private List<Path> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().startsWith("cap")).sorted().toList();
        }
    }

    private CaptureResult capturePings(CaptureOptions options, Events events, VethLab lab, int pings, int size,
                                       double interval) throws Exception {
        LiveCapture capture = LiveCapture.start(options, events);
        lab.ping(7000, pings, size, interval);
        CaptureResult r = capture.awaitResult(WAIT);
        assertNotNull(r, "the capture ends by count");
        assertNull(r.error());
        return r;
    }

    @Test
    void sizeRotationWithALimitKeepsExactlyThatManyFiles() throws Exception {
        Path out = Files.createDirectory(dir.resolve("ring"));
        Events events = new Events();
        try (VethLab lab = VethLab.create(dir)) {
            CaptureOptions options = CaptureOptions.builder(out.resolve("cap.pcapng")).interfaces(lab.host)
                    .filter("icmp").rotateBytes(10_000).fileLimit(3).count(200).build();
            CaptureResult r = capturePings(options, events, lab, 100, 1000, 0);
            List<Path> files = filesIn(out);
            assertEquals(List.of(out.resolve("cap0.pcapng"), out.resolve("cap1.pcapng"), out.resolve("cap2.pcapng")),
                    files);
            assertEquals(files, r.files().stream().sorted().toList());
            long opened = events.count("open ");
            assertTrue(opened > 10, events.events.toString());
            assertEquals(opened, events.count("close "), "every file opened is closed");
            assertEquals(opened - 3, events.count("remove "), "every overwritten slot is announced");

            // the three files hold the newest packets, without a gap, each ending with statistics
            List<String> echoes = new ArrayList<>();
            for (long i = opened - 3; i < opened; i++) {
                Path f = out.resolve("cap" + i % 3 + ".pcapng");
                Captured c = Captured.read(f);
                assertNull(c.problem());
                assertEquals(1, c.statistics().size());
                // the limit is checked before each packet, as tcpdump does: a file ends at most one packet (and
                // the statistics block) past it
                assertTrue(Files.size(f) < 10_000 + 1100 + 400, f + ": " + Files.size(f));
                echoes.addAll(c.echoes(7000));
            }
            List<String> all = new ArrayList<>();
            for (int seq = 0; seq < 100; seq++) {
                all.add("8/" + seq);
                all.add("0/" + seq);
            }
            assertEquals(all.subList(all.size() - echoes.size(), all.size()), echoes);
        }
    }

    @Test
    void sizeRotationWithoutALimitNumbersEveryFile() throws Exception {
        Path out = Files.createDirectory(dir.resolve("numbered"));
        Events events = new Events();
        try (VethLab lab = VethLab.create(dir)) {
            CaptureOptions options = CaptureOptions.builder(out.resolve("cap.pcapng")).interfaces(lab.host)
                    .filter("icmp").rotateBytes(20_000).count(100).build();
            CaptureResult r = capturePings(options, events, lab, 50, 1000, 0);
            List<Path> files = new ArrayList<>(r.files());
            assertEquals(out.resolve("cap.pcapng"), files.get(0));
            for (int i = 1; i < files.size(); i++) {
                assertEquals(out.resolve("cap" + i + ".pcapng"), files.get(i));
            }
            assertTrue(files.size() >= 4, files.toString());
            assertEquals(files.size(), filesIn(out).size());
            int packets = 0;
            for (Path f : files) {
                Captured c = Captured.read(f);
                assertNull(c.problem());
                packets += c.packets().size();
                c.assertLibpcapAgrees(f);
            }
            assertEquals(100, packets);
        }
    }

    @Test
    void timeRotationNamesFilesByTheClockAndTheLimitDeletesTheOldest() throws Exception {
        Path out = Files.createDirectory(dir.resolve("timed"));
        Events events = new Events();
        try (VethLab lab = VethLab.create(dir)) {
            CaptureOptions options = CaptureOptions.builder(out.resolve("cap-%Y%m%d-%H%M%S.pcapng"))
                    .interfaces(lab.host).filter("icmp").rotateEvery(Duration.ofMillis(500)).fileLimit(2)
                    .count(60).build();
            CaptureResult r = capturePings(options, events, lab, 30, 10, 0.1);
            List<Path> files = filesIn(out);
            assertEquals(2, files.size(), files.toString());
            assertEquals(files, r.files().stream().sorted().toList());
            for (Path f : files) {
                assertTrue(f.getFileName().toString().matches("cap-\\d{8}-\\d{6}\\d?\\.pcapng"), f.toString());
                assertNull(Captured.read(f).problem());
            }
            assertTrue(events.count("open ") >= 4, "3 s of pings in 0.5 s files: " + events.events);
            assertEquals(events.count("open ") - 2, events.count("remove "));
        }
    }
}
