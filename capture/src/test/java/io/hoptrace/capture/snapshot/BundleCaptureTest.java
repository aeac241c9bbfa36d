package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.capture.file.PcapngWriter;
import io.hoptrace.decoders.LinkType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle around a capture: start snapshot, capture, end snapshot, manifest. The capture step is a stand-in
 * here (the live capture has its own tests); it writes a small pcapng and, in the namespace test, makes traffic.
 */
class BundleCaptureTest {
    @TempDir
    Path bundle;

    @TempDir
    Path home;

    /** No kubeconfig anywhere: k8s.json is recorded as missing at both ends. */
    K8sSnapshot noCluster() {
        UnaryOperator<String> env = name -> name.equals("HOME") ? home.toString() : null;
        return K8sSnapshot.fromKubeconfig(new KubeconfigSource(null, null, env));
    }

    static NodeSnapshot hostNode() {
        return new NodeSnapshot(NodeSnapshot.Options.of("node-h").withSamples(1, Duration.ZERO));
    }

    /** A stand-in capture: one frame into a real pcapng file. */
    static Map<String, Object> onePacket(Path file) throws IOException {
        try (PcapngWriter w = PcapngWriter.create(file)) {
            int eth0 = w.addInterface("eth0", "node-a eth0", LinkType.ETHERNET, 262144);
            byte[] frame = new byte[60];
            w.writePacket(eth0, 1_763_740_800_000_000_000L, frame, 0, frame.length, frame.length, null);
        }
        return Map.of("interfaces", List.of("eth0"), "packets", 1);
    }

    @Test
    void snapshotsBeforeAndAfterTheCaptureInANamespace() throws Exception {
        assumeTrue(KubeProxyNamespace.canCreate(), "needs root and ip(8) to make network namespaces");
        try (KubeProxyNamespace ns = KubeProxyNamespace.create()) {
            NodeSnapshot node = new NodeSnapshot(NodeSnapshot.Options.of("node-a").withNetns(ns.name())
                    .withSamples(2, Duration.ofMillis(100)));
            Manifest m = new BundleCapture(bundle, node, noCluster()).run(file -> {
                Map<String, Object> d = onePacket(file);
                ns.sendDns(5); // traffic during the capture: only the end snapshot can know it
                return d;
            }, "hoptrace capture -i eth0 --bundle " + bundle);

            assertEquals(BundleCapture.PRODUCER, m.producer());
            assertEquals(List.of("node-a"), m.nodes());
            assertNotNull(m.captureStart());
            assertTrue(!m.captureEnd().isBefore(m.captureStart()), m.toString());

            BundleFile capture = m.file("nodes/node-a/capture.pcapng").orElseThrow();
            assertEquals(FileStatus.OK, capture.status());
            assertNull(capture.phase());
            assertEquals(1, capture.details().get("packets"));
            assertEquals(m.captureStart(), capture.taken());
            try (PacketSource in = CaptureFiles.open(bundle.resolve("nodes/node-a/capture.pcapng"))) {
                assertTrue(in.next(new PacketRecord()));
            }

            String startTable = Files.readString(bundle.resolve("nodes/node-a/conntrack.txt"));
            String endTable = Files.readString(bundle.resolve("nodes/node-a/end/conntrack.txt"));
            assertEquals(0, count(startTable, "dst=" + KubeProxyNamespace.VIP), startTable);
            assertEquals(5, count(endTable, "dst=" + KubeProxyNamespace.VIP), endTable);
            String endRules = Files.readString(bundle.resolve("nodes/node-a/end/iptables-save.txt"));
            assertTrue(endRules.contains("[5:"), "end counters count the capture's traffic: " + endRules);

            for (String name : List.of("iptables-save.txt", "conntrack.txt", "conntrack-stats.txt", "sysctl.txt",
                    "ip-link.json")) {
                BundleFile start = m.file("nodes/node-a/" + name).orElseThrow();
                BundleFile end = m.file("nodes/node-a/end/" + name).orElseThrow();
                assertEquals("start", start.phase());
                assertEquals("end", end.phase());
                assertEquals(FileStatus.OK, end.status(), end.toString());
                assertTrue(!start.taken().isAfter(m.captureStart()), start.toString());
                assertTrue(!end.taken().isBefore(m.captureEnd()), end.toString());
            }
            assertEquals(FileStatus.MISSING, m.file("k8s.json").orElseThrow().status());
            assertEquals(FileStatus.MISSING, m.file("end/k8s.json").orElseThrow().status());
            assertEquals(Manifest.json().writeValueAsString(m), Manifest.json().writeValueAsString(
                    Manifest.read(bundle).orElseThrow()), "what run returns is what it wrote");
        }
    }

