package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots of a real node: a network namespace with kube-proxy's rules for one Service and 20 DNATed datagrams
 * (see {@link KubeProxyNamespace}). Needs root; skipped otherwise.
 */
class NodeSnapshotTest {
    static final int DATAGRAMS = 20;
    static final Pattern COUNTED = Pattern.compile("^\\[(\\d+):(\\d+)\\] (-A .*)$");

    static KubeProxyNamespace ns;

    @TempDir
    Path bundle;

    @BeforeAll
    static void node() throws Exception {
        assumeTrue(KubeProxyNamespace.canCreate(), "needs root and ip(8) to make network namespaces");
        ns = KubeProxyNamespace.create();
        ns.sendDns(DATAGRAMS);
    }

    @AfterAll
    static void removeNode() {
        if (ns != null) {
            ns.close();
        }
    }

    NodeSnapshot.Options options() {
        return NodeSnapshot.Options.of("node-a").withNetns(ns.name()).withSamples(3, Duration.ofMillis(200));
    }

    @Test
    void iptablesSaveHoldsTheRulesWithTheirCounters() throws Exception {
        Manifest m = BundleSnapshot.take(bundle, new NodeSnapshot(options()), null).manifest();
        String rules = Files.readString(bundle.resolve("nodes/node-a/iptables-save.txt"));
        assertTrue(rules.contains("*nat"), rules);
        assertTrue(rules.contains(":" + KubeProxyNamespace.SVC_CHAIN + " - ["), rules);
        assertTrue(rules.contains("-j DNAT --to-destination " + KubeProxyNamespace.ENDPOINT_1 + ":5353"), rules);
        assertTrue(rules.contains("-j DNAT --to-destination " + KubeProxyNamespace.ENDPOINT_2 + ":5353"), rules);

        // -c: every datagram's first packet walked KUBE-SERVICES into the Service chain and one DNAT rule
        long toService = 0;
        long dnat = 0;
        for (String line : rules.split("\n")) {
            Matcher c = COUNTED.matcher(line);
            if (!c.matches()) {
                continue;
            }
            long packets = Long.parseLong(c.group(1));
            if (c.group(3).startsWith("-A KUBE-SERVICES") && c.group(3).endsWith("-j "
                    + KubeProxyNamespace.SVC_CHAIN)) {
                toService = packets;
            }
            if (c.group(3).contains("-j DNAT")) {
                dnat += packets;
            }
        }
        assertEquals(DATAGRAMS, toService, rules);
        assertEquals(DATAGRAMS, dnat, rules);

        BundleFile entry = m.file("nodes/node-a/iptables-save.txt").orElseThrow();
        assertEquals(FileStatus.OK, entry.status());
        assertEquals("ip netns exec " + ns.name() + " iptables-save -c", entry.command());
        assertEquals(0, entry.exitStatus());
        String version = KubeProxyNamespace.sh(null, "iptables-save", "--version");
        assertEquals(version.contains("nf_tables") ? "nf_tables" : "legacy", entry.details().get("variant"));
        // the other variant holds nothing in a fresh namespace: checked, said so, no file
        assertTrue(String.valueOf(entry.details().get("otherVariant")).endsWith("no rules"), entry.toString());
        assertFalse(Files.exists(bundle.resolve("nodes/node-a/iptables-legacy-save.txt")));
    }

    @Test
    void legacyRulesBesideNftablesAreSavedToo() throws Exception {
        assumeTrue(KubeProxyNamespace.sh(null, "iptables-save", "--version").contains("nf_tables"),
                "the default iptables is nft here");
        // a node where something still writes legacy tables: the default tool only warns that they exist
        try (KubeProxyNamespace legacy = KubeProxyNamespace.create()) {
            legacy.exec("iptables-legacy", "-N", "KUBE-FIREWALL");
            legacy.exec("iptables-legacy", "-A", "INPUT", "-j", "KUBE-FIREWALL");
            Manifest m = BundleSnapshot.take(bundle, new NodeSnapshot(NodeSnapshot.Options.of("node-a")
                    .withNetns(legacy.name()).withSamples(1, Duration.ZERO)), null).manifest();
            BundleFile nft = m.file("nodes/node-a/iptables-save.txt").orElseThrow();
            assertEquals("legacy: rules in iptables-legacy-save.txt", nft.details().get("otherVariant"));
            BundleFile old = m.file("nodes/node-a/iptables-legacy-save.txt").orElseThrow();
            assertEquals(FileStatus.OK, old.status());
            assertEquals("legacy", old.details().get("variant"));
            String saved = Files.readString(bundle.resolve("nodes/node-a/iptables-legacy-save.txt"));
            assertTrue(saved.contains("[0:0] -A INPUT -j KUBE-FIREWALL"), saved);
            // iptables-nft-save warns on stderr; the manifest keeps what a successful command said there
            assertTrue(String.valueOf(nft.details().get("stderr")).contains("iptables-legacy tables present"),
                    nft.toString());
        }
    }

