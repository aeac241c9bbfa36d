package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capturing process stopped by SIGTERM ends its file properly; one killed by SIGKILL leaves it readable. */
class SignalTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void root() {
        VethLab.assumeRoot();
    }

    @Test
    void sigtermWritesTheQueueTheStatisticsAndTheReport() throws Exception {
        Path file = dir.resolve("term.pcapng");
        try (VethLab lab = VethLab.create(dir);
             ChildCapture child = ChildCapture.start(List.of(), List.of(), file, lab.host, "icmp", 100)) {
            child.awaitLine("ready");
            lab.ping(8080, 25, 64, 0);
            child.signal("TERM"); // at once: the last packets are still in the kernel's buffer
            int status = child.awaitExit();
            ChildCapture.assertExit(143, status, child.lines());
            assertTrue(child.lines().contains("50 packets captured"), child.lines().toString());
            assertTrue(child.lines().contains("0 packets dropped by hoptrace queue"), child.lines().toString());
            assertTrue(child.lines().contains("reason=STOPPED"), child.lines().toString());

            Captured read = Captured.read(file);
            assertNull(read.problem());
            List<String> expected = new ArrayList<>();
            for (int seq = 0; seq < 25; seq++) {
                expected.add("8/" + seq);
                expected.add("0/" + seq);
            }
            assertEquals(expected, read.echoes(8080));
            assertEquals(50, read.statistics().get(0).delivered(), "the statistics block was written");
            read.assertLibpcapAgrees(file);
        }
    }

    @Test
    void sigkillLeavesEveryFlushedPacketReadable() throws Exception {
        Path file = dir.resolve("kill.pcapng");
        try (VethLab lab = VethLab.create(dir);
             ChildCapture child = ChildCapture.start(List.of(), List.of(), file, lab.host, "icmp", 50)) {
            child.awaitLine("ready");
            Thread pinger = new Thread(() -> {
                try {
                    lab.ping(9090, 2000, 200, 0.001);
                } catch (Exception e) {
                    // the test ends the lab under it
                }
            });
            pinger.start();
            Thread.sleep(1200);
            long before = Files.size(file);
            child.signal("KILL"); // no hook, no statistics
            int status = child.awaitExit();
            ChildCapture.assertExit(137, status, child.lines());
            pinger.join();

            Captured read = Captured.read(file);
            if (read.problem() != null) { // a kill inside write(2) stops it at a page boundary
                assertTrue(read.problem().message().startsWith("file ends inside packet"), read.problem().toString());
                assertEquals(0, Files.size(file) % 4096);
            }
            List<String> echoes = read.echoes(9090);
            assertTrue(echoes.size() >= 100 && before > 0, echoes.size() + " packets were flushed before the kill");
            for (int i = 0; i < echoes.size(); i++) {
                assertEquals((i % 2 == 0 ? "8/" : "0/") + i / 2, echoes.get(i), "no gap before packet " + i);
            }
            assertTrue(read.statistics().isEmpty(), "a killed capture writes no statistics");
            assertEquals(lab.host, read.interfaces().get(0).name());
        }
    }
}
