package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Hop;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynUnansweredRuleTest {
    private static Finding only(List<Finding> fs, String text) {
        List<Finding> m = fs.stream().filter(f -> f.summary().contains(text)).toList();
        assertEquals(1, m.size(), fs.toString());
        return m.get(0);
    }

    @Test
    void labHungEndpointSynsReachThePodAndAreNeverAnswered() {
        AnalysisView v = LabBundles.view("syn-no-endpoint");
        List<Finding> fs = LabBundles.findings(v, SynUnansweredRule.ID);
        assertEquals(2, fs.size(), fs.toString());
        Finding f = only(fs, "service demo/orders");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.summary().startsWith("4 SYNs from pod demo/client-5c7f8d9b4-k2xq7 (10.244.0.10) to service "
                + "demo/orders (10.96.77.30:80) in 3.1 s got no answer: node-a DNATs them to pod "
                + "demo/orders-5f6d7c8b9-r7tkx (10.244.2.10) on node-c"), f.summary());
        assertEquals("node-c", f.node());
        Hop stop = v.journey(f.journey()).orElseThrow().hops().get(f.hop());
        assertEquals("vethd4d23eca", stop.iface(), "the orders pod's interface, where the SYNs end");
        assertTrue(f.evidence().contains("node-a conntrack: tcp SYN_SENT src=10.244.0.10 dst=10.96.77.30 sport=40021 "
                + "dport=80 [UNREPLIED] src=10.244.2.10 dst=10.244.0.10 sport=8080 dport=40021"),
                f.evidence().toString());
        assertEquals(4, f.packets().size());
        assertTrue(f.fix().startsWith("check pod demo/orders-5f6d7c8b9-r7tkx on node-c: is it listening on port "
                + "8080"), f.fix());
    }

    @Test
    void labServiceWithoutEndpointsIsRejectedByKubeProxy() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("syn-no-endpoint"), SynUnansweredRule.ID);
        Finding f = only(fs, "has no endpoints");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.summary().startsWith("service demo/legacy (10.96.200.40:80) has no endpoints: kube-proxy on "
                + "node-a rejects SYNs from pod demo/client-5c7f8d9b4-k2xq7 (10.244.0.10) with ICMP port "
                + "unreachable"), f.summary());
        assertTrue(f.evidence().get(0).contains("-j REJECT --reject-with icmp-port-unreachable")
                && f.evidence().get(0).contains("[1 pkts]"), f.evidence().toString());
        assertTrue(f.fix().contains("kubernetes.io/service-name=legacy"), f.fix());
    }

    @Test
    void labNodePortWithoutLocalEndpointIsDroppedByKubeProxy() {
        Finding f = only(LabBundles.findings(LabBundles.view("double-hop"), SynUnansweredRule.ID), "web-local");
        assertTrue(f.summary().startsWith("3 SYNs from 192.168.50.100 to service demo/web-local (NodePort 30081 on "
                + "node-a"), f.summary());
        assertTrue(f.summary().endsWith("kube-proxy on node-a drops them, because the service has no endpoint on "
                + "node-a (externalTrafficPolicy: Local)"), f.summary());
        assertTrue(f.evidence().get(0).contains("has no local endpoints"), f.evidence().toString());
    }

    @Test
    void answeredConnectionsAndHairpinsAreNotUnanswered() {
        // ipvs-crafted: a first SYN is lost but its retransmission is answered; hairpin is nat.hairpin's
        for (String s : new String[] {"baseline", "hairpin", "ipvs-crafted", "conntrack-invalid", "mtu-blackhole"}) {
            assertTrue(LabBundles.findings(LabBundles.view(s), SynUnansweredRule.ID).isEmpty(), s);
        }
    }

    @Test
    void moreSynsThanSeenNeededForSilence() {
        AnalysisView v = LabBundles.withThresholds(LabBundles.view("syn-no-endpoint"),
                Map.of("conntrack.syn-unanswered.min-syns", "5"));
        List<Finding> fs = LabBundles.findings(v, SynUnansweredRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        assertTrue(fs.get(0).summary().contains("has no endpoints"), "a rejection needs no retransmission");
    }
}
