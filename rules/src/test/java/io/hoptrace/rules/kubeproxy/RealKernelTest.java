package io.hoptrace.rules.kubeproxy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.hoptrace.decoders.state.ConntrackDirection;
import io.hoptrace.decoders.state.ConntrackEntry;
import io.hoptrace.decoders.state.ConntrackNat;
import io.hoptrace.decoders.state.ConntrackParser;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IptablesChain;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesRule;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.decoders.state.IptablesTable;
import io.hoptrace.rules.cluster.ClusterIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kube-proxy-style rules in a real kernel: a node namespace routes a client namespace to a ClusterIP whose two
 * endpoints are listeners in two more namespaces. The rules go in with {@code iptables-nft-restore} or
 * {@code iptables-legacy-restore} (separate namespaces: the two back ends interfere in one), real connections are
 * DNATed and masqueraded through them, and then {@code iptables-save -c} and {@code conntrack -L} from the node
 * namespace must agree with the parser and the tracer: the rules whose counters went up are the rules the trace
 * walks, and each connection's conntrack entry shows the DNAT to the endpoint that answered it.
 */
class RealKernelTest {
    static final String SERVICE = "hk/web:http";
    static final String VIP = "172.30.9.10";
    static final String CLIENT = "10.99.0.2";
    static final String EP_A = "10.98.1.2";
    static final String EP_B = "10.98.2.2";
    static final Set<String> NODE_ADDRESSES = Set.of("10.99.0.1", "10.98.1.1", "10.98.2.1");
    static final int CONNECTIONS = 40;
    static final int FIRST_PORT = 41000;

    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> listeners = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : listeners) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (String ns : namespaces) {
            sh(false, "ip", "netns", "del", ns);
        }
    }

    static List<HasMetadata> cluster() {
        return List.of(
                new NodeBuilder().withNewMetadata().withName("hk-node").endMetadata().withNewStatus()
                        .addNewAddress().withType("InternalIP").withAddress("10.99.0.1").endAddress().endStatus().build(),
                new ServiceBuilder().withNewMetadata().withNamespace("hk").withName("web").endMetadata().withNewSpec()
                        .withClusterIP(VIP).addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
                        .endSpec().build(),
                new EndpointSliceBuilder().withNewMetadata().withNamespace("hk").withName("web-1")
                        .withLabels(Map.of(ClusterIndex.SERVICE_NAME_LABEL, "web")).endMetadata().withAddressType("IPv4")
                        .addNewEndpoint().withAddresses(EP_A).withNodeName("hk-node").withNewTargetRef().withKind("Pod")
                        .withNamespace("hk").withName("web-a").endTargetRef().endEndpoint()
                        .addNewEndpoint().withAddresses(EP_B).withNodeName("hk-node").withNewTargetRef().withKind("Pod")
                        .withNamespace("hk").withName("web-b").endTargetRef().endEndpoint()
                        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build(),
                new PodBuilder().withNewMetadata().withNamespace("hk").withName("web-a").endMetadata().withNewSpec()
                        .withNodeName("hk-node").endSpec().withNewStatus().withPodIP(EP_A).endStatus().build(),
                new PodBuilder().withNewMetadata().withNamespace("hk").withName("web-b").endMetadata().withNewSpec()
                        .withNodeName("hk-node").endSpec().withNewStatus().withPodIP(EP_B).endStatus().build());
    }

    /** The rules kube-proxy would write for the Service above, chain names recomputed, restore-input style. */
    static String rules() {
        String svc = KubeProxyChainNames.serviceChain(SERVICE, "tcp");
        String sepA = KubeProxyChainNames.endpointChain(SERVICE, "tcp", EP_A + ":8080");
        String sepB = KubeProxyChainNames.endpointChain(SERVICE, "tcp", EP_B + ":8080");
        return String.join("\n",
                "*filter",
                ":INPUT ACCEPT [0:0]",
                ":FORWARD DROP [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                ":KUBE-FORWARD - [0:0]",
                ":KUBE-SERVICES - [0:0]",
                "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
                "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
                "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT",
                "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "COMMIT",
                "*nat",
                ":PREROUTING ACCEPT [0:0]",
                ":INPUT ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                ":POSTROUTING ACCEPT [0:0]",
                ":KUBE-SERVICES - [0:0]",
                ":KUBE-MARK-MASQ - [0:0]",
                ":KUBE-POSTROUTING - [0:0]",
                ":KUBE-NODEPORTS - [0:0]",
                ":" + svc + " - [0:0]",
                ":" + sepA + " - [0:0]",
                ":" + sepB + " - [0:0]",
                "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
                "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
                "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
                "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
                "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE",
                "-A KUBE-SERVICES -m comment --comment \"hk/web:http cluster IP\" -m tcp -p tcp -d " + VIP + " --dport 80 -j " + svc,
                "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS",
                "-A " + svc + " -m comment --comment \"hk/web:http cluster IP\" -m tcp -p tcp -d " + VIP + " --dport 80 ! -s 10.98.0.0/16 -j KUBE-MARK-MASQ",
                "-A " + svc + " -m comment --comment \"hk/web:http -> " + EP_A + ":8080\" -m statistic --mode random --probability 0.5000000000 -j " + sepA,
                "-A " + svc + " -m comment --comment \"hk/web:http -> " + EP_B + ":8080\" -j " + sepB,
                "-A " + sepA + " -m comment --comment hk/web:http -s " + EP_A + " -j KUBE-MARK-MASQ",
                "-A " + sepA + " -m comment --comment hk/web:http -m tcp -p tcp -j DNAT --to-destination " + EP_A + ":8080",
                "-A " + sepB + " -m comment --comment hk/web:http -s " + EP_B + " -j KUBE-MARK-MASQ",
                "-A " + sepB + " -m comment --comment hk/web:http -m tcp -p tcp -j DNAT --to-destination " + EP_B + ":8080",
                "COMMIT", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nft", "legacy"})
    void realTrafficThroughKubeProxyRules(String backend) throws Exception {
        assumeNetns();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables-" + backend + "-restore")),
                "iptables-" + backend + " is not installed");
        byte[] rnd = new byte[3];
        new SecureRandom().nextBytes(rnd);
        String prefix = String.format("hk-%02x%02x%02x-", rnd[0], rnd[1], rnd[2]);
        String node = prefix + "n";
        String client = prefix + "c";
        String a = prefix + "a";
        String b = prefix + "b";
        for (String ns : List.of(node, client, a, b)) {
            sh(true, "ip", "netns", "add", ns);
            namespaces.add(ns);
            sh(true, "ip", "-n", ns, "link", "set", "lo", "up");
        }
        link(node, "nc", "10.99.0.1/24", client, "c0", CLIENT + "/24", "10.99.0.1");
        link(node, "na", "10.98.1.1/24", a, "a0", EP_A + "/24", "10.98.1.1");
        link(node, "nb", "10.98.2.1/24", b, "b0", EP_B + "/24", "10.98.2.1");
        sh(true, "ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        restore(node, backend, rules());
        listen(a, "A");
        listen(b, "B");

        Map<Integer, String> answeredBy = connect(client);
        assertEquals(CONNECTIONS, answeredBy.size(), "every connection was answered: " + answeredBy);
        assertEquals(Set.of("A", "B"), new HashSet<>(answeredBy.values()), "both endpoints answered");

        String saved = sh(true, "ip", "netns", "exec", node, "iptables-" + backend + "-save", "-c");
        IptablesDump dump = IptablesSaveParser.parse(saved);
        assertEquals(List.of(), dump.problems(), saved);
        assertTrue(dump.rules().stream().allMatch(r -> r.counters() != null), "-c gives every rule counters");

        ClusterIndex index = ClusterIndex.of(cluster());
        ChainCatalog catalog = ChainCatalog.of(index);
        assertEquals(List.of(), catalog.unnamedChains(dump), "every chain named from the Service");
        IptablesTracer tracer = new IptablesTracer(dump, catalog);
        PacketTrace trace = tracer.trace(new Packet(CLIENT, FIRST_PORT, VIP, 80, "tcp"), Origin.arriving("nc"),
                NODE_ADDRESSES);
        assertEquals(List.of(), trace.branches().get(0).assumptions());
        assertEquals(2, trace.branches().size());
        assertEquals(Set.of(EP_A + ":8080", EP_B + ":8080"), Set.copyOf(trace.outcomes().stream()
                .map(PacketTrace.Outcome::dnat).toList()));
        assertTrue(trace.branches().stream().allMatch(x -> x.masqueradeMarked() && x.snatStep() != null
                && x.verdictStep() != null && x.verdictStep().chain().equals("KUBE-FORWARD")));

        // nat sees first packets only: the rules that counted are exactly the rules the trace matched
        Set<Integer> traced = new TreeSet<>();
        for (TraceBranch br : trace.branches()) {
            for (TraceStep s : br.steps()) {
                if (s.kind() != TraceStep.Kind.HOOK && s.kind() != TraceStep.Kind.POLICY
                        && s.kind() != TraceStep.Kind.NOT_TAKEN) {
                    traced.add(s.lineNumber());
                }
            }
        }
        Set<Integer> natCounted = counted(dump.table("nat"));
        Set<Integer> natTraced = new TreeSet<>(traced);
        natTraced.retainAll(lines(dump.table("nat")));
        assertEquals(natCounted, natTraced, "nat rules with packets vs nat rules traced\n" + saved);
        IptablesRule svcRule = dump.chain("nat", "KUBE-SERVICES").rules().get(0);
        assertEquals(CONNECTIONS, svcRule.counters().packets(), "one first packet per connection");

        // filter counts every packet: what the trace matched must have counted; the rest is the ESTABLISHED rule
        Set<Integer> filterTraced = new TreeSet<>(traced);
        filterTraced.retainAll(lines(dump.table("filter")));
        Set<Integer> filterCounted = counted(dump.table("filter"));
        assertTrue(filterCounted.containsAll(filterTraced), filterTraced + " within " + filterCounted);
        filterCounted.removeAll(filterTraced);
        for (int line : filterCounted) {
            IptablesRule r = ruleAt(dump, line);
            assertTrue(r.ctState() != null && r.ctState().states().contains("ESTABLISHED"), "only replies: " + r);
        }

        // conntrack: each connection's entry records the DNAT to the endpoint that answered, and the masquerade
        // (stderr, "N flow entries have been shown.", would land inside a line of stdout: keep it apart)
        Process cp = new ProcessBuilder("ip", "netns", "exec", node, "conntrack", "-L", "-p", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String ct = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cp.waitFor(30, TimeUnit.SECONDS) && cp.exitValue() == 0, "conntrack -L");
        ConntrackTable table = ConntrackParser.parse(ct);
        assertEquals(List.of(), table.problems(), ct);
        NodeSimulator simulator = new NodeSimulator(index, dump, table, null);
        for (Map.Entry<Integer, String> e : answeredBy.entrySet()) {
            Packet p = new Packet(CLIENT, e.getKey(), VIP, 80, "tcp");
            Simulation sim = simulator.simulate(p, "hk-node", NODE_ADDRESSES, Origin.arriving("nc"));
            assertEquals(1, sim.conntrack().size(), "conntrack entry for source port " + e.getKey() + "\n" + ct);
            ConntrackEntry entry = sim.conntrack().get(0).entry();
            assertEquals(ConntrackDirection.ORIGINAL, sim.conntrack().get(0).direction());
            assertEquals(ConntrackNat.BOTH, entry.nat(), "DNAT to the pod and masquerade");
            String endpoint = e.getValue().equals("A") ? EP_A : EP_B;
            assertEquals(endpoint + ":8080", ConntrackLookup.text(entry.dnatDestination()),
                    "reply source = the endpoint that answered");
            assertEquals(endpoint.replaceFirst("\\.2$", ".1"), InetLiteral.format(entry.snatSource().address()),
                    "reply destination = the node's address toward the endpoint: masqueraded");
            assertEquals(List.of(), sim.conntrackNotes(), "the entry agrees with the rules");
            assertEquals("pod hk/web-" + e.getValue().toLowerCase() + " on node hk-node",
                    sim.ownerOf(InetLiteral.format(entry.dnatDestination().address())));
        }
    }

    private static Set<Integer> counted(IptablesTable t) {
        Set<Integer> out = new TreeSet<>();
        for (IptablesChain c : t.chains().values()) {
            for (IptablesRule r : c.rules()) {
                if (r.counters().packets() > 0) {
                    out.add(r.lineNumber());
                }
            }
        }
        return out;
    }

    private static Set<Integer> lines(IptablesTable t) {
        Set<Integer> out = new TreeSet<>();
        for (IptablesChain c : t.chains().values()) {
            for (IptablesRule r : c.rules()) {
                out.add(r.lineNumber());
            }
        }
        return out;
    }

    private static IptablesRule ruleAt(IptablesDump d, int line) {
        return d.rules().stream().filter(r -> r.lineNumber() == line).findFirst().orElseThrow();
    }

    private static void assumeNetns() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        String probe = "hk-probe-" + ProcessHandle.current().pid();
        boolean ok = run(List.of("ip", "netns", "add", probe)).exit == 0;
        run(List.of("ip", "netns", "del", probe));
        Assumptions.assumeTrue(ok, "cannot create network namespaces");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/conntrack")), "conntrack is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is missing");
    }

    private void link(String ns1, String if1, String addr1, String ns2, String if2, String addr2, String gw)
            throws Exception {
        sh(true, "ip", "link", "add", if1, "netns", ns1, "type", "veth", "peer", "name", if2, "netns", ns2);
        sh(true, "ip", "-n", ns1, "addr", "add", addr1, "dev", if1);
        sh(true, "ip", "-n", ns1, "link", "set", if1, "up");
        sh(true, "ip", "-n", ns2, "addr", "add", addr2, "dev", if2);
        sh(true, "ip", "-n", ns2, "link", "set", if2, "up");
        sh(true, "ip", "-n", ns2, "route", "add", "default", "via", gw);
    }

    private static void restore(String ns, String backend, String rules) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "iptables-" + backend + "-restore")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(rules.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "restore failed: " + out);
    }

    private void listen(String ns, String name) throws Exception {
        String code = "import socket\n"
                + "s = socket.socket()\n"
                + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('0.0.0.0', 8080))\n"
                + "s.listen(128)\n"
                + "print('ready', flush=True)\n"
                + "while True:\n"
                + "    c, a = s.accept()\n"
                + "    c.sendall(b'" + name + "\\n')\n"
                + "    c.close()\n";
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "/usr/bin/python3", "-c", code)
                .redirectErrorStream(true).start();
        listeners.add(p);
        byte[] ready = new byte[6];
        int n = p.getInputStream().readNBytes(ready, 0, 6);
        assertEquals("ready\n", new String(ready, 0, n, StandardCharsets.UTF_8), "listener in " + ns);
    }

    /** Opens CONNECTIONS connections from fixed source ports; returns who answered each. */
    private static Map<Integer, String> connect(String ns) throws Exception {
        String code = "import socket\n"
                + "for i in range(" + CONNECTIONS + "):\n"
                + "    s = socket.socket()\n"
                + "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "    s.bind(('" + CLIENT + "', " + FIRST_PORT + " + i))\n"
                + "    s.settimeout(5)\n"
                + "    s.connect(('" + VIP + "', 80))\n"
                + "    print(" + FIRST_PORT + " + i, s.recv(16).decode().strip(), flush=True)\n"
                + "    s.close()\n";
        String out = sh(true, "ip", "netns", "exec", ns, "/usr/bin/python3", "-c", code);
        Map<Integer, String> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length == 2) {
                m.put(Integer.parseInt(f[0]), f[1]);
            }
        }
        return m;
    }

    record Result(int exit, String out) {
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }

    private static String sh(boolean check, String... cmd) throws IOException, InterruptedException {
        Result r = run(List.of(cmd));
        if (check) {
            assertEquals(0, r.exit, String.join(" ", cmd) + "\n" + r.out);
        }
        return r.out;
    }
}
