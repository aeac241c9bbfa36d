package io.hoptrace.decoders.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the summed counters changed between two samples. The rules flag {@link #growing()}: insert_failed (the UDP
 * insert race behind 5 s DNS delays), drop and early_drop (a full table).
 *
 * @param elapsed null unless both samples have a time
 * @param change  to minus from, per counter both samples have
 */
public record ConntrackStatsDelta(ConntrackStatsSample from, ConntrackStatsSample to, Duration elapsed,
                                  Map<String, Long> change) {
    /** The counters whose growth means packets were lost to conntrack. */
    public static final List<String> ALARMING = List.of(ConntrackCpuStats.INSERT_FAILED, ConntrackCpuStats.DROP,
            ConntrackCpuStats.EARLY_DROP);

    public ConntrackStatsDelta {
        change = Collections.unmodifiableMap(new LinkedHashMap<>(change));
    }

    static ConntrackStatsDelta between(ConntrackStatsSample from, ConntrackStatsSample to) {
        Map<String, Long> a = from.totals();
        Map<String, Long> b = to.totals();
        Map<String, Long> change = new LinkedHashMap<>();
        b.forEach((k, v) -> {
            Long before = a.get(k);
            if (before != null) {
                change.put(k, v - before);
            }
        });
        Duration elapsed = from.time() != null && to.time() != null ? Duration.between(from.time(), to.time()) : null;
        return new ConntrackStatsDelta(from, to, elapsed, change);
    }

    /** The change of one counter, or 0 if a sample lacks it. */
    public long change(String name) {
        return change.getOrDefault(name, 0L);
    }

    /** Of insert_failed, drop and early_drop, those that grew. */
    public List<String> growing() {
        List<String> out = new ArrayList<>();
        for (String name : ALARMING) {
            if (change(name) > 0) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Counters (not the entries gauge) that went down: the node rebooted, conntrack was reloaded, or a 32-bit
     * per-CPU counter wrapped. Their change says nothing about the interval.
     */
    public List<String> wentBack() {
        List<String> out = new ArrayList<>();
        change.forEach((k, v) -> {
            if (v < 0 && !ConntrackCpuStats.ENTRIES.equals(k)) {
                out.add(k);
            }
        });
        return out;
    }

    /** A counter's change per second, or NaN without an elapsed time. */
    public double perSecond(String name) {
        if (elapsed == null || elapsed.isZero() || elapsed.isNegative()) {
            return Double.NaN;
        }
        return change(name) / (elapsed.toNanos() / 1e9);
    }
}