    @Test
    void theManifestDescribesTheStartWhileTheCaptureRuns() throws Exception {
        AtomicReference<Manifest> during = new AtomicReference<>();
        new BundleCapture(bundle, hostNode(), null).run(file -> {
            during.set(Manifest.read(bundle).orElseThrow());
            return onePacket(file);
        }, "hoptrace capture");
        Manifest m = during.get();
        assertNotNull(m.captureStart(), "a capture killed with -9 still leaves its start described");
        assertNull(m.captureEnd());
        assertTrue(m.file("nodes/node-h/sysctl.txt").isPresent());
        assertTrue(m.files().stream().noneMatch(f -> "end".equals(f.phase())), m.toString());
        assertTrue(m.file("nodes/node-h/capture.pcapng").isEmpty());
    }

    @Test
    void aFailedCaptureStillGetsItsEndSnapshotAndManifest() throws Exception {
        IOException boom = new IOException("eth9: No such device exists\n(SIOCGIFHWADDR: No such device)");
        IOException thrown = assertThrows(IOException.class, () -> new BundleCapture(bundle, hostNode(), null)
                .run(file -> {
                    throw boom;
                }, "hoptrace capture -i eth9"));
        assertSame(boom, thrown, "the caller sees what the capture threw");
        Manifest m = Manifest.read(bundle).orElseThrow();
        BundleFile capture = m.file("nodes/node-h/capture.pcapng").orElseThrow();
        assertEquals(FileStatus.FAILED, capture.status());
        assertEquals("failed: eth9: No such device exists", capture.reason());
        assertEquals("hoptrace capture -i eth9", capture.command());
        assertNotNull(m.captureEnd());
        assertEquals(FileStatus.OK, m.file("nodes/node-h/end/sysctl.txt").orElseThrow().status());
        assertTrue(Files.isRegularFile(bundle.resolve("nodes/node-h/end/sysctl.txt")));
    }

    @Test
    void aCaptureThatWroteNothingIsFailed() throws Exception {
        Manifest m = new BundleCapture(bundle, hostNode(), null).run(file -> Map.of(), "hoptrace capture");
        assertEquals("failed: the capture wrote no file",
                m.file("nodes/node-h/capture.pcapng").orElseThrow().reason());
    }

    @Test
    void anInterruptedCaptureStillRunsTheEndCommands() throws Exception {
        Manifest m;
        try {
            m = new BundleCapture(bundle, hostNode(), null).run(file -> {
                Map<String, Object> d = onePacket(file);
                Thread.currentThread().interrupt(); // what Ctrl-C does to the capture thread
                return d;
            }, "hoptrace capture");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is handed back to the caller");
        } finally {
            Thread.interrupted();
        }
        BundleFile capture = m.file("nodes/node-h/capture.pcapng").orElseThrow();
        assertEquals("interrupted", capture.details().get("stopped"));
        BundleFile links = m.file("nodes/node-h/end/ip-link.json").orElseThrow();
        assertEquals(FileStatus.OK, links.status(), "commands ran despite the interrupt: " + links);
    }

    private static int count(String text, String needle) {
        return (int) text.lines().filter(l -> l.contains(needle)).count();
    }
}
