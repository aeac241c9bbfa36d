package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MssTooLargeRuleTest {
    @Test
    void labPodWithMtu1500AnnouncesMss1460OnThe1450Overlay() {
        AnalysisView v = LabBundles.view("mtu-blackhole");
        List<Finding> fs = LabBundles.findings(v, MssTooLargeRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().startsWith("pod demo/mtu-client-7b9f6c5d8-q8wzt (10.244.0.11) announces TCP MSS 1460 "
                + "in its SYN to service demo/web (10.96.88.10:80)"), f.summary());
        assertTrue(f.summary().contains("carries at most 1450 (MSS 1410)"), f.summary());
        assertTrue(f.summary().contains("the SYN-ACK's MSS 1410 fits"), f.summary());
        Hop narrow = v.journey(f.journey()).orElseThrow().hops().get(f.hop());
        assertEquals("node-a", narrow.node());
        assertEquals("flannel.1", narrow.iface(), "the first hop that carries only 1450");
        assertTrue(f.evidence().contains("node-a ip-link: flannel.1 mtu 1450"), f.evidence().toString());
        assertTrue(f.fix().startsWith("set the MTU of pod demo/mtu-client-7b9f6c5d8-q8wzt to 1450"), f.fix());
    }

    @Test
    void withoutLinkDataTheVxlanHeadersOnA1500UnderlaySayTheSame() {
        AnalysisView v = LabBundles.view(LabBundles.samples().resolve("mtu-blackhole/nodes/node-a/any.pcap"));
        List<Finding> fs = LabBundles.findings(v, MssTooLargeRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        assertTrue(fs.get(0).summary().contains("(vxlan, 50 bytes of tunnel headers on an assumed 1500-byte "
                + "underlay) carries at most 1450"), fs.get(0).summary());
        Journey j = v.journey(fs.get(0).journey()).orElseThrow();
        assertTrue(j.hops().get(fs.get(0).hop()).encapsulated());
    }

    @Test
    void podsWithTheOverlayMtuAndHostSessionsFit() {
        // double-hop: a client on the node network announces 1460 to a NodePort; the pod behind it answers 1410
        for (String s : new String[] {"baseline", "fragmentation", "conntrack-invalid", "bgp-down", "double-hop",
                "ipip-crafted"}) {
            assertTrue(LabBundles.findings(LabBundles.view(s), MssTooLargeRule.ID).isEmpty(), s);
        }
    }
}
