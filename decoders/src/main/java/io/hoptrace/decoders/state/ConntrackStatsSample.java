package io.hoptrace.decoders.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of the per-CPU conntrack counters.
 *
 * @param time  when it was taken (the time line before it), or null if the file did not say
 * @param line  1-based line where the sample starts (its time line, header or first row)
 * @param label the words after the time on its time line ("start", "after the invalid segments"), or null
 */
public record ConntrackStatsSample(Instant time, int line, String label, List<ConntrackCpuStats> cpus) {
    public ConntrackStatsSample {
        cpus = List.copyOf(cpus);
        label = label == null || label.isBlank() ? null : label.strip();
    }

    public ConntrackStatsSample(Instant time, int line, List<ConntrackCpuStats> cpus) {
        this(time, line, null, cpus);
    }

    /**
     * Every counter summed over the CPUs, except entries, which the kernel repeats on every row (it is the
     * table's size, not a per-CPU count).
     */
    public Map<String, Long> totals() {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (ConntrackCpuStats c : cpus) {
            c.counters().forEach((k, v) -> sum.merge(k, v,
                    ConntrackCpuStats.ENTRIES.equals(k) ? Math::max : Long::sum));
        }
        return Collections.unmodifiableMap(sum);
    }

    /** One counter summed over the CPUs, or -1 if no CPU has it. */
    public long total(String name) {
        Long v = totals().get(name);
        return v == null ? -1 : v;
    }
}