    @Test
    void conntrackHoldsTheDnatedEntries() throws IOException {
        Manifest m = BundleSnapshot.take(bundle, new NodeSnapshot(options()), null).manifest();
        String table = Files.readString(bundle.resolve("nodes/node-a/conntrack.txt"));
        // original tuple to the VIP, reply tuple from the endpoint the DNAT chose
        Pattern natted = Pattern.compile("src=" + Pattern.quote(KubeProxyNamespace.NODE_IP) + " dst="
                + Pattern.quote(KubeProxyNamespace.VIP) + " sport=(\\d+) dport=53 .*src=(10\\.200\\.0\\.[23]) dst="
                + Pattern.quote(KubeProxyNamespace.NODE_IP) + " sport=5353 dport=(\\d+)");
        int entries = 0;
        for (String line : table.split("\n")) {
            Matcher e = natted.matcher(line);
            if (e.find()) {
                entries++;
                assertEquals(e.group(1), e.group(3), "the reply goes back to the original source port: " + line);
            }
        }
        assertEquals(DATAGRAMS, entries, table);
        BundleFile entry = m.file("nodes/node-a/conntrack.txt").orElseThrow();
        assertTrue(entry.command().endsWith("conntrack -L"), entry.toString());
        assertTrue(String.valueOf(entry.details().get("stderr")).endsWith(DATAGRAMS
                + " flow entries have been shown."), entry.toString());
        assertTrue(entry.attempts().isEmpty());
    }

    @Test
    void conntrackStatsHasOneTimeLinePerSample() throws IOException {
        Manifest m = BundleSnapshot.take(bundle, new NodeSnapshot(options()), null).manifest();
        List<String> lines = Files.readAllLines(bundle.resolve("nodes/node-a/conntrack-stats.txt"));
        List<Instant> times = new ArrayList<>();
        int cpuLines = 0;
        for (String line : lines) {
            if (line.startsWith(NodeSnapshot.TIME_LINE)) {
                times.add(Instant.parse(line.substring(NodeSnapshot.TIME_LINE.length())));
            } else {
                assertTrue(line.startsWith("cpu="), line);
                cpuLines++;
            }
        }
        assertEquals(3, times.size(), lines.toString());
        assertTrue(cpuLines >= 3 && cpuLines % 3 == 0, lines.toString());
        assertTrue(lines.get(0).startsWith(NodeSnapshot.TIME_LINE), "a time line comes first");
        for (int i = 1; i < times.size(); i++) {
            long gap = Duration.between(times.get(i - 1), times.get(i)).toMillis();
            assertTrue(gap >= 190, "samples 200 ms apart, got " + gap + " ms");
        }
        BundleFile entry = m.file("nodes/node-a/conntrack-stats.txt").orElseThrow();
        assertEquals(3, entry.details().get("samples"));
    }

