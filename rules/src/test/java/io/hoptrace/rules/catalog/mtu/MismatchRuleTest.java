package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeStates;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MismatchRuleTest {
    private static List<Finding> mismatches(AnalysisView v) {
        return RuleCatalog.standard().only(List.of(MismatchRule.ID)).evaluate(v).findings();
    }

    @Test
    void labBlackholePodAt1500BehindFlannelAt1450() {
        AnalysisView v = LabBundles.view("mtu-blackhole");
        List<Finding> fs = mismatches(v);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("node-a", f.node());
        assertTrue(f.summary().startsWith("pod demo/mtu-client-7b9f6c5d8-q8wzt (10.244.0.11) has MTU 1500"
                + " (vethf7ada0fb on node-a) but its path to pod demo/web-7d4b9c6f8-abcde (10.244.1.10) carries 1450"
                + " (flannel.1 on node-a)"), f.summary());
        assertTrue(f.summary().contains("3 packets of up to 1500 bytes did not fit"), f.summary());
        assertTrue(f.summary().contains("node-a answered fragmentation needed (MTU 1450) 3 times"), f.summary());
        assertTrue(f.fix().startsWith("set the MTU of pod demo/mtu-client-7b9f6c5d8-q8wzt to 1450, as the other pods"
                + " on node-a have"), f.fix());
        assertTrue(f.evidence().contains("node-a ip-link.json: vethf7ada0fb mtu 1500 (veth, port of cni0)"),
                f.evidence().toString());
        assertTrue(f.evidence().contains("node-a ip-link.json: flannel.1 mtu 1450 (vxlan id 1 port 8472 over eth0)"),
                f.evidence().toString());
        assertTrue(f.objects().contains(ObjectRef.pod("demo", "mtu-client-7b9f6c5d8-q8wzt")));
        Journey j = v.journey(f.journey()).orElseThrow();
        assertEquals("vethf7ada0fb", j.first().iface());
        assertEquals(1500, j.packet().length());
        assertEquals(j.hops().size() - 1, f.hop(), "it never left node-a: the last hop is where it stopped");
    }

    @Test
    void labFragmentationIsCutLeavingFlannel() {
        AnalysisView v = LabBundles.view("fragmentation");
        List<Finding> fs = mismatches(v);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        // both 1500-byte echo requests (before later fragments joined their datagram's journey, they used up the
        // flow's journeys and the second request had none: "1 packet")
        assertTrue(f.summary().contains("2 packets of up to 1500 bytes did not fit"), f.summary());
        Hop red = v.journey(f.journey()).orElseThrow().hops().get(f.hop());
        assertEquals("flannel.1", red.iface(), "the first interface out whose MTU is below the packet");
        assertEquals(Direction.OUT, red.direction());
    }

    @Test
    void labCalicoPodAt1500BehindTunl0At1480() {
        List<Finding> fs = mismatches(LabBundles.view("ipip-crafted"));
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().contains("has MTU 1500 (cali7d4fbe13e8b on node-a)"), f.summary());
        assertTrue(f.summary().contains("carries 1480"), f.summary());
        assertTrue(f.fix().startsWith("set the MTU of pod demo/mtu-client-7b9f6c5d8-q8wzt to 1480"), f.fix());
        assertTrue(f.evidence().contains("node-a ip-route.json: 10.244.1.0/26 dev tunl0"), f.evidence().toString());
    }

    /**
     * The lab's mtu-client keeps its 1500-byte veth in every scenario; where it sends nothing large, the mismatch is
     * only worth knowing (info), and the nodes whose pods all have 1450 (the normal Flannel setup) give nothing.
     */
    @Test
    void labBaselineOnlyKnowsOfTheLatentVeth() {
        List<Finding> fs = mismatches(LabBundles.view("baseline"));
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("node-a", f.node());
        assertTrue(f.summary().startsWith("on node-a, a pod's interface vethf7ada0fb has MTU 1500 but its packets can"
                + " leave with at most 1450"), f.summary());
        assertTrue(f.summary().contains("no larger packet was seen"), f.summary());
        for (String s : List.of("double-hop", "syn-no-endpoint", "hairpin")) {
            assertTrue(mismatches(LabBundles.view(s)).stream().allMatch(x -> x.severity() == Severity.INFO), s);
        }
    }

    // hand-built nodes

    private static String link(int index, String name, int mtu, String kind, String master, String vxlanOver) {
        StringBuilder b = new StringBuilder("{\"ifindex\":" + index + ",\"ifname\":\"" + name + "\",\"flags\":[\"UP\"],"
                + "\"mtu\":" + mtu + (master == null ? "" : ",\"master\":\"" + master + "\""));
        if (kind != null) {
            b.append(",\"linkinfo\":{\"info_kind\":\"").append(kind).append('"');
            if (vxlanOver != null) {
                b.append(",\"info_data\":{\"id\":1,\"port\":8472,\"link\":\"").append(vxlanOver).append("\"}");
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    private static final String FLANNEL_ROUTES = "[{\"dst\":\"default\",\"gateway\":\"192.168.50.1\",\"dev\":\"eth0\"},"
            + "{\"dst\":\"10.244.0.0/24\",\"dev\":\"cni0\",\"scope\":\"link\"},"
            + "{\"dst\":\"10.244.1.0/24\",\"gateway\":\"10.244.1.0\",\"dev\":\"flannel.1\",\"flags\":[\"onlink\"]}]";

    private static io.hoptrace.rules.model.NodeState flannelNode(String name, int eth0, int flannel, int... pods) {
        List<String> links = new ArrayList<>();
        links.add(link(2, "eth0", eth0, null, null, null));
        links.add(link(3, "cni0", flannel, "bridge", null, null));
        links.add(link(4, "flannel.1", flannel, "vxlan", null, "eth0"));
        for (int i = 0; i < pods.length; i++) {
            links.add(link(5 + i, "veth0000000" + i, pods[i], "veth", "cni0", null));
        }
        return NodeStates.parse(name, Map.of(NodeStates.IP_LINK, "[" + String.join(",", links) + "]",
                NodeStates.IP_ROUTE, FLANNEL_ROUTES)).state();
    }

    @Test
    void aNormalFlannelNodeGivesNothing() {
        AnalysisView v = AnalysisView.builder().node(flannelNode("n1", 1500, 1450, 1450, 1450))
                .node(flannelNode("n2", 1500, 1450, 1450)).build();
        assertEquals(List.of(), mismatches(v));
    }

    @Test
    void underlaySmallerThanTheTunnelNeeds() {
        AnalysisView v = AnalysisView.builder().node(flannelNode("n1", 1400, 1450, 1450)).build();
        List<Finding> fs = mismatches(v);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("n1's flannel.1 (VXLAN) has MTU 1450 but eth0 under it has 1400, which leaves 1350 after the 50"
                + " bytes VXLAN adds: full-size packets between pods on different nodes are fragmented or dropped on"
                + " the way", f.summary());
        assertTrue(f.fix().startsWith("set flannel.1's MTU to 1350 (eth0's 1400 minus 50)"), f.fix());
    }

    @Test
    void flannelMtusThatDifferBetweenNodes() {
        AnalysisView v = AnalysisView.builder().node(flannelNode("n1", 1500, 1450, 1450))
                .node(flannelNode("n2", 1500, 1450, 1450)).node(flannelNode("n3", 1450, 1400, 1400)).build();
        List<Finding> fs = mismatches(v);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().startsWith("flannel.1 has different MTUs on different nodes (1450 on n1, n2; 1400 on"
                + " n3)"), f.summary());
        assertTrue(f.fix().startsWith("give flannel.1 the same MTU on every node (1400"), f.fix());
        assertTrue(f.evidence().contains("n3 ip-link.json: flannel.1 mtu 1400 (vxlan id 1 port 8472 over eth0)"),
                f.evidence().toString());
    }

    @Test
    void anUnusedTunl0DoesNotLimitCalicoPods() {
        // Calico without encapsulation: the ipip module's tunl0 exists at 1480, but no route uses it
        String links = "[" + link(2, "eth0", 1500, null, null, null) + "," + link(3, "tunl0", 1480, "ipip", null, null)
                + "," + link(4, "cali0123456789a", 1500, "veth", null, null) + "]";
        String routes = "[{\"dst\":\"default\",\"gateway\":\"192.168.50.1\",\"dev\":\"eth0\"},"
                + "{\"dst\":\"10.244.0.10\",\"dev\":\"cali0123456789a\",\"scope\":\"link\"},"
                + "{\"dst\":\"10.244.1.0/26\",\"gateway\":\"192.168.50.12\",\"dev\":\"eth0\",\"protocol\":\"bird\"}]";
        AnalysisView v = AnalysisView.builder().node(NodeStates.parse("n1", Map.of(NodeStates.IP_LINK, links,
                NodeStates.IP_ROUTE, routes)).state()).build();
        assertEquals(List.of(), mismatches(v));
        String viaTunnel = routes.replace("\"gateway\":\"192.168.50.12\",\"dev\":\"eth0\"",
                "\"gateway\":\"192.168.50.12\",\"dev\":\"tunl0\"");
        AnalysisView used = AnalysisView.builder().node(NodeStates.parse("n1", Map.of(NodeStates.IP_LINK, links,
                NodeStates.IP_ROUTE, viaTunnel)).state()).build();
        List<Finding> fs = mismatches(used);
        assertEquals(1, fs.size(), fs.toString());
        assertEquals(Severity.INFO, fs.get(0).severity());
        assertTrue(fs.get(0).summary().contains("cali0123456789a (10.244.0.10) has MTU 1500 but its packets can leave"
                + " with at most 1480 (tunl0 1480)"), fs.get(0).summary());
    }

    @Test
    void nothingWithoutLinks() {
        assertEquals(List.of(), mismatches(AnalysisView.builder().node(
                io.hoptrace.rules.model.NodeState.empty("n1")).build()));
    }
}
