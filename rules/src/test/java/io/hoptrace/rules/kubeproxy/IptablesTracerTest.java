package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.rules.kubeproxy.TraceBranch.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IptablesTracerTest {
    /** kube-proxy's test node IPs (proxier_test.go: testNodeIPs). */
    static final Set<String> NODE_IPS = Set.of("192.168.0.2", "192.168.1.2", "192.168.99.11", "2001:db8::1",
            "2001:db8:1::2");

    /** One packet of kube-proxy's TestTracePacket and what that test expects. */
    record Expect(String name, String src, String dst, int port, String output, boolean masq) {
    }

    static final List<Expect> TEST_TRACE_PACKET = List.of(
            new Expect("no match", "10.0.0.2", "10.0.0.3", 80, "", false),
            new Expect("single endpoint", "10.0.0.2", "172.30.0.41", 80, "10.180.0.1:80", false),
            new Expect("multiple endpoints", "10.0.0.2", "172.30.0.44", 80, "10.180.0.4:80, 10.180.0.5:80", false),
            new Expect("LOCAL, KUBE-MARK-MASQ", "192.168.0.2", "192.168.99.22", 80, "10.180.0.2:80", true),
            new Expect("DROP", "203.0.113.2", "192.168.99.22", 80, "DROP", false),
            new Expect("ACCEPT (NodePortHealthCheck)", "192.168.0.2", "192.168.0.2", 30000, "ACCEPT", false),
            new Expect("REJECT", "10.0.0.2", "172.30.0.46", 80, "REJECT", false));

    static PacketTrace trace(IptablesDump dump, String src, String dst, int port) {
        IptablesTracer t = new IptablesTracer(dump, ChainCatalog.of(KubeProxyFixtures.cluster()));
        Origin origin = NODE_IPS.contains(src) ? Origin.localProcess() : Origin.arriving(null);
        return t.trace(Packet.of(src, dst, port, "tcp"), origin, NODE_IPS);
    }

    @Test
    void kubeProxysTestTracePacketExpectations() {
        IptablesDump dump = KubeProxyFixtures.dump(ChainCatalogTest.TRACE);
        for (Expect e : TEST_TRACE_PACKET) {
            PacketTrace t = trace(dump, e.src(), e.dst(), e.port());
            assertEquals(e.output(), t.kubeProxyOutput(), e.name() + "\n" + t.branches());
            assertEquals(e.masq(), t.masqueradeMarked(), e.name());
            assertFalse(t.anyAssumptions(), e.name() + " needs no assumption: " + t.branches());
        }
    }

    @Test
    void sameExpectationsOnTheRestoreInputWithoutBuiltInChains() {
        IptablesDump dump = KubeProxyFixtures.dump(ChainCatalogTest.OVERALL);
        for (Expect e : TEST_TRACE_PACKET) {
            PacketTrace t = trace(dump, e.src(), e.dst(), e.port());
            assertEquals(e.output(), t.kubeProxyOutput(), e.name() + "\n" + t.branches());
            assertEquals(e.masq(), t.masqueradeMarked(), e.name());
            assertTrue(t.branches().get(0).assumptions().stream().anyMatch(a -> a.contains("kube-proxy's own jumps")));
        }
    }

    @Test
    void clusterIpPathInKubernetesTermsAndRulesEvaluated() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), "10.0.0.2", "172.30.0.41", 80);
        TraceBranch b = t.branches().get(0);
        assertEquals(List.of("PREROUTING", "KUBE-SERVICES", "KUBE-SVC-XPGD46QRK7WJZT7O", "KUBE-SEP-SXIVWICOYRO3J4NJ",
                        "FORWARD", "KUBE-FORWARD", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "POSTROUTING",
                        "KUBE-POSTROUTING"),
                b.chainPath().stream().map(s -> s.kind() == TraceStep.Kind.HOOK ? s.chain() : s.detail()).toList());
        assertEquals(List.of("nat PREROUTING", "filter FORWARD", "nat POSTROUTING"), b.hooks());
        assertEquals(18, b.rulesEvaluated(), "1+1+2+2 in nat PREROUTING, 3+3+1+3 in filter FORWARD, 1+1 in POSTROUTING");
        assertEquals("10.180.0.1:80", b.destinationAfterNat());
        assertEquals("endpoint 10.180.0.1:80 of ns1/svc1:p80, pod ns1/pod1 on node-2", b.endpoint().description());
        TraceStep svc = b.steps().stream().filter(s -> "KUBE-SVC-XPGD46QRK7WJZT7O".equals(s.detail())).findFirst()
                .orElseThrow();
        assertEquals("KUBE-SERVICES (Service IPs)", svc.chainLabel());
        assertEquals(1, svc.position());
        assertEquals(10, svc.chainLength());
        assertEquals(63, svc.lineNumber());
        assertFalse(b.masqueradeMarked());
        assertEquals(TraceStep.Kind.RETURN, b.steps().get(b.steps().size() - 2).kind(), "KUBE-POSTROUTING returns");
        assertEquals(TraceStep.Kind.POLICY, b.steps().get(b.steps().size() - 1).kind(), "POSTROUTING ends in its policy");
        assertNull(b.snatStep());
        assertEquals(Verdict.ACCEPT, b.verdict());
        assertNull(b.verdictStep(), "accepted by policy");
    }

    @Test
    void statisticSplitsIntoEndpointsWithTheirProbabilities() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), "10.0.0.2", "172.30.0.44", 80);
        List<PacketTrace.Outcome> outs = t.outcomes();
        assertEquals(2, outs.size());
        for (PacketTrace.Outcome o : outs) {
            assertEquals(0.5, o.probability(), 1e-12);
        }
        assertEquals(Set.of("ns4/pod4a", "ns4/pod4b"),
                Set.of(outs.get(0).endpoint().endpoint().pod(), outs.get(1).endpoint().endpoint().pod()));
        TraceBranch second = t.branches().stream().filter(b -> b.dnat().text().equals("10.180.0.5:80")).findFirst()
                .orElseThrow();
        assertTrue(second.steps().stream().anyMatch(s -> s.kind() == TraceStep.Kind.NOT_TAKEN
                && s.detail().equals("statistic p=0.5000 not taken")));
    }

    @Test
    void oldElevenDigitProbabilitiesGiveEqualShares() {
        IptablesDump d = KubeProxyFixtures.dump("real-iptables-save-excerpts/issue_k8s-26292_iptables-save_nat_probabilities.txt");
        // the excerpt has neither KUBE-SERVICES nor the KUBE-SEP chains: enter the Service chain from PREROUTING
        // and give each endpoint chain a DNAT of its own
        StringBuilder text = new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-SVC-O4A6SDCC2OYMU5YR\n");
        text.append(KubeProxyFixtures.dumpText("real-iptables-save-excerpts/issue_k8s-26292_iptables-save_nat_probabilities.txt"));
        int n = 0;
        for (String sep : ChainCatalog.serviceChainsOf(d)) {
            if (sep.startsWith("KUBE-SEP-")) {
                text.append("-A ").append(sep).append(" -p tcp -j DNAT --to-destination 10.9.0.").append(++n).append(":8300\n");
            }
        }
        IptablesDump wrapped = IptablesSaveParser.parse(text + "COMMIT\n");
        assertEquals(d.ruleCount() + 1 + n, wrapped.ruleCount());
        PacketTrace t = new IptablesTracer(wrapped, ChainCatalog.fixedOnly().withCommentsOf(wrapped))
                .trace(Packet.of("10.0.0.2", "10.0.0.9", 8300, "tcp"), Origin.arriving(null), Set.of());
        List<TraceBranch> bs = t.branches();
        assertEquals(5, bs.size());
        for (TraceBranch b : bs) {
            assertEquals(0.2, b.probability(), 1e-5, "0.33332999982 is 0.3333 to 5 digits: " + b.steps());
            assertTrue(b.dnat().text().startsWith("10.9.0."));
        }
        assertEquals(1.0, bs.stream().mapToDouble(TraceBranch::probability).sum(), 1e-9);
    }

    @Test
    void sessionAffinityIsAConditionalBranch() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.OVERALL), "10.0.0.2", "172.30.0.45", 80);
        List<PacketTrace.Outcome> outs = t.outcomes();
        assertEquals(2, outs.size());
        assertFalse(outs.get(0).conditional());
        assertEquals(1.0, outs.get(0).probability(), 1e-12);
        assertEquals("10.180.0.3:80", outs.get(0).dnat());
        assertTrue(outs.get(1).conditional());
        assertEquals("10.180.0.3:80", outs.get(1).dnat());
        assertEquals(List.of("the client is in recent list KUBE-SEP-I77PXRDZVX7PMWMN (seen within 10800 s: session affinity)"),
                outs.get(1).conditions());
    }

    @Test
    void loadBalancerSourceRangesLetInsidersThroughAndDropOthers() {
        IptablesDump dump = KubeProxyFixtures.dump(ChainCatalogTest.OVERALL);
        PacketTrace allowed = trace(dump, "203.0.113.2", "5.6.7.8", 80);
        assertEquals("10.180.0.3:80", allowed.kubeProxyOutput());
        assertTrue(allowed.masqueradeMarked(), "KUBE-EXT masquerades external traffic (eTP Cluster)");
        assertTrue(allowed.branches().stream().allMatch(b -> b.snatStep() != null));
        PacketTrace blocked = trace(dump, "203.0.113.130", "5.6.7.8", 80);
        assertEquals("DROP", blocked.kubeProxyOutput());
        assertEquals("KUBE-PROXY-FIREWALL", blocked.branches().get(0).verdictStep().chain());
    }

    @Test
    void nodePortFromOutsideWithoutLocalEndpointsIsDropped() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), "203.0.113.2", "192.168.0.2", 3001);
        assertEquals("DROP", t.kubeProxyOutput());
        TraceBranch b = t.branches().get(0);
        assertEquals(List.of("nat PREROUTING", "filter INPUT"), b.hooks());
        assertEquals("KUBE-EXTERNAL-SERVICES", b.verdictStep().chain());
        assertTrue(b.steps().stream().anyMatch(s -> "KUBE-EXT-GNZBNJ2PO5MGZ6GT".equals(s.detail())),
                "went through the Service's external chain first");
    }

    @Test
    void nodePortWithEndpointIsMasqueradedAndForwarded() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), "203.0.113.2", "192.168.0.2", 3003);
        assertEquals("10.180.0.3:80", t.kubeProxyOutput());
        TraceBranch b = t.branches().get(0);
        assertTrue(b.masqueradeMarked());
        assertEquals("MASQUERADE to the output interface's address", b.snatStep().detail());
        assertEquals("KUBE-FORWARD", b.verdictStep().chain(), "the masquerade mark is accepted by KUBE-FORWARD");
    }

    @Test
    void hairpinToItsOwnServiceIsMasqueraded() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), "10.180.0.1", "172.30.0.41", 80);
        assertEquals("10.180.0.1:80", t.kubeProxyOutput());
        assertTrue(t.masqueradeMarked(), "KUBE-SEP's -s <endpoint> -j KUBE-MARK-MASQ");
    }

    @Test
    void legacySetXmarkAndMarkMatchingPostrouting() {
        IptablesDump d = IptablesSaveParser.parse(String.join("\n", "*nat",
                ":PREROUTING ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]", ":KUBE-MARK-MASQ - [0:0]",
                ":KUBE-POSTROUTING - [0:0]", ":KUBE-SERVICES - [0:0]",
                "-A PREROUTING -j KUBE-SERVICES",
                "-A POSTROUTING -j KUBE-POSTROUTING",
                "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
                "-A KUBE-POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE",
                "-A KUBE-SERVICES ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-MARK-MASQ",
                "-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j DNAT --to-destination 192.168.1.10:6443",
                "COMMIT", ""));
        IptablesTracer tracer = new IptablesTracer(d, ChainCatalog.fixedOnly());
        assertEquals(0x4000, tracer.masqueradeMark());
        TraceBranch out = tracer.trace(Packet.of("192.168.5.5", "10.96.0.1", 443, "tcp"), Origin.arriving("eth0"),
                Set.of("192.168.5.1")).branches().get(0);
        assertTrue(out.masqueradeMarked());
        assertEquals("192.168.1.10:6443", out.destinationAfterNat());
        assertEquals("KUBE-POSTROUTING", out.snatStep().chain());
        TraceBranch pod = tracer.trace(Packet.of("10.244.1.5", "10.96.0.1", 443, "tcp"), Origin.arriving("cni0"),
                Set.of("192.168.5.1")).branches().get(0);
        assertFalse(pod.masqueradeMarked());
        assertNull(pod.snatStep());
    }

    @Test
    void gotoReturnsToTheCallerOfTheChainThatWent() {
        IptablesDump d = IptablesSaveParser.parse(String.join("\n", "*filter", ":FORWARD DROP [0:0]",
                "-A FORWARD -j A", "-A FORWARD -p udp -j ACCEPT", "-A A -g B", "-A A -j DROP", "-A B -j RETURN",
                "COMMIT", ""));
        TraceBranch b = new IptablesTracer(d, ChainCatalog.fixedOnly())
                .trace(Packet.of("10.0.0.1", "10.0.0.2", 53, "udp"), Origin.arriving("eth0"), Set.of()).branches().get(0);
        assertEquals(Verdict.ACCEPT, b.verdict(), "RETURN from B skips the rest of A");
        assertEquals("FORWARD", b.verdictStep().chain());
        assertEquals(2, b.verdictStep().position());
    }

    @Test
    void policyDropDecides() {
        IptablesDump d = IptablesSaveParser.parse("*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p udp -j ACCEPT\nCOMMIT\n");
        PacketTrace t = new IptablesTracer(d, ChainCatalog.fixedOnly())
                .trace(Packet.of("10.0.0.1", "10.0.0.2", 80, "tcp"), Origin.arriving("eth0"), Set.of());
        TraceBranch b = t.branches().get(0);
        assertEquals(Verdict.DROP, b.verdict());
        assertEquals(TraceStep.Kind.POLICY, b.verdictStep().kind());
        assertTrue(t.notes().contains("the dump has no *nat table; its hooks were skipped"));
    }

    @Test
    void undecidableRulesAreListedAndTakenAsNotMatching() {
        IptablesDump d = KubeProxyFixtures.dump("iptables_TestGetChainLinesMultipleTables_iptables-save-v1.4.21_2015.txt");
        PacketTrace t = new IptablesTracer(d, ChainCatalog.fixedOnly().withCommentsOf(d))
                .trace(Packet.of("10.246.1.7", "10.247.0.10", 53, "udp"), Origin.arriving(null), Set.of("10.0.2.15"));
        TraceBranch b = t.branches().get(0);
        assertEquals("10.246.1.2:53", b.destinationAfterNat(), "the 2015 portal chains DNAT in KUBE-SVC-*");
        assertTrue(b.assumptions().stream().anyMatch(a -> a.contains("-o cbr0 (output interface unknown)")),
                b.assumptions().toString());
        assertEquals("kube-system/kube-dns:dns; from rule comments, hash differs",
                b.steps().stream().filter(s -> s.chain().equals("KUBE-SVC-1111111111111111")).findFirst()
                        .orElseThrow().chainLabel().replace("KUBE-SVC-1111111111111111 (", "").replaceAll("\\)$", ""));
    }

    @Test
    void partialRestoreInputJumpsToChainsItDoesNotHold() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.PARTIAL), "10.0.0.2", "172.30.0.41", 80);
        TraceBranch b = t.branches().get(0);
        assertNull(b.dnat());
        assertTrue(b.steps().stream().anyMatch(s -> s.kind() == TraceStep.Kind.MISSING_CHAIN
                && s.detail().equals("chain KUBE-SVC-XPGD46QRK7WJZT7O is not in the dump")));
    }

    @Test
    void malformedDnatIsShownAsSuch() {
        IptablesDump d = IptablesSaveParser.parse("*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-SVC-OEYFLNX2UKKSAKI7\n"
                + KubeProxyFixtures.dumpText("real-iptables-save-excerpts/issue_k8s-114537_iptables-save_malformed-DNAT.txt")
                + "COMMIT\n");
        PacketTrace t = new IptablesTracer(d, ChainCatalog.fixedOnly().withCommentsOf(d))
                .trace(Packet.of("10.0.0.2", "10.96.7.7", 9100, "tcp"), Origin.arriving(null), Set.of());
        TraceBranch dnat = t.branches().stream().filter(b -> b.dnat() != null).findFirst().orElseThrow();
        assertEquals(0.5, dnat.probability(), 1e-9);
        assertEquals("10.96.7.7:0", dnat.destinationAfterNat(), "no address: only the port changes");
        assertTrue(dnat.steps().stream().anyMatch(s -> s.detail().equals("to :0 (no address: malformed rule) (3 destinations in the rule)")));
    }

    @Test
    void chainsThatJumpInALoopStop() {
        IptablesDump d = IptablesSaveParser.parse("*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j L\n-A L -j L\nCOMMIT\n");
        PacketTrace t = new IptablesTracer(d, ChainCatalog.fixedOnly())
                .trace(Packet.of("10.0.0.1", "10.0.0.2", 80, "tcp"), Origin.arriving(null), Set.of());
        assertTrue(t.branches().get(0).assumptions().stream().anyMatch(a -> a.contains("nest deeper than 64")));
    }

    @Test
    void noMatchFallsThroughEveryHook() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), "10.0.0.2", "10.0.0.3", 80);
        TraceBranch b = t.branches().get(0);
        assertNull(b.dnat());
        assertEquals(Verdict.ACCEPT, b.verdict());
        assertEquals(List.of(), t.outcomes().get(0).example().assumptions());
        assertEquals(1, t.outcomes().size());
    }

    @Test
    void branchesComeOutMostLikelyFirst() {
        PacketTrace t = trace(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), "10.0.0.2", "172.30.0.44", 80);
        List<TraceBranch> sorted = t.branches().stream()
                .sorted(Comparator.comparing(TraceBranch::probability).reversed()).toList();
        assertEquals(2, sorted.size());
    }
}