    @Test
    void sysctlAndIpDumpsDescribeTheNamespace() throws IOException {
        Manifest m = BundleSnapshot.take(bundle, new NodeSnapshot(options()), null).manifest();
        String sysctl = Files.readString(bundle.resolve("nodes/node-a/sysctl.txt"));
        assertTrue(Pattern.compile("(?m)^net\\.ipv4\\.ip_forward = [01]$").matcher(sysctl).find(), sysctl);
        assertTrue(sysctl.contains("net.ipv4.conf." + ns.veth() + ".rp_filter = "), sysctl);
        Matcher count = Pattern.compile("(?m)^net\\.netfilter\\.nf_conntrack_count = (\\d+)$").matcher(sysctl);
        assertTrue(count.find(), sysctl);
        assertTrue(Integer.parseInt(count.group(1)) >= 1, "the namespace's own table, not the host's: " + sysctl);

        ObjectMapper json = new ObjectMapper();
        JsonNode links = json.readTree(bundle.resolve("nodes/node-a/ip-link.json").toFile());
        JsonNode veth = null;
        for (JsonNode l : links) {
            if (ns.veth().equals(l.path("ifname").asText())) {
                veth = l;
            }
        }
        assertNotNull(veth, links.toString());
        assertEquals("veth", veth.path("linkinfo").path("info_kind").asText(), "ip -d gives the link kind");
        JsonNode addrs = json.readTree(bundle.resolve("nodes/node-a/ip-addr.json").toFile());
        assertTrue(addrs.toString().contains("\"" + KubeProxyNamespace.NODE_IP + "\""), addrs.toString());
        JsonNode routes = json.readTree(bundle.resolve("nodes/node-a/ip-route.json").toFile());
        assertTrue(routes.toString().contains("\"10.96.0.0/12\""), routes.toString());
        JsonNode all = json.readTree(bundle.resolve("nodes/node-a/ip-route-all.json").toFile());
        assertTrue(all.toString().contains("\"table\":\"local\""), "table all includes the local table");
        assertTrue(json.readTree(bundle.resolve("nodes/node-a/ip-rule.json").toFile()).isArray());

        assertEquals(FileStatus.OK, m.file("nodes/node-a/sysctl.txt").orElseThrow().status());
    }

