package io.hoptrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.cluster.ServicePortInfo;
import io.hoptrace.rules.kubeproxy.KubeProxyFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {
    static final String OVERALL = "kube-proxy/iptables_TestOverallIPTablesRules_expected.txt";
    static final String TRACE = "kube-proxy/iptables_TestTracePacket_rules.txt";

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err);
        int exit = HoptraceCommand.commandLine(o, e).execute(args);
        o.flush();
        e.flush();
        return new Run(exit, out.toString(), err.toString());
    }

    private Path k8s() throws IOException {
        Path p = tmp.resolve("k8s.json");
        if (!Files.exists(p)) {
            Files.writeString(p, KubeProxyFixtures.k8sJson());
        }
        return p;
    }

    private List<String> base(String dump) throws IOException {
        return new ArrayList<>(List.of("simulate", "--iptables", SharedData.file(dump).toString(), "--k8s",
                k8s().toString(), "--node", "test-node"));
    }

    private Run simulate(String dump, String... more) throws IOException {
        List<String> args = base(dump);
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void everyClusterIpNamesItsServiceAndItsEndpointsWithProbabilities() throws IOException {
        ClusterIndex index = KubeProxyFixtures.cluster();
        for (String dump : List.of(OVERALL, TRACE)) {
            for (ServicePortInfo sp : index.servicePorts()) {
                String vip = sp.clusterIPs().get(0);
                Run r = simulate(dump, "--from", "10.0.0.2:40000", "--to", vip + ":" + sp.port());
                assertEquals(0, r.exit(), r.err());
                assertTrue(r.out().contains("  to:   " + sp.name() + " cluster IP\n"), r.out());
                List<EndpointInfo> eps = index.endpoints(sp);
                if (eps.isEmpty()) {
                    assertTrue(r.out().contains("no DNAT, REJECTED by filter KUBE-SERVICES rule 1"), r.out());
                    continue;
                }
                String share = SimulationText.percent(1.0 / eps.size());
                for (EndpointInfo e : eps) {
                    assertTrue(r.out().contains(share + "  DNAT to " + e.endpoint() + ", pod " + e.pod()),
                            dump + " " + sp + "\n" + r.out());
                }
                assertTrue(r.out().contains("KUBE-SVC-"), r.out());
                assertTrue(r.out().contains("(" + sp.name() + " cluster IP)"), "the SVC chain named in the path\n" + r.out());
            }
        }
    }

    @Test
    void everyNodePortNamesItsService() throws IOException {
        ClusterIndex index = KubeProxyFixtures.cluster();
        for (String dump : List.of(OVERALL, TRACE)) {
            for (ServicePortInfo sp : index.servicePorts()) {
                if (sp.nodePort() == 0) {
                    continue;
                }
                Run r = simulate(dump, "--from", "203.0.113.2", "--to", "192.168.0.2:" + sp.nodePort());
                assertEquals(0, r.exit(), r.err());
                assertTrue(r.out().contains("  to:   " + sp.name() + " node port on node test-node\n"), r.out());
                if (sp.externalPolicyLocal()) {
                    // ns2/svc2: externalTrafficPolicy Local and no endpoint on test-node
                    assertTrue(r.out().contains("no DNAT, DROPPED by filter KUBE-EXTERNAL-SERVICES"), r.out());
                } else {
                    for (EndpointInfo e : index.endpoints(sp)) {
                        assertTrue(r.out().contains("DNAT to " + e.endpoint()), r.out());
                    }
                    assertTrue(r.out().contains("will be SNATed (KUBE-MARK-MASQ) by KUBE-POSTROUTING"), r.out());
                }
            }
        }
    }

    @Test
    void textShowsTheChainPathInKubernetesTerms() throws IOException {
        Run r = simulate(TRACE, "--from", "10.0.0.2", "--to", "172.30.0.41:80");
        assertTrue(r.out().contains("nat PREROUTING → KUBE-SERVICES (Service IPs) → KUBE-SVC-XPGD46QRK7WJZT7O "
                + "(ns1/svc1:p80 cluster IP) → KUBE-SEP-SXIVWICOYRO3J4NJ (endpoint 10.180.0.1:80 of ns1/svc1:p80, "
                + "pod ns1/pod1 on node-2) → DNAT 10.180.0.1:80\n"), r.out());
        assertTrue(r.out().contains("rules evaluated: 18 (KUBE-SERVICES matched at rule 1 of 10)"), r.out());
        assertTrue(r.out().contains("100.0%  DNAT to 10.180.0.1:80, pod ns1/pod1 on node-2, accepted by chain policies; not SNATed"),
                r.out());
        assertTrue(r.out().contains("l.63  -A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\""), r.out());
    }

    @Test
    void jsonCarriesOutcomesBranchesAndSteps() throws IOException {
        Run r = simulate(TRACE, "--from", "10.0.0.2", "--to", "172.30.0.44:80/tcp", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("test-node", j.get("node").asText());
        assertEquals("ns4/svc4:p80", j.get("service").get("name").asText());
        assertEquals(2, j.get("service").get("endpoints").size());
        assertEquals(2, j.get("outcomes").size());
        double sum = 0;
        for (JsonNode o : j.get("outcomes")) {
            assertEquals(0.5, o.get("probability").asDouble(), 1e-12);
            assertTrue(o.get("endpoint").get("pod").asText().startsWith("ns4/pod4"));
            assertEquals("COMPUTED", o.get("endpoint").get("namedFrom").asText());
            sum += o.get("probability").asDouble();
        }
        assertEquals(1.0, sum, 1e-12);
        JsonNode step = j.get("branches").get(0).get("steps").get(2);
        assertEquals("KUBE-SVC-4SW47YFZTEDKD3PK", step.get("detail").asText());
        assertEquals("ns4/svc4:p80", step.get("targetMeaning").asText());
        assertEquals(68, step.get("line").asInt());
        assertEquals(6, step.get("position").asInt());
        assertTrue(j.get("rulesEvaluated").asInt() > 20);
    }

    @Test
    void bundleDirectory() throws IOException {
        Path b = tmp.resolve("bundle");
        Files.createDirectories(b.resolve("nodes/test-node"));
        Files.createDirectories(b.resolve("nodes/node-2"));
        Files.copy(SharedData.file(TRACE), b.resolve("nodes/test-node/iptables-save.txt"));
        Files.writeString(b.resolve("k8s.json"), KubeProxyFixtures.k8sJson());
        Run r = run("simulate", b.toString(), "--node", "test-node", "--from", "192.168.0.2", "--to", "192.168.99.22:80");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sent by a local process"), r.out());
        assertTrue(r.out().contains("100.0%  DNAT to 10.180.0.2:80, pod ns2/pod2 on node-2, accepted by chain policies; "
                + "will be SNATed (KUBE-MARK-MASQ) by KUBE-POSTROUTING"), r.out());

        Run unknown = run("simulate", b.toString(), "--node", "node-9", "--from", "10.0.0.2", "--to", "10.0.0.3:80");
        assertEquals(2, unknown.exit());
        assertEquals("hoptrace simulate: unknown node node-9: the bundle has nodes node-2, test-node\n", unknown.err());

        Run missing = run("simulate", b.toString(), "--node", "node-2", "--from", "10.0.0.2", "--to", "10.0.0.3:80");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().endsWith("nodes/node-2/iptables-save.txt: No such file or directory\n"),
                missing.err());
        assertEquals(1, missing.err().lines().count());
    }

    @Test
    void withoutClusterNamesComeFromComments() throws IOException {
        Run r = run("simulate", "--iptables", SharedData.file(OVERALL).toString(), "--local-address", "192.168.0.2",
                "--from", "203.0.113.2", "--to", "192.168.0.2:3003");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("KUBE-EXT-X27LE4BHSL4DOUIK (ns3/svc3:p80, external traffic; from rule comments, hash checked)"),
                r.out());
        assertTrue(r.out().contains("DNAT to 10.180.0.3:80"), r.out());
        assertTrue(r.out().contains("note: no k8s.json"), r.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        String dump = SharedData.file(TRACE).toString();
        String[][] cases = {
            {"--from", "10.0.0.300", "--to", "10.0.0.3:80"},
            {"--from", "10.0.0.2", "--to", "10.0.0.3"},
            {"--from", "10.0.0.2", "--to", "10.0.0.3:80/icmp"},
            {"--from", "10.0.0.2", "--to", "10.0.0.3:99999"},
            {"--from", "fd00::1", "--to", "10.0.0.3:80"},
            {"--from", "10.0.0.2", "--to", "10.0.0.3:80", "--format", "xml"},
            {"--from", "10.0.0.2", "--to", "10.0.0.3:80", "--local-address", "me"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("simulate", "--iptables", dump));
            args.addAll(List.of(c));
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", c));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("hoptrace simulate: "), r.err());
            assertEquals("", r.out());
        }
        Run nofile = run("simulate", "--iptables", tmp.resolve("nope.txt").toString(), "--from", "10.0.0.2", "--to", "10.0.0.3:80");
        assertEquals(2, nofile.exit());
        assertEquals("hoptrace simulate: " + tmp.resolve("nope.txt") + ": No such file or directory",
                nofile.err().strip());
        Run dirGiven = run("simulate", "--iptables", tmp.toString(), "--from", "10.0.0.2", "--to", "10.0.0.3:80");
        assertEquals(2, dirGiven.exit());
        assertEquals("hoptrace simulate: " + tmp + ": Is a directory", dirGiven.err().strip());
        Run nodeWithoutK8s = run("simulate", "--iptables", dump, "--node", "x", "--from", "10.0.0.2", "--to", "10.0.0.3:80");
        assertEquals(2, nodeWithoutK8s.exit());
        Run unknownNode = run("simulate", "--iptables", dump, "--k8s", k8s().toString(), "--node", "nope", "--from",
                "10.0.0.2", "--to", "10.0.0.3:80");
        assertEquals(2, unknownNode.exit(), unknownNode.out());
        assertTrue(unknownNode.err().contains("unknown node nope"), unknownNode.err());
        Path badJson = tmp.resolve("bad.json");
        Files.writeString(badJson, "{\"kind\": \"List\", \"items\": [");
        Run bad = run("simulate", "--iptables", dump, "--k8s", badJson.toString(), "--from", "10.0.0.2", "--to", "10.0.0.3:80");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("not Kubernetes JSON at line 1 column 28: Unexpected end-of-input"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        Run missingFrom = run("simulate", "--iptables", dump, "--to", "10.0.0.3:80");
        assertEquals(2, missingFrom.exit(), "picocli's usage error");
    }

    @Test
    void ipv6Endpoints() throws IOException {
        Path dump = tmp.resolve("v6.txt");
        Files.writeString(dump, String.join("\n", "*nat", ":PREROUTING ACCEPT [0:0]", ":KUBE-SERVICES - [0:0]",
                ":KUBE-SVC-X - [0:0]", "-A PREROUTING -j KUBE-SERVICES",
                "-A KUBE-SERVICES -d fd00:10:96::a/128 -p udp -m udp --dport 53 -j KUBE-SVC-X",
                "-A KUBE-SVC-X -p udp -j DNAT --to-destination [fd00:10:244::5]:53", "COMMIT", ""));
        Run r = run("simulate", "--iptables", dump.toString(), "--from", "[fd00:10:244::9]:3333", "--to",
                "[fd00:10:96::a]:53/udp");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("DNAT to [fd00:10:244::5]:53"), r.out());
    }

    /** kube-dns's ClusterIP DNATed to its pod, as in kubernetes#48370 before the endpoints went away. */
    private Path kubeDnsDump() throws IOException {
        Path dump = tmp.resolve("dns.txt");
        Files.writeString(dump, String.join("\n", "*nat", ":PREROUTING ACCEPT [0:0]", ":KUBE-SERVICES - [0:0]",
                ":KUBE-SVC-TCOU7JCQXEZGVUNU - [0:0]", ":KUBE-SEP-DNS - [0:0]", "-A PREROUTING -j KUBE-SERVICES",
                "-A KUBE-SERVICES -d 10.15.240.10/32 -p udp -m comment --comment \"kube-system/kube-dns:dns cluster IP\" "
                        + "-m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU",
                "-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment \"kube-system/kube-dns:dns\" -j KUBE-SEP-DNS",
                "-A KUBE-SEP-DNS -p udp -m comment --comment \"kube-system/kube-dns:dns\" -m udp -j DNAT "
                        + "--to-destination 10.12.0.11:53", "COMMIT", ""));
        return dump;
    }

    @Test
    void conntrackEntriesAreShownAndTheStaleOneFlagged() throws IOException {
        String ct = SharedData.file("conntrack/issue_k8s-48370_conntrack-L_udp_clusterIP_DNAT_then_no-endpoints.txt").toString();
        Run r = run("simulate", "--iptables", kubeDnsDump().toString(), "--conntrack", ct, "--from", "10.12.0.14",
                "--to", "10.15.240.10:53/udp");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Conntrack: 2 entries:"), r.out());
        assertTrue(r.out().contains("line 1: udp [UNREPLIED] 10.12.0.14:43145 > 10.15.240.10:53, reply 10.12.0.11:53 > "
                + "10.12.0.14:43145; DNAT to 10.12.0.11:53; expires in 29 s"), r.out());
        assertTrue(r.out().contains("line 2: udp [UNREPLIED] 10.12.0.14:43145 > 10.15.240.10:53, reply 10.15.240.10:53 > "
                + "10.12.0.14:43145; no NAT"), r.out());
        assertTrue(r.out().contains("! conntrack line 2 has no DNAT: this flow goes to 10.15.240.10:53 itself"), r.out());
        assertTrue(!r.out().contains("! conntrack line 1"), "line 1 agrees with the rules");

        Run exact = run("simulate", "--iptables", kubeDnsDump().toString(), "--conntrack", ct, "--from",
                "10.12.0.14:43145", "--to", "10.15.240.10:53/udp", "--format", "json");
        JsonNode j = new ObjectMapper().readTree(exact.out());
        assertEquals(1, j.get("conntrack").size(), "the exact 5-tuple: the newest entry");
        assertEquals("NONE", j.get("conntrack").get(0).get("nat").asText());
        assertEquals(1, j.get("conntrackNotes").size());

        Run none = run("simulate", "--iptables", kubeDnsDump().toString(), "--conntrack", ct, "--from", "10.12.0.99",
                "--to", "10.15.240.10:53/udp");
        assertTrue(none.out().contains("Conntrack: no entry for this packet."), none.out());
    }

    @Test
    void staleDnatToAnEndpointTheRulesDropped() throws IOException {
        Path ct = tmp.resolve("ct.txt");
        Files.writeString(ct, "tcp      6 86390 ESTABLISHED src=10.0.0.2 dst=172.30.0.44 sport=41000 dport=80 "
                + "src=10.180.0.9 dst=10.0.0.2 sport=80 dport=41000 [ASSURED] mark=0 use=1\n"
                + "tcp      6 86390 ESTABLISHED src=10.0.0.2 dst=172.30.0.44 sport=41001 dport=80 "
                + "src=10.180.0.5 dst=10.0.0.2 sport=80 dport=41001 [ASSURED] mark=0 use=1\n");
        Run r = simulate(TRACE, "--conntrack", ct.toString(), "--from", "10.0.0.2", "--to", "172.30.0.44:80");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("; DNAT to 10.180.0.5:80 (pod ns4/pod4b on node test-node)"), r.out());
        assertTrue(r.out().contains("! conntrack line 1 sends this flow to 10.180.0.9:80, which the rules do not pick "
                + "any more [10.180.0.4:80, 10.180.0.5:80]"), r.out());
        assertTrue(!r.out().contains("conntrack line 2 sends"), r.out());
    }

    @Test
    void ipvsVirtualServiceWithItsRealServers() throws IOException {
        String ipvs = SharedData.file("ipvs/k8s_ipvs_README_ipvsadm-ln.txt").toString();
        Run r = run("simulate", "--iptables", kubeDnsDump().toString(), "--ipvs", ipvs, "--from", "10.12.0.14",
                "--to", "10.0.0.10:53/udp");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("IPVS: UDP 10.0.0.10:53 scheduler rr, 1 real server:"), r.out());
        assertTrue(r.out().contains("  172.17.0.2:53  Masq  weight 1  100.0% of new connections  active 0 inactive 0"),
                r.out());
        Run https = run("simulate", "--iptables", kubeDnsDump().toString(), "--ipvs", ipvs, "--from", "10.12.0.14",
                "--to", "10.0.0.1:443", "--format", "json");
        JsonNode j = new ObjectMapper().readTree(https.out()).get("ipvs");
        assertEquals("TCP 10.0.0.1:443", j.get("service").asText());
        assertEquals(10800, j.get("persistentSeconds").asInt());
        assertEquals("192.168.0.1:6443", j.get("realServers").get(0).get("endpoint").asText());
        Run miss = run("simulate", "--iptables", kubeDnsDump().toString(), "--ipvs", ipvs, "--from", "10.12.0.14",
                "--to", "10.0.0.10:54/udp");
        assertTrue(miss.out().contains("IPVS: no virtual service for 10.0.0.10:54/udp."), miss.out());
    }

    @Test
    void bundleStateFilesAreUsed() throws IOException {
        Path b = tmp.resolve("bundle2");
        Files.createDirectories(b.resolve("nodes/test-node"));
        Files.copy(SharedData.file(TRACE), b.resolve("nodes/test-node/iptables-save.txt"));
        Files.writeString(b.resolve("nodes/test-node/conntrack.txt"), "tcp      6 117 SYN_SENT src=203.0.113.2 "
                + "dst=192.168.0.2 sport=5555 dport=3003 [UNREPLIED] src=10.180.0.3 dst=192.168.0.2 sport=80 dport=5555 "
                + "mark=0 use=1\n");
        Files.writeString(b.resolve("nodes/test-node/ip-addr.json"), "[{\"ifindex\":2,\"ifname\":\"eth0\","
                + "\"mtu\":1500,\"operstate\":\"UP\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"192.168.0.2\","
                + "\"prefixlen\":24}]}]");
        Run r = run("simulate", b.toString(), "--from", "203.0.113.2:5555", "--to", "192.168.0.2:3003");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("on node test-node"), "the only node of the bundle\n" + r.out());
        assertTrue(r.out().contains("100.0%  DNAT to 10.180.0.3:80"), "ip-addr.json makes 192.168.0.2 local\n" + r.out());
        assertTrue(r.out().contains("line 1: tcp SYN_SENT [UNREPLIED] 203.0.113.2:5555 > 192.168.0.2:3003"), r.out());
        assertTrue(r.out().contains("; DNAT to 10.180.0.3:80; SNAT to 192.168.0.2:5555"), r.out());
    }

    /** Every destination a shared dump's rules name (-d with --dport) traces without error, named or not. */
    @Test
    void everySharedDumpEveryRuleDestination() throws IOException {
        List<Path> files;
        try (var st = Files.walk(SharedData.dir().resolve("kube-proxy"))) {
            files = st.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        }
        int traced = 0;
        for (Path f : files) {
            var dump = io.hoptrace.decoders.state.IptablesSaveParser.parse(Files.readString(f));
            for (var r : dump.rules()) {
                if (r.destination() == null || r.destination().prefix() == null || !r.destination().prefix().isHost()
                        || r.destinationPorts() == null || r.destination().negated()) {
                    continue;
                }
                String proto = r.protocol() == null ? "tcp" : r.protocol();
                Run run = run("simulate", "--iptables", f.toString(), "--from", "10.244.9.9", "--to",
                        r.destination().prefix().addressText() + ":" + r.destinationPorts().lows()[0] + "/" + proto,
                        "--format", traced % 2 == 0 ? "text" : "json");
                assertEquals(0, run.exit(), f + " " + r + "\n" + run.err());
                traced++;
            }
        }
        assertTrue(traced > 30, "traced " + traced);
    }
}
