package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import io.hoptrace.ui.model.analysis.Analysis;
import io.hoptrace.ui.model.analysis.Finding;
import io.hoptrace.ui.model.analysis.Hop;
import io.hoptrace.ui.model.analysis.Journey;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import io.hoptrace.ui.model.filter.DisplayFilter;
import io.hoptrace.ui.model.filter.FilterContext;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules engine behind the Analyzer port, on the mtu-blackhole bundle (what `hoptrace analyze` reports). */
class RulesAnalyzerTest {
    private static Loaded l;
    private static Analysis a;

    @BeforeAll
    static void analyse() throws Exception {
        l = new Loaded(Samples.bundle("mtu-blackhole"));
        a = new RulesAnalyzer().analyze(l.plan, l.index, l.cluster, () -> false);
    }

    private static Finding finding(String rule) {
        return a.findings().stream().filter(f -> f.ruleId().equals(rule)).findFirst().orElseThrow();
    }

    /** The row of packet {@code number} of node-a's any.pcap. */
    private static int nodeA(int number) {
        for (int row = 0; row < l.index.count(); row++) {
            if (l.formatter.cell(row, Column.NODE).equals("node-a") && l.index.numberInFile(row) == number) {
                return row;
            }
        }
        throw new AssertionError("no packet " + number);
    }

    @Test
    void theBlackHoleAndTheFragmentationNeeded() {
        // the sample shows other findings too (mtu.mismatch, mtu.mss-too-large, ...); these two are its story
        List<String> ids = a.findings().stream().map(Finding::ruleId).toList();
        assertTrue(ids.containsAll(List.of("mtu.blackhole", "mtu.frag-needed")), ids.toString());
        assertEquals("mtu.blackhole", ids.get(0), "worst first");
        Finding hole = finding("mtu.blackhole");
        assertEquals(Severity.ERROR, hole.severity());
        assertTrue(hole.summary().startsWith("3 packets of 1500 bytes with DF from pod demo/mtu-client"), hole.summary());
        assertTrue(hole.fix().startsWith("set the MTU of pod demo/mtu-client-7b9f6c5d8-q8wzt to 1450"), hole.fix());
        // hoptrace analyze: packets nodes/node-a/any.pcap #27 #28 #31 #32 #35 #36
        int[] expected = {nodeA(27), nodeA(28), nodeA(31), nodeA(32), nodeA(35), nodeA(36)};
        java.util.Arrays.sort(expected);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(hole.rows()));
        assertTrue(hole.details().contains("evidence: node-a ip-link: flannel.1 mtu 1450"), hole.details().toString());
        Finding frag = finding("mtu.frag-needed");
        assertEquals(Severity.WARNING, frag.severity());
        assertEquals(Severity.ERROR, a.severity(nodeA(28)));
        assertEquals(Severity.NONE, a.severity(nodeA(1)));
    }

    @Test
    void theFindingsJourneyStopsRedAtCni0() {
        Finding hole = finding("mtu.blackhole");
        Journey j = a.journeyOf(hole.focusRow());
        assertNotNull(j, "the focused packet has a journey");
        assertEquals(List.of("vethf7ada0fb in", "cni0 in"), j.hops().stream().map(Hop::iface).toList());
        assertEquals(List.of("node-a"), j.nodes());
        Hop last = j.hops().get(1);
        assertEquals(hole.focusRow(), last.row());
        assertEquals(Severity.ERROR, last.severity());
        assertEquals(hole.summary(), last.finding());
        assertEquals("", j.hops().get(0).finding());
        assertTrue(j.title().startsWith("ICMP echo request 10.244.0.11 \u2192 10.244.1.10, 1500 bytes, DF"), j.title());
        assertTrue(j.objects().contains("pod demo/mtu-client-7b9f6c5d8-q8wzt"), j.objects().toString());
        assertTrue(last.delayNanos() > 0);
    }

    @Test
    void aHealthyPingCrossesBothNodesInVxlan() {
        // the first small ping's request: seen on 8 interfaces of node-a and node-b
        int row = l.find(Column.INFO, "ICMP echo request, id 1001, seq 1");
        Journey j = a.journeyOf(row);
        assertNotNull(j);
        assertEquals(List.of("node-a", "node-b"), j.nodes());
        assertTrue(j.hops().size() >= 6, j.hops().toString());
        assertTrue(j.hops().stream().anyMatch(h -> h.encapsulation().startsWith("VXLAN 1 node-a \u2192 node-b")),
                j.hops().toString());
        for (Hop h : j.hops()) {
            assertEquals(j, a.journeyOf(h.row()));
            assertEquals("", h.finding());
        }
    }

    @Test
    void serviceTrafficShowsTheDnat() {
        int row = l.find(Column.INFO, "40011 \u2192 80 Flags [S]");
        Journey j = a.journeyOf(row);
        assertNotNull(j);
        assertTrue(j.hops().stream().anyMatch(h -> h.nat().startsWith("DNAT 10.96.88.10:80 \u2192 10.244.1.10:8080")),
                j.hops().toString());
    }

    @Test
    void ruleFiltersSeeTheFindings() throws Exception {
        var ctx = new FilterContext(l.index, l.cluster, a);
        int n = 0;
        var p = DisplayFilter.compile("rule == mtu.blackhole").bind(ctx);
        for (int row = 0; row < l.index.count(); row++) {
            n += p.test(row) ? 1 : 0;
        }
        assertEquals(6, n, "packets #27 #28 #31 #32 #35 #36 of node-a");
        var family = DisplayFilter.compile("rule == mtu").bind(ctx);
        int m = 0;
        for (int row = 0; row < l.index.count(); row++) {
            m += family.test(row) ? 1 : 0;
        }
        assertTrue(m > n, "a family prefix matches every mtu.* finding: " + m);
    }
}
