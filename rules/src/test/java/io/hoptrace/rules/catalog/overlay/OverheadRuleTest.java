package io.hoptrace.rules.catalog.overlay;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.TunnelPair;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverheadRuleTest {
    @Test
    void labTunnelsCountEachPacketOnce() {
        // tcpdump -nr baseline/nodes/node-a/any.pcap 'udp port 8472': 33 packets, each also seen on node-b
        List<TunnelPair> t = LabBundles.view("baseline").tunnels();
        assertEquals(2, t.size(), t.toString());
        assertEquals(33, t.stream().mapToLong(TunnelPair::packets).sum());
        assertEquals(33 * 50, t.stream().mapToLong(TunnelPair::tunnelBytes).sum(), "50 bytes of VXLAN per packet");
        assertTrue(t.stream().allMatch(x -> x.type().equals(Encap.VXLAN)));
    }

    @Test
    void labSmallPacketsMakeAHighShareOnceThereAreEnough() {
        AnalysisView v = LabBundles.view("baseline");
        assertTrue(LabBundles.findings(v, OverheadRule.ID).isEmpty(), "33 packets are below the default 1000");
        List<Finding> fs = LabBundles.findings(LabBundles.withThresholds(v,
                Map.of("overlay.overhead.min-packets", "10")), OverheadRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("VXLAN headers are 37% of the bytes between node-a (192.168.50.11) and node-b (192.168.50.12): "
                + "50 bytes on each of 33 packets whose own size averages 86 bytes (1,650 of 4,496 bytes)",
                f.summary());
        assertTrue(LabBundles.findings(LabBundles.withThresholds(v, Map.of("overlay.overhead.min-packets", "10",
                "overlay.overhead.share", "0.5")), OverheadRule.ID).isEmpty());
    }

    @Test
    void fullSizedPacketsAreBelowTheShare() {
        TunnelPair big = new TunnelPair(Encap.VXLAN, "10.0.0.1", "10.0.0.2", 5000, 5000 * 50, 5000 * 1450L,
                new PacketRef("x", 1), "x", "-");
        assertTrue(LabBundles.findings(AnalysisView.builder().tunnels(List.of(big)).build(), OverheadRule.ID)
                .isEmpty(), "3.3% of the bytes");
    }
}
