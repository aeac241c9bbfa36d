package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoptrace.capture.live.Captured;
import io.hoptrace.capture.live.VethLab;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoptrace capture --bundle}: node state at start and end around a real capture, and a manifest. */
class CaptureBundleTest {
    @TempDir
    Path dir;

    @Test
    void bundleHoldsTheCaptureTheStateAtBothEndsAndAManifest() throws Exception {
        Path bundle = dir.resolve("bundle");
        try (VethLab lab = VethLab.create(dir)) {
            // the start snapshot takes a few seconds (conntrack -S samples): ping until the capture has its packets
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread pinger = new Thread(() -> {
                try {
                    while (!done.get()) {
                        lab.ping(777, 1, 32, 0.01);
                        Thread.sleep(300);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            pinger.start();
            CaptureCommandTest.Run r;
            try {
                r = CaptureCommandTest.run("capture", "--bundle", bundle.toString(), "-i", lab.host, "-c", "10",
                        "--duration", "120s", "--node", "node-x", "--no-k8s", "icmp");
            } finally {
                done.set(true);
                pinger.join();
            }
            assertEquals(0, r.status(), r.err());
            assertTrue(r.err().contains("hoptrace: bundle written to " + bundle), r.err());

            Path node = bundle.resolve("nodes/node-x");
            Captured c = Captured.read(node.resolve("capture.pcapng"));
            assertEquals(10, c.packets().size());
            assertEquals("node=node-x iface=" + lab.host, c.interfaces().get(0).description());
            // this test runs in the machine's own namespace, whose iptables may hold no rules: that file may be empty
            assertTrue(Files.exists(node.resolve("iptables-save.txt")) && Files.exists(node.resolve("end/iptables-save.txt")));
            for (String f : new String[] {"sysctl.txt", "ip-link.json", "ip-addr.json", "ip-route.json"}) {
                assertTrue(Files.size(node.resolve(f)) > 0, "start state: " + f);
                assertTrue(Files.size(node.resolve("end").resolve(f)) > 0, "end state: " + f);
            }
            JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
            assertTrue(manifest.toString().contains("capture.pcapng"), manifest.toString());
            assertTrue(manifest.toString().contains(lab.host), "the capture command is recorded: " + manifest);
            assertTrue(Files.notExists(bundle.resolve("k8s.json")), "--no-k8s");
        }
    }

    @Test
    void bundleRefusesRotationAndAnOutputFile() {
        CaptureCommandTest.Run r = CaptureCommandTest.run("capture", "--bundle", dir.resolve("b").toString(),
                "-w", dir.resolve("x.pcapng").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("leave out -w"), r.err());
        r = CaptureCommandTest.run("capture", "--bundle", dir.resolve("b").toString(), "-C", "10");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("leave out -C, -G and -W"), r.err());
    }
}
