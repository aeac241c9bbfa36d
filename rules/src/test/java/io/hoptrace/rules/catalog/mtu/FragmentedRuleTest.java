package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.decoders.SharedData;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FragmentedRuleTest {
    @Test
    void labFragmentationIsCutAtFlannelOnBothNodes() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("fragmentation"), FragmentedRule.ID);
        assertEquals(2, fs.size(), fs.toString());
        Finding request = fs.stream().filter(f -> "node-a".equals(f.node())).findFirst().orElseThrow();
        assertEquals(Severity.WARNING, request.severity());
        assertTrue(request.summary().contains("fragmented at node-a flannel.1 (MTU 1450)"), request.summary());
        assertTrue(request.summary().contains("pod demo/mtu-client"), request.summary());
        assertTrue(request.fix().contains("1450"), request.fix());
        assertTrue(request.evidence().contains("node-a ip-link: flannel.1 mtu 1450"));
        assertTrue(fs.stream().anyMatch(f -> f.summary().contains("fragmented at node-b flannel.1")));
        assertTrue(request.hop() > 0, "the hop after the last whole sighting");
    }

    @Test
    void healthyBaselineHasNoFragments() {
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), FragmentedRule.ID).isEmpty());
        assertTrue(LabBundles.findings(LabBundles.view("mtu-blackhole"), FragmentedRule.ID).isEmpty(),
                "DF packets are refused, not fragmented");
    }

    @Test
    void sharedFragmentCaptures() {
        for (String f : List.of("pcap/tcpdump/afs.pcap",
                "pcap/suricata-verify/exception-policy-defrag-01_ipv4frags.pcap",
                "pcap/suricata-verify/bug-6887-defrag-ipv4-tcp-syn_frag-ip-tcp-syn.pcap")) {
            List<Finding> fs = LabBundles.findings(LabBundles.view(SharedData.file(f)), FragmentedRule.ID);
            assertFalse(fs.isEmpty(), f);
            assertTrue(fs.get(0).summary().contains("arrive fragmented"), fs.get(0).summary());
        }
    }

    @Test
    void unfragmentedCaptureHasNone() {
        assertTrue(LabBundles.findings(LabBundles.view(SharedData.file("pcap/tcpdump/bgp-4byte-asn.pcap")),
                FragmentedRule.ID).isEmpty());
    }
}
