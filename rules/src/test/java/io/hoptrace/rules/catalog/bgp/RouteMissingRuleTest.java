package io.hoptrace.rules.catalog.bgp;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.BgpEvent;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.Endpoint;
import io.hoptrace.rules.model.FlowKey;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeStates;
import io.hoptrace.rules.model.PacketInfo;
import io.hoptrace.rules.model.ClusterIndexView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteMissingRuleTest {
    private static final long T0 = 1_790_000_000_000_000_000L;
    private static final String A = "192.168.50.11";
    private static final String C = "192.168.50.13";

    /** Two nodes with their addresses and pod CIDRs. */
    private static final ClusterIndexView CLUSTER = ClusterIndexView.parse("""
            {"apiVersion": "v1", "kind": "List", "items": [
             {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-a"}, "spec": {"podCIDR": "10.244.0.0/24"},
              "status": {"addresses": [{"type": "InternalIP", "address": "192.168.50.11"}]}},
             {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-c"}, "spec": {"podCIDRs": ["10.244.2.0/24"]},
              "status": {"addresses": [{"type": "InternalIP", "address": "192.168.50.13"}]}},
             {"apiVersion": "v1", "kind": "Pod", "metadata": {"namespace": "demo", "name": "orders"}, "spec": {"nodeName": "node-c"},
              "status": {"podIP": "10.244.2.10"}}]}
            """);

    private static BgpEvent event(int n, long seconds, String from, String to, int type, List<String> withdrawn,
                                  List<String> announced) {
        return new BgpEvent(new PacketRef("bgp.pcap", n), "node-c", "eth0", T0 + seconds * 1_000_000_000L,
                Endpoint.of(from, 179), Endpoint.of(to, 40000), type, -1, -1, null, null, withdrawn, announced, 64512,
                -1);
    }

    private static List<Finding> findings(AnalysisView v) {
        return LabBundles.findings(v, RouteMissingRule.ID);
    }

    @Test
    void labNodeCWithdrawsItsPodCidrFromBothPeers() {
        List<Finding> fs = findings(LabBundles.view("bgp-down"));
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("node-c", f.node());
        assertTrue(f.summary().startsWith("node-c (192.168.50.13) withdrew 10.244.2.0/24 (the pod CIDR of node-c) "
                + "from node-a and node-b at 2026-11-21T16:13:39Z and did not announce it again"), f.summary());
        assertTrue(f.evidence().contains("node-a ip-route: no BGP (proto bird) route to 10.244.2.0/24; what is left: "
                + "10.244.2.0/24 via 10.244.2.0 dev flannel.1"), f.evidence().toString());
        assertEquals(2, f.packets().size(), "one UPDATE to each peer");
        assertTrue(f.objects().containsAll(List.of(ObjectRef.node("node-a"), ObjectRef.node("node-b"),
                ObjectRef.node("node-c"))));
    }

    @Test
    void labBundlesWithSessionsThatStayUpSayNothing() {
        for (String s : new String[] {"baseline", "mtu-blackhole", "conntrack-invalid"}) {
            assertTrue(findings(LabBundles.view(s)).isEmpty(), s);
        }
    }

    @Test
    void aWithdrawalAnnouncedAgainIsAFlap() {
        AnalysisView v = AnalysisView.builder().cluster(CLUSTER).bgpMessages(List.of(
                event(1, 0, C, A, BgpEvent.UPDATE, List.of("10.244.2.0/24"), List.of()),
                event(2, 12, C, A, BgpEvent.UPDATE, List.of(), List.of("10.244.2.0/24")))).build();
        List<Finding> fs = findings(v);
        assertEquals(1, fs.size(), fs.toString());
        assertEquals(Severity.WARNING, fs.get(0).severity());
        assertTrue(fs.get(0).summary().endsWith("and announced it again 12.0 s later: the route to the pods on node-c "
                + "flapped"), fs.get(0).summary());
    }

    @Test
    void manyWithdrawalsOfOneSpeakerAreOneFindingAndTrafficIntoThemIsCounted() {
        List<String> prefixes = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            prefixes.add("172.16." + i + ".0/24");
        }
        prefixes.add("10.244.2.0/24");
        Hop in = new Hop("node-a", "eth0", Direction.OUT, T0 + 2_000_000_000L, 0, List.of(),
                Endpoint.of("10.244.0.10", 40000), Endpoint.of("172.16.7.9", 443), List.of(),
                new PacketRef("a.pcap", 3), 60, 64, false, null, null);
        Journey j = new Journey(1, 0, new FlowKey("tcp", 6, "10.244.0.10", "172.16.7.9", 40000, 443), false,
                new PacketInfo(60, 1, true, 0x02, 1, 0, 1410, -1, -1, false, 0), List.of(in), 0);
        AnalysisView v = AnalysisView.builder().cluster(CLUSTER).journeys(List.of(j)).bgpMessages(List.of(
                event(1, 0, C, A, BgpEvent.UPDATE, prefixes, List.of()))).build();
        List<Finding> fs = findings(v);
        assertEquals(1, fs.size(), fs.toString());
        assertTrue(fs.get(0).summary().startsWith("node-c (192.168.50.13) withdrew 41 prefixes (10.244.2.0/24 (the "
                + "pod CIDR of node-c), 172.16.0.0/24, 172.16.1.0/24, 172.16.2.0/24, 172.16.3.0/24, 172.16.4.0/24 and "
                + "35 more) from node-a at 2026-09-21T14:13:20Z and did not announce them again: node-a loses its BGP routes to "
                + "them, the pods on node-c among them; 1 packet to them followed, 0 reached node-c"),
                fs.get(0).summary());
        assertEquals(1, fs.get(0).journey());
    }

    @Test
    void aSessionThatComesUpWithoutThePodCidr() {
        AnalysisView v = AnalysisView.builder().cluster(CLUSTER).bgpMessages(List.of(
                event(1, 0, C, A, BgpEvent.OPEN, List.of(), List.of()),
                event(2, 1, C, A, BgpEvent.UPDATE, List.of(), List.of("192.168.99.0/24")),
                event(3, 1, C, A, BgpEvent.UPDATE, List.of(), List.of()))).build();
        List<Finding> fs = findings(v);
        assertEquals(1, fs.size(), fs.toString());
        assertTrue(fs.get(0).summary().startsWith("node-c (192.168.50.13) opened its BGP session with node-a "
                + "(192.168.50.11)"), fs.get(0).summary());
        assertTrue(fs.get(0).summary().contains("sent 2 UPDATEs, but never announced its pod CIDR 10.244.2.0/24"));
    }

    @Test
    void aSessionThatAnnouncesACalicoBlockOfThePodCidrIsFine() {
        AnalysisView v = AnalysisView.builder().cluster(CLUSTER).bgpMessages(List.of(
                event(1, 0, C, A, BgpEvent.OPEN, List.of(), List.of()),
                event(2, 1, C, A, BgpEvent.UPDATE, List.of(), List.of("10.244.2.64/26")))).build();
        assertTrue(findings(v).isEmpty());
    }

    @Test
    void trafficToAPodCidrTheNodeHasNoRouteFor() {
        String routes = """
                [{"dst":"default","gateway":"192.168.50.1","dev":"eth0","flags":[]},
                 {"dst":"10.244.0.0/24","dev":"cni0","protocol":"kernel","scope":"link","flags":[]},
                 {"dst":"10.244.1.0/24","gateway":"192.168.50.12","dev":"eth0","protocol":"bird","flags":[]}]
                """;
        Hop in = new Hop("node-a", "cali1", Direction.IN, T0, 0, List.of(), Endpoint.of("10.244.0.10", 40000),
                Endpoint.of("10.244.2.10", 8080), List.of(), new PacketRef("a.pcap", 7), 60, 64, false, null, null);
        Journey j = new Journey(1, 0, new FlowKey("tcp", 6, "10.244.0.10", "10.244.2.10", 40000, 8080), false,
                new PacketInfo(60, 1, true, 0x02, 1, 0, 1410, -1, -1, false, 0), List.of(in), 0);
        AnalysisView v = AnalysisView.builder().cluster(CLUSTER).journeys(List.of(j))
                .node(NodeStates.parse("node-a", Map.of("ip-route.json", routes)).state()).build();
        List<Finding> fs = findings(v);
        assertEquals(1, fs.size(), fs.toString());
        assertTrue(fs.get(0).summary().startsWith("1 packet to pod demo/orders (10.244.2.10) stops at node-a cali1 "
                + "(in): node-a has no route to 10.244.2.0/24 (the pod CIDR of node-c), only the default route via "
                + "192.168.50.1"), fs.get(0).summary());
        assertEquals(0, fs.get(0).hop());
        // the same node with a BGP route to node-c's pods: nothing to say
        String routed = routes.replace("]\n", ",{\"dst\":\"10.244.2.0/24\",\"gateway\":\"192.168.50.13\","
                + "\"dev\":\"eth0\",\"protocol\":\"bird\",\"flags\":[]}]\n");
        AnalysisView ok = AnalysisView.builder().cluster(CLUSTER).journeys(List.of(j))
                .node(NodeStates.parse("node-a", Map.of("ip-route.json", routed)).state()).build();
        assertTrue(findings(ok).isEmpty(), findings(ok).toString());
    }
}
