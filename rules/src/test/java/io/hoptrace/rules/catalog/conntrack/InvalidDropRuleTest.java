package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeStates;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvalidDropRuleTest {
    private static final String COUNTED = """
            *filter
            :FORWARD DROP [0:0]
            :KUBE-FORWARD - [0:0]
            [16:1338] -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
            [%s] -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
            [12:1020] -A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            COMMIT
            """;

    private static AnalysisView state(Map<String, String> files) {
        return AnalysisView.builder().node(NodeStates.parse("node-x", files).state()).build();
    }

    @Test
    void labSegmentsAcknowledgingUnseenDataStopAtNodeB() {
        AnalysisView v = LabBundles.view("conntrack-invalid");
        List<Finding> fs = LabBundles.findings(v, InvalidDropRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("node-b", f.node());
        assertTrue(f.summary().startsWith("node-b dropped 3 packets as conntrack INVALID (KUBE-FORWARD's ctstate "
                + "INVALID DROP counted 3, conntrack -S invalid grew by 3): 3 segments from pod "
                + "demo/web-7d4b9c6f8-abcde (10.244.1.10) port 8080 to pod demo/client-5c7f8d9b4-k2xq7 (10.244.0.10) "
                + "port 40031 came in on veth796c57f0 and cni0 and never left node-b"), f.summary());
        assertTrue(f.summary().endsWith("they acknowledge 99941 bytes 10.244.0.10 never sent"), f.summary());
        Journey j = v.journey(f.journey()).orElseThrow();
        Hop stop = j.hops().get(f.hop());
        assertEquals("cni0", stop.iface());
        assertEquals(0xbad0, j.packet().ipId(), "the first of the crafted segments");
        assertTrue(f.evidence().contains("node-b iptables: filter KUBE-FORWARD #1 [3 pkts]: -A KUBE-FORWARD -m "
                + "conntrack --ctstate INVALID -j DROP"), f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("node-b conntrack -S: invalid +3 (0 -> 3)")),
                f.evidence().toString());
        assertEquals(3, f.packets().size());
    }

    @Test
    void labBundlesWithoutInvalidDropsSayNothing() {
        for (String s : new String[] {"baseline", "syn-no-endpoint", "hairpin", "double-hop", "mtu-blackhole"}) {
            assertTrue(LabBundles.findings(LabBundles.view(s), InvalidDropRule.ID).isEmpty(), s);
        }
    }

    @Test
    void aCounterAloneIsEnoughWithoutCaptures() {
        List<Finding> fs = LabBundles.findings(state(Map.of("iptables-save.txt", COUNTED.formatted("7:560"))),
                InvalidDropRule.ID);
        assertEquals(1, fs.size());
        assertTrue(fs.get(0).summary().startsWith("node-x dropped 7 packets as conntrack INVALID"));
        assertTrue(fs.get(0).summary().endsWith("the captures do not show which packets"));
        assertEquals(null, fs.get(0).journey());
    }

    @Test
    void aZeroCounterOrNoCountersAndNoGrowthIsNothing() {
        assertTrue(LabBundles.findings(state(Map.of("iptables-save.txt", COUNTED.formatted("0:0"))),
                InvalidDropRule.ID).isEmpty());
        String plain = COUNTED.replaceAll("\\[[^]]*] ", "");
        String stats = """
                # time: 2026-11-21T16:13:17Z
                cpu=0 found=0 invalid=5 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0
                # time: 2026-11-21T16:13:27Z
                cpu=0 found=0 invalid=9 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0
                """;
        // invalid grows, but without counters and without packets seen stopping there is nothing to tie it to
        assertTrue(LabBundles.findings(state(Map.of("iptables-save.txt", plain, "conntrack-stats.txt", stats)),
                InvalidDropRule.ID).isEmpty());
        assertEquals(4, InvalidDropRule.invalidGrowth(NodeStates.parse("n", Map.of("conntrack-stats.txt", stats))
                .state()));
    }
}
