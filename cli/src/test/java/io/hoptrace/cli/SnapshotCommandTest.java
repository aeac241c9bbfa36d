package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoptrace.capture.snapshot.FileStatus;
import io.hoptrace.capture.snapshot.KubeProxyNamespace;
import io.hoptrace.capture.snapshot.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoptrace snapshot} run in-process, as a person would type it. */
@EnableKubernetesMockClient(crud = true)
class SnapshotCommandTest {
    static final String TOKEN = "cli-test-token-81d2";
    static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.WARNING);
        return l;
    }

    @BeforeAll
    static void cluster() {
        client.pods().resource(new PodBuilder().withNewMetadata().withNamespace("demo").withName("web-1")
                .endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer()
                .endSpec().withNewStatus().withPodIP("10.244.1.10").endStatus().build()).create();
    }

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static List<String> errLines(CliRun r) {
        return r.err().lines().toList();
    }

    @Test
    void snapshotOfANodeInANamespace() throws Exception {
        assumeTrue(KubeProxyNamespace.canCreate(), "needs root and ip(8) to make network namespaces");
        try (KubeProxyNamespace ns = KubeProxyNamespace.create()) {
            ns.sendDns(3);
            Path bundle = dir.resolve("bundle");
            CliRun r = run("snapshot", "-o", bundle.toString(), "--node", "cli-node", "--netns", ns.name(),
                    "--no-k8s", "--samples", "2", "--interval", "0.1");
            assertEquals(0, r.code(), r.toString());
            assertEquals(bundle.toString(), r.out().strip(), "stdout is the bundle folder");

            Manifest m = Manifest.read(bundle).orElseThrow();
            assertEquals(m.files().size(), errLines(r).size(), "one stderr line per file: " + r.err());
            assertTrue(r.err().contains("wrote   nodes/cli-node/iptables-save.txt"), r.err());
            assertTrue(r.err().contains("ip netns exec " + ns.name() + " iptables-save -c, "), r.err());
            assertTrue(r.err().contains("wrote   nodes/cli-node/conntrack.txt"), r.err());
            if (!Files.exists(Path.of("/proc/net/ip_vs"))) {
                assertTrue(r.err().matches("(?s).*failed  nodes/cli-node/ipvsadm\\.txt +Can't initialize ipvs.*"),
                        r.err());
            }
            assertFalse(r.err().contains("k8s.json"), "--no-k8s");
            String table = Files.readString(bundle.resolve("nodes/cli-node/conntrack.txt"));
            assertEquals(3, table.lines().filter(l -> l.contains("dst=" + KubeProxyNamespace.VIP)).count(), table);
            String stats = Files.readString(bundle.resolve("nodes/cli-node/conntrack-stats.txt"));
            assertEquals(2, stats.lines().filter(l -> l.startsWith("# time: ")).count(), stats);
        }
    }

    @Test
    void clusterObjectsThroughAKubeconfigAndContext() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, String.join("\n",
                "apiVersion: v1", "kind: Config",
                "clusters:", "- name: c", "  cluster:",
                "    server: https://" + server.getHostName() + ":" + server.getPort(),
                "    insecure-skip-tls-verify: true",
                "users:", "- name: u", "  user:", "    token: " + TOKEN,
                "contexts:", "- name: other", "  context: {cluster: c, user: u}",
                "- name: mock", "  context: {cluster: c, user: u}",
                "current-context: other", ""));
        Path bundle = dir.resolve("bundle");
        CliRun r = run("snapshot", "-o", bundle.toString(), "--no-node", "--kubeconfig", kubeconfig.toString(),
                "--context", "mock");
        assertEquals(0, r.code(), r.toString());
        assertEquals(1, errLines(r).size(), r.err());
        assertTrue(r.err().startsWith("wrote   k8s.json"), r.err());
        assertTrue(r.err().contains("kubernetes API, context mock, "), r.err());
        String k8s = Files.readString(bundle.resolve("k8s.json"));
        assertTrue(k8s.contains("\"name\" : \"web-1\""), k8s);
        assertFalse(k8s.contains(TOKEN) || Files.readString(bundle.resolve("manifest.json")).contains(TOKEN));
        assertFalse(Files.exists(bundle.resolve("nodes")), "--no-node");
    }

    @Test
    void aMissingKubeconfigIsReportedNotFatal() throws Exception {
        Path bundle = dir.resolve("bundle");
        Path none = dir.resolve("no-such-kubeconfig");
        CliRun r = run("snapshot", "-o", bundle.toString(), "--no-node", "--kubeconfig", none.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("missing k8s.json" + " ".repeat(29) + "kubeconfig " + none + " not found", r.err().strip());
        assertEquals(FileStatus.MISSING, Manifest.read(bundle).orElseThrow().file("k8s.json").orElseThrow().status());
    }

    @Test
    void badUsageIsExitStatusTwo() {
        for (List<String> args : List.of(List.of("--samples", "0"), List.of("--node", "../etc"),
                List.of("--no-k8s", "--context", "x"), List.of("--interval", "soon"),
                List.of("--netns", "hoptrace-no-such-namespace"))) {
            List<String> full = new java.util.ArrayList<>(List.of("snapshot", "-o", dir.resolve("b").toString()));
            full.addAll(args);
            CliRun r = run(full.toArray(String[]::new));
            assertEquals(2, r.code(), args + ": " + r);
            assertFalse(Files.exists(dir.resolve("b")), "nothing written on bad usage: " + args);
        }
    }

    @Test
    void anOutputThatIsAFileIsBadUsage() throws java.io.IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine\n");
        CliRun r = run("snapshot", "-o", file.toString(), "--no-node", "--no-k8s");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("hoptrace snapshot: -o " + file + ": Not a directory (a bundle is a folder)"),
                r.err());
        assertEquals("mine\n", Files.readString(file));
    }

    @Test
    void helpListsTheSubcommand() {
        CliRun r = run("--help");
        assertTrue(r.out().contains("snapshot"), r.out());
        CliRun s = run("snapshot", "--help");
        assertTrue(s.out().contains("--kubeconfig=FILE"), s.out());
        assertTrue(s.out().contains("--netns=NAME"), s.out());
    }
}