    @Test
    void manifestListsEveryFileWithItsCommandAndStatus() throws IOException {
        BundleSnapshot.take(bundle, new NodeSnapshot(options()), null);
        Manifest m = Manifest.read(bundle).orElseThrow();
        assertEquals(Manifest.FORMAT, m.bundleFormat());
        assertEquals(BundleSnapshot.PRODUCER, m.producer());
        assertEquals(List.of("node-a"), m.nodes());
        assertNotNull(m.created());
        assertNull(m.captureStart());
        for (String name : List.of("iptables-save.txt", "ip6tables-save.txt", "ipvsadm.txt", "conntrack.txt",
                "conntrack-stats.txt", "sysctl.txt", "ip-link.json", "ip-addr.json", "ip-route.json",
                "ip-route-all.json", "ip-rule.json")) {
            String path = "nodes/node-a/" + name;
            BundleFile f = m.file(path).orElseThrow(() -> new AssertionError("no entry for " + path));
            assertEquals("node-a", f.node());
            assertEquals("start", f.phase());
            assertNotNull(f.command(), path);
            assertNotNull(f.status(), path);
            assertNotNull(f.taken(), path);
            assertEquals(f.ok(), Files.isRegularFile(bundle.resolve(path)), "a file exists exactly when ok: " + f);
            if (!f.ok()) {
                assertTrue(f.reason().startsWith("missing: ") || f.reason().startsWith("failed: "), f.reason());
            }
        }
        // this kernel has no IPVS: both ways fail, and the manifest says how
        BundleFile ipvs = m.file("nodes/node-a/ipvsadm.txt").orElseThrow();
        if (!Files.exists(Path.of("/proc/net/ip_vs"))) {
            assertEquals(FileStatus.FAILED, ipvs.status(), ipvs.toString());
            assertTrue(ipvs.reason().startsWith("failed: Can't initialize ipvs"), ipvs.reason());
            assertEquals(2, ipvs.attempts().size(), ipvs.toString());
            assertTrue(ipvs.attempts().get(1).command().endsWith("ipvsadm -Ln"), ipvs.toString());
        }
        // nothing but the bundle's files is left behind (no temporary files)
        try (var s = Files.walk(bundle)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "temporary files left");
        }
    }

    @Test
    void missingCommandsAreRecordedAndFallbacksUsed() throws IOException {
        // a PATH with the usual tools but neither ipvsadm nor conntrack (links in the bundle's temporary folder
        // would make JUnit warn about links leaving it)
        Path bin = Files.createTempDirectory("hoptrace-bin");
        try {
            missingCommandsAreRecordedAndFallbacksUsed(bin);
        } finally {
            try (var s = Files.list(bin)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(bin);
        }
    }

    private void missingCommandsAreRecordedAndFallbacksUsed(Path bin) throws IOException {
        for (String tool : List.of("ip", "iptables-save", "ip6tables-save", "iptables-legacy-save",
                "iptables-nft-save", "grep", "ls", "cat", "sysctl")) {
            Path real = new NodeCommands(null, NodeCommands.defaultSearchPath(), Duration.ofSeconds(5)).find(tool);
            if (real != null) {
                Files.createSymbolicLink(bin.resolve(tool), real);
            }
        }
        NodeSnapshot snap = new NodeSnapshot(options().withSearchPath(bin.toString()));
        Manifest m = BundleSnapshot.take(bundle, snap, null).manifest();

        BundleFile ipvs = m.file("nodes/node-a/ipvsadm.txt").orElseThrow();
        assertEquals(FileStatus.MISSING, ipvs.status());
        assertEquals("missing: command not found: ipvsadm-save", ipvs.reason());
        assertEquals(List.of("missing: command not found: ipvsadm-save", "missing: command not found: ipvsadm"),
                ipvs.attempts().stream().map(Attempt::reason).toList());
        assertFalse(Files.exists(bundle.resolve("nodes/node-a/ipvsadm.txt")));

        // conntrack missing: the kernel's own table, read inside the namespace
        BundleFile ct = m.file("nodes/node-a/conntrack.txt").orElseThrow();
        assertEquals(FileStatus.OK, ct.status(), ct.toString());
        assertEquals("ip netns exec " + ns.name() + " cat /proc/net/nf_conntrack", ct.command());
        assertEquals(List.of(new Attempt("ip netns exec " + ns.name() + " conntrack -L", null,
                "missing: command not found: conntrack")), ct.attempts());
        String table = Files.readString(bundle.resolve("nodes/node-a/conntrack.txt"));
        assertTrue(table.contains("dst=" + KubeProxyNamespace.VIP), table);

        BundleFile stats = m.file("nodes/node-a/conntrack-stats.txt").orElseThrow();
        assertEquals(FileStatus.OK, stats.status(), stats.toString());
        assertTrue(stats.command().endsWith("cat /proc/net/stat/nf_conntrack"), stats.toString());
        String statsText = Files.readString(bundle.resolve("nodes/node-a/conntrack-stats.txt"));
        assertEquals(3, statsText.lines().filter(l -> l.startsWith(NodeSnapshot.TIME_LINE)).count(), statsText);
        assertTrue(statsText.contains("entries"), statsText);

        // and the rest is still written
        for (String name : List.of("iptables-save.txt", "sysctl.txt", "ip-link.json", "ip-addr.json")) {
            assertEquals(FileStatus.OK, m.file("nodes/node-a/" + name).orElseThrow().status(), name);
        }
    }

    @Test
    void allSysctlsUsesSysctlDashA() throws IOException {
        Manifest m = BundleSnapshot.take(bundle, new NodeSnapshot(options().withAllSysctls(true)), null).manifest();
        BundleFile f = m.file("nodes/node-a/sysctl.txt").orElseThrow();
        assertTrue(f.command().endsWith("sysctl -a"), f.toString());
        String text = Files.readString(bundle.resolve("nodes/node-a/sysctl.txt"));
        assertTrue(text.contains("net.ipv4.ip_forward = "), "sysctl -a");
        assertTrue(text.lines().count() > 200, "every key, not only ours");
    }

    @Test
    void aSecondSnapshotReplacesTheFirstsEntries() throws IOException {
        BundleSnapshot.take(bundle, new NodeSnapshot(options()), null);
        Manifest first = Manifest.read(bundle).orElseThrow();
        BundleSnapshot.take(bundle, new NodeSnapshot(NodeSnapshot.Options.of("node-b").withNetns(ns.name())
                .withSamples(1, Duration.ZERO)), null);
        Manifest both = Manifest.read(bundle).orElseThrow();
        assertEquals(List.of("node-a", "node-b"), both.nodes());
        assertEquals(first.created(), both.created());
        assertEquals(first.files().size() * 2, both.files().size());
        BundleSnapshot.take(bundle, new NodeSnapshot(options()), null);
        assertEquals(first.files().size() * 2, Manifest.read(bundle).orElseThrow().files().size());
    }
}
