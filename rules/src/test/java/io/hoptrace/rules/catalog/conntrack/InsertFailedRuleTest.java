package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.decoders.SharedData;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Severity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.node;
import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.sample;
import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.sysctl;
import static io.hoptrace.rules.catalog.conntrack.ConntrackStates.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InsertFailedRuleTest {
    private static List<Finding> run(AnalysisView v) {
        return RuleCatalog.standard().only(List.of(InsertFailedRule.ID)).evaluate(v).findings();
    }

    @Test
    void insertFailedWithDropsIsAnErrorWithTheSampleTimes() {
        String stats = sample("2026-11-21T16:12:57Z", "start", 0, 0, 0, 5)
                + sample("2026-11-21T16:12:59Z", "middle", 30, 30, 0, 9)
                + sample("2026-11-21T16:13:01Z", "end", 37, 37, 0, 9);
        List<Finding> fs = run(view(node("node-a", sysctl(1000, 262_144), stats)));
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.summary().startsWith("conntrack on node-a failed to insert 37 new connections between 16:12:57"
                + " and 16:13:01 UTC (in 4 s), 9.3/s (conntrack -S: insert_failed +37, drop +37)"), f.summary());
        assertTrue(f.summary().contains("the losers were dropped, and a lookup that loses one waits 5 s"), f.summary());
        assertTrue(f.summary().contains("(4 other clashes were resolved: clash_resolve)"), f.summary());
        assertTrue(f.fix().contains("NodeLocal DNSCache"), f.fix());
        assertTrue(f.fix().contains("single-request-reopen"), f.fix());
        assertTrue(f.fix().contains("kernels 5.0 and later"), f.fix());
        assertTrue(f.fix().contains("nf_conntrack_max"), f.fix());
        assertEquals(List.of(
                "node-a conntrack-stats.txt:1 (2026-11-21T16:12:57Z start): insert_failed=0 drop=0 early_drop=0"
                        + " clash_resolve=5 invalid=0",
                "node-a conntrack-stats.txt:4 (2026-11-21T16:12:59Z middle): insert_failed=30 drop=30 early_drop=0"
                        + " clash_resolve=9 invalid=0",
                "node-a conntrack-stats.txt:7 (2026-11-21T16:13:01Z end): insert_failed=37 drop=37 early_drop=0"
                        + " clash_resolve=9 invalid=0",
                "node-a sysctl.txt:4: net.netfilter.nf_conntrack_count = 1000",
                "node-a sysctl.txt:5: net.netfilter.nf_conntrack_max = 262144"), f.evidence());
    }

    @Test
    void insertFailedAloneIsAWarning() {
        String stats = sample("2026-11-21T16:12:57Z", "start", 2, 0, 0, 0)
                + sample("2026-11-21T16:12:58Z", "end", 3, 0, 0, 0);
        Finding f = run(view(node("node-a", null, stats))).get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().startsWith("conntrack on node-a failed to insert 1 new connection between 16:12:57 and"
                + " 16:12:58 UTC (1 s), 1.0/s"), f.summary());
    }

    @Test
    void aRebootBetweenSamplesIsNotGrowth() {
        String stats = sample("2026-11-21T16:12:57Z", "start", 500, 9, 0, 0)
                + sample("2026-11-21T16:20:00Z", "after reboot", 3, 0, 0, 0);
        assertEquals(List.of(), run(view(node("node-a", null, stats))));
    }

    @Test
    void aRealConntrackSOutputGrowing() throws Exception {
        // telegraf#8955: 8 CPUs of the older format, insert_failed non-zero on cpu=7; the same output taken twice,
        // the second time with cpu=7's insert_failed and drop 5 higher
        String real = Files.readString(
                SharedData.file("conntrack/issue_telegraf-8955_conntrack-S_old-format_with-ignore.txt"));
        String later = real.lines().map(l -> l.startsWith("cpu=7") ? grow(grow(l, "insert_failed", 5), "drop", 5) : l)
                .reduce("", (a, b) -> a + b + "\n");
        String stats = "# time: 2021-03-01T10:00:00Z\n" + real + "# time: 2021-03-01T10:00:10Z\n" + later;
        Finding f = run(view(node("node-x", null, stats))).get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.summary().contains("insert_failed +5, drop +5"), f.summary());
        assertTrue(f.summary().contains("between 10:00:00 and 10:00:10 UTC (10 s)"), f.summary());
    }

    private static String grow(String line, String counter, long by) {
        StringBuilder out = new StringBuilder();
        for (String w : line.split(" ")) {
            if (w.startsWith(counter + "=")) {
                w = counter + "=" + (Long.parseLong(w.substring(counter.length() + 1)) + by);
            }
            out.append(out.length() > 0 ? " " : "").append(w);
        }
        return out.toString();
    }

    @Test
    void labBundlesDoNotGrowInsertFailed() {
        // conntrack-invalid grows invalid (+3 on node-b), which is not an insert race
        for (String s : List.of("baseline", "conntrack-invalid", "syn-no-endpoint")) {
            assertEquals(List.of(), LabBundles.findings(LabBundles.view(s), InsertFailedRule.ID), s);
        }
    }

    @Test
    void oneSampleSaysNothing() {
        assertEquals(List.of(), run(view(node("node-a", null, sample("2026-11-21T16:12:57Z", "start", 9, 9, 9, 0)))));
    }
}
