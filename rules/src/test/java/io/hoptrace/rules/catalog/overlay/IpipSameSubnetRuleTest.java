package io.hoptrace.rules.catalog.overlay;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.TunnelPair;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpipSameSubnetRuleTest {
    private static AnalysisView tunnels(TunnelPair... t) {
        return AnalysisView.builder().tunnels(List.of(t)).build();
    }

    private static TunnelPair ipip(String src, String dst) {
        return new TunnelPair(Encap.IPIP, src, dst, 10, 200, 1000, new PacketRef("x.pcap", 1), "x.pcap", "-");
    }

    @Test
    void labCalicoAlwaysBetweenNodesOnOneSubnet() {
        AnalysisView v = LabBundles.view("ipip-crafted");
        List<Finding> fs = LabBundles.findings(v, IpipSameSubnetRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("node-a (192.168.50.11) and node-b (192.168.50.12) share 192.168.50.0/24, yet 12 packets between "
                + "their pods went in IP-in-IP (240 bytes of outer headers): Calico's CrossSubnet mode would route "
                + "them directly", f.summary());
        assertTrue(f.evidence().contains("node-a ip-addr: eth0 192.168.50.11/24"), f.evidence().toString());
        assertTrue(f.evidence().contains("node-a ip-link: tunl0 mtu 1480"), f.evidence().toString());
        assertTrue(f.fix().contains("ipipMode to CrossSubnet"), f.fix());
        Hop h = v.journey(f.journey()).orElseThrow().hops().get(f.hop());
        assertEquals(Encap.IPIP, h.encap().get(0).type());
    }

    @Test
    void withoutAddressesASlash24IsAssumed() {
        List<Finding> fs = LabBundles.findings(LabBundles.view(LabBundles.samples()
                .resolve("ipip-crafted/nodes/node-a/any.pcap")), IpipSameSubnetRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        assertTrue(fs.get(0).summary().startsWith("192.168.50.11 and 192.168.50.12 share 192.168.50.0/24 (assumed: no "
                + "ip-addr.json)"), fs.get(0).summary());
        assertTrue(LabBundles.findings(tunnels(ipip("10.0.1.5", "10.0.2.5")), IpipSameSubnetRule.ID).isEmpty());
        assertEquals(1, LabBundles.findings(tunnels(ipip("10.0.1.5", "10.0.1.9"), ipip("10.0.1.9", "10.0.1.5")),
                IpipSameSubnetRule.ID).size(), "both directions are one pair");
    }

    @Test
    void vxlanIsNotIpip() {
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), IpipSameSubnetRule.ID).isEmpty());
        assertTrue(LabBundles.findings(tunnels(new TunnelPair(Encap.VXLAN, "10.0.1.5", "10.0.1.9", 1, 50, 60,
                new PacketRef("x", 1), "x", "-")), IpipSameSubnetRule.ID).isEmpty());
    }

    @Test
    void networkClearsHostBits() {
        assertEquals("192.168.50.0/24", IpipSameSubnetRule.network("192.168.50.11/24"));
        assertEquals("10.128.0.0/9", IpipSameSubnetRule.network("10.200.3.4/9"));
    }
}
