package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.node;
import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.sample;
import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.sysctl;
import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableFullRuleTest {
    private static List<Finding> run(AnalysisView v) {
        return RuleCatalog.standard().only(List.of(TableFullRule.ID)).evaluate(v).findings();
    }

    @Test
    void nearlyFullIsAWarningWithTheSysctlLines() {
        List<Finding> fs = run(view(node("node-a", sysctl(240_000, 262_144), null)));
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("node-a's conntrack table is 91% full (240,000 of 262,144 entries): when it fills, the kernel"
                + " drops the first packet of new connections through node-a", f.summary());
        assertTrue(f.fix().startsWith("raise net.netfilter.nf_conntrack_max on node-a"), f.fix());
        assertEquals(List.of("node-a sysctl.txt:4: net.netfilter.nf_conntrack_count = 240000",
                "node-a sysctl.txt:5: net.netfilter.nf_conntrack_max = 262144",
                "node-a sysctl.txt:3: net.netfilter.nf_conntrack_buckets = 65536"), f.evidence());
        assertEquals("node-a", f.dedupKey());
    }

    @Test
    void fullIsAnError() {
        Finding f = run(view(node("node-a", sysctl(262_144, 262_144), null))).get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.summary().startsWith("node-a's conntrack table is full (262,144 of 262,144 entries): the kernel"
                + " drops the first packet of new connections"), f.summary());
    }

    @Test
    void earlyDropAndDropGrowingBetweenSamples() {
        String stats = sample("2026-11-21T16:12:57.142Z", "start", 0, 0, 0, 0)
                + sample("2026-11-21T16:12:59.342Z", "end", 0, 3, 12, 0);
        Finding f = run(view(node("node-b", sysctl(1000, 262_144), stats))).get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.summary().contains("conntrack -S shows it between 16:12:57 and 16:12:59 UTC (2.2 s):"
                + " early_drop +12, drop +3 (12 unanswered entries evicted to make room, 3 packets dropped)"),
                f.summary());
        assertTrue(f.evidence().contains("node-b conntrack-stats.txt:1 (2026-11-21T16:12:57.142Z start):"
                + " insert_failed=0 drop=0 early_drop=0 clash_resolve=0 invalid=0"), f.evidence().toString());
        assertTrue(f.evidence().contains("node-b conntrack-stats.txt:4 (2026-11-21T16:12:59.342Z end):"
                + " insert_failed=0 drop=3 early_drop=12 clash_resolve=0 invalid=0"), f.evidence().toString());
    }

    @Test
    void dropWithInsertFailedIsTheRaceNotAFullTable() {
        String stats = sample("2026-11-21T16:12:57Z", "start", 0, 0, 0, 0)
                + sample("2026-11-21T16:12:59Z", "end", 4, 4, 0, 0);
        assertEquals(List.of(), run(view(node("node-b", sysctl(1000, 262_144), stats))));
    }

    @Test
    void thresholdsAreOverridable() {
        AnalysisView v = AnalysisView.builder().node(node("node-a", sysctl(200_000, 262_144), null))
                .thresholds(RuleCatalog.standard().thresholds(Map.of("conntrack.table-full.fill", "0.75"))).build();
        assertEquals(Severity.WARNING, run(v).get(0).severity());
        assertEquals(List.of(), run(view(node("node-a", sysctl(200_000, 262_144), null))));
    }

    @Test
    void labNodesAreFarFromFull() {
        for (String s : List.of("baseline", "conntrack-invalid", "syn-no-endpoint")) {
            assertEquals(List.of(), LabBundles.findings(LabBundles.view(s), TableFullRule.ID), s);
        }
    }

    @Test
    void nothingWithoutState() {
        assertEquals(List.of(), run(view(node("node-a", null, null))));
        assertEquals(List.of(), run(view(node("node-a", "net.netfilter.nf_conntrack_count = 5\n", null))));
    }
}
