package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.decoders.state.ConntrackCpuStats;
import io.hoptrace.decoders.state.ConntrackStats;
import io.hoptrace.decoders.state.ConntrackStatsDelta;
import io.hoptrace.rules.catalog.StateEvidence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The intervals between {@code conntrack -S} samples in which some counters grew, summed: what the conntrack rules
 * report ("insert_failed +37, drop +12 between 16:12:57 and 16:12:59 (2 s)"). Intervals in which a counter went
 * back (reboot, module reload, a wrapped 32-bit counter) are left out: their change means nothing.
 */
record StatsGrowth(List<ConntrackStatsDelta> intervals) {
    /** Counters shown in the evidence of every conntrack finding. */
    static final List<String> SHOWN = List.of(ConntrackCpuStats.INSERT_FAILED, ConntrackCpuStats.DROP,
            ConntrackCpuStats.EARLY_DROP, ConntrackCpuStats.CLASH_RESOLVE, ConntrackCpuStats.INVALID);

    /** At most this many intervals go into the evidence. */
    static final int MAX_EVIDENCE_INTERVALS = 3;

    StatsGrowth {
        intervals = List.copyOf(intervals);
    }

    /** The intervals of {@code stats} that {@code grew} accepts; empty without stats. */
    static StatsGrowth of(ConntrackStats stats, Predicate<ConntrackStatsDelta> grew) {
        List<ConntrackStatsDelta> out = new ArrayList<>();
        if (stats != null) {
            for (ConntrackStatsDelta d : stats.deltas()) {
                if (d.wentBack().isEmpty() && grew.test(d)) {
                    out.add(d);
                }
            }
        }
        return new StatsGrowth(out);
    }

    boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** The summed growth of a counter over the intervals. */
    long change(String counter) {
        return intervals.stream().mapToLong(d -> d.change(counter)).sum();
    }

    /** True when some sample has the counter (older conntrack -S outputs lack clash_resolve). */
    boolean has(String counter) {
        return intervals.stream().anyMatch(d -> d.to().total(counter) >= 0);
    }

    /** The summed time of the intervals, or null when a sample has no time. */
    Duration elapsed() {
        Duration sum = Duration.ZERO;
        for (ConntrackStatsDelta d : intervals) {
            if (d.elapsed() == null) {
                return null;
            }
            sum = sum.plus(d.elapsed());
        }
        return sum;
    }

    /** {@code between 16:12:57 and 16:12:59 (2 s)}, or {@code between two samples} when they have no times. */
    String when() {
        ConntrackStatsDelta first = intervals.get(0);
        ConntrackStatsDelta last = intervals.get(intervals.size() - 1);
        if (first.from().time() == null || last.to().time() == null) {
            return intervals.size() == 1 ? "between two samples" : "over " + intervals.size() + " sample intervals";
        }
        Duration e = elapsed();
        return "between " + StateEvidence.clock(first.from().time()) + " and " + StateEvidence.clock(last.to().time())
                + " UTC (" + (intervals.size() > 1 ? "in " : "") + StateEvidence.duration(e) + ")";
    }

    /** {@code 18.5/s}, or "" without times. */
    String rate(String counter) {
        Duration e = elapsed();
        if (e == null || e.isZero() || e.isNegative()) {
            return "";
        }
        double r = change(counter) / (e.toNanos() / 1e9);
        return String.format(Locale.ROOT, r >= 10 ? "%.0f/s" : "%.1f/s", r);
    }

    /** {@code insert_failed +37, drop +12}: the counters of {@code names} that grew. */
    String grown(List<String> names) {
        List<String> parts = new ArrayList<>();
        for (String n : names) {
            long c = change(n);
            if (c > 0) {
                parts.add(n + " +" + c);
            }
        }
        return String.join(", ", parts);
    }

    /** The sample lines before and after each interval (the first few). */
    List<String> evidence(String node) {
        List<String> out = new ArrayList<>();
        for (ConntrackStatsDelta d : intervals.subList(0, Math.min(intervals.size(), MAX_EVIDENCE_INTERVALS))) {
            String from = StateEvidence.conntrackSample(node, d.from(), SHOWN);
            String to = StateEvidence.conntrackSample(node, d.to(), SHOWN);
            if (!out.contains(from)) {
                out.add(from);
            }
            out.add(to);
        }
        return out;
    }
}
