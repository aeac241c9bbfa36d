package io.hoptrace.cli.analyze;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Journey;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the three output formats draw from: the view, the findings (worst first) and the journeys to show. */
record Report(AnalysisView view, List<Finding> findings, List<String> ruleFailures, List<Journey> journeys) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Journeys the findings point to, then (with {@code all}) every kept journey, up to {@code cap}. */
    static Report of(AnalysisView v, RuleCatalog.Result r, boolean all, int cap) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (Finding f : r.findings()) {
            if (f.journey() != null) {
                ids.add(f.journey());
            }
        }
        List<Journey> shown = new ArrayList<>();
        for (Integer id : ids) {
            v.journey(id).ifPresent(shown::add);
        }
        if (all) {
            for (Journey j : v.journeys()) {
                if (shown.size() >= cap) {
                    break;
                }
                if (!ids.contains(j.id())) {
                    shown.add(j);
                }
            }
        }
        return new Report(v, r.findings(), r.ruleFailures(), shown);
    }

    long count(Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    /**
     * Why a hop's delay is negative, or null when it is not: the packet was seen before it left the previous hop,
     * which the clocks (uncorrected, or corrected by an estimate that does not fit this packet) or the capture's own
     * timestamp order explain. Shown, never clamped.
     */
    static String negativeDelay(Journey j, int hop) {
        if (hop <= 0 || j.hops().get(hop).delayMicros() >= 0) {
            return null;
        }
        String prev = j.hops().get(hop - 1).node();
        String node = j.hops().get(hop).node();
        return prev.equals(node) ? "seen before the previous hop on " + node + ": that capture's timestamps are out of "
                + "order" : "seen before it left " + prev + ": the clocks of " + prev + " and " + node + " disagree "
                + "by more than their correction";
    }

    static String time(long nanos) {
        return TIME.format(Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L));
    }
}
