package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.PcapTimes;
import io.hoptrace.ui.Samples;
import io.hoptrace.ui.model.analysis.Analysis;
import io.hoptrace.ui.model.analysis.Finding;
import io.hoptrace.ui.model.analysis.Hop;
import io.hoptrace.ui.model.analysis.Journey;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node clocks that disagree, in the window's analysis: the double-hop bundle with node-b's capture shifted 7.3 s
 * ahead (as cli's AnalyzeClockSkewTest does) gives the same findings and journey hops as the original, and a
 * message names the offset as {@code hoptrace analyze} prints it.
 */
class RulesAnalyzerClockTest {
    @TempDir
    Path tmp;

    @Test
    void sevenSecondsAheadIsCorrectedAndNamed() throws Exception {
        Loaded original = new Loaded(Samples.bundle("double-hop"));
        Analysis plain = analyse(original);
        Path shifted = PcapTimes.copy(Samples.bundle("double-hop"), tmp.resolve("double-hop"));
        PcapTimes.shift(shifted.resolve("nodes/node-b/any.pcap"), 7_300_000_000L);
        Loaded skewedLoad = new Loaded(shifted);
        Analysis skewed = analyse(skewedLoad);

        assertEquals(List.of(), plain.messages(), "one clock in the lab: nothing to say");
        // every node's clock is named, as analyze's text does once it corrected any (node-c shares too few packets)
        assertTrue(skewed.messages().stream().allMatch(m -> m.startsWith("clock: ")), skewed.messages().toString());
        assertTrue(skewed.messages().stream().anyMatch(m -> m.matches("clock: node-b's clock is 7\\.3\\d* s ahead of node-a "
                + "\\(from \\d+ packets seen on both\\); times corrected")), skewed.messages().toString());
        assertEquals(findings(original, plain), findings(skewedLoad, skewed));
        List<String> journeys = journeys(original, plain);
        assertTrue(journeys.stream().anyMatch(j -> j.contains("node-a/") && j.contains("node-b/")),
                "the sample has journeys across both nodes: " + journeys);
        assertEquals(journeys, journeys(skewedLoad, skewed));
    }

    private static Analysis analyse(Loaded l) {
        return new RulesAnalyzer().analyze(l.plan, l.index, l.cluster, () -> false);
    }

    /** A row named by what does not depend on the clocks: node and packet number in its file. */
    private static String packet(Loaded l, int row) {
        return row < 0 ? "?" : l.formatter.cell(row, Column.NODE) + "#" + l.index.numberInFile(row);
    }

    private static List<String> findings(Loaded l, Analysis a) {
        List<String> out = new ArrayList<>();
        for (Finding f : a.findings()) {
            out.add(f.ruleId() + " " + f.severity() + " " + f.summary() + " "
                    + Arrays.stream(f.rows()).mapToObj(r -> packet(l, r)).sorted().toList());
        }
        return out;
    }

    private static List<String> journeys(Loaded l, Analysis a) {
        Set<Journey> seen = new LinkedHashSet<>();
        for (int row = 0; row < l.index.count(); row++) {
            Journey j = a.journeyOf(row);
            if (j != null) {
                seen.add(j);
            }
        }
        List<String> out = new ArrayList<>();
        for (Journey j : seen) {
            StringBuilder s = new StringBuilder();
            for (Hop h : j.hops()) {
                s.append(h.node()).append('/').append(h.iface()).append(' ').append(packet(l, h.row()))
                        .append(h.delayNanos() < 0 ? " NEGATIVE" : "").append("; ");
            }
            out.add(s.toString());
        }
        out.sort(null);
        return out;
    }
}
