package io.hoptrace.decoders.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conntrack counters of one CPU, named as {@code conntrack -S} names them (found, invalid, ignore, insert,
 * insert_failed, drop, early_drop, error, search_restart, clash_resolve, chaintoolong). Rows of
 * {@code /proc/net/stat/nf_conntrack} are renamed to match (icmp_error is error, clashres is clash_resolve,
 * chainlength is chaintoolong) and add entries, searched, new, delete, delete_list and expect_*.
 *
 * @param cpu the cpu= number; for /proc rows, the row's position (the kernel prints one row per possible CPU)
 */
public record ConntrackCpuStats(int cpu, Map<String, Long> counters) {
    public static final String ENTRIES = "entries";
    public static final String FOUND = "found";
    public static final String INVALID = "invalid";
    public static final String IGNORE = "ignore";
    public static final String INSERT = "insert";
    public static final String INSERT_FAILED = "insert_failed";
    public static final String DROP = "drop";
    public static final String EARLY_DROP = "early_drop";
    public static final String ERROR = "error";
    public static final String SEARCH_RESTART = "search_restart";
    public static final String CLASH_RESOLVE = "clash_resolve";
    public static final String CHAIN_TOO_LONG = "chaintoolong";

    public ConntrackCpuStats {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** A counter's value, or -1 if this output does not have it. */
    public long counter(String name) {
        Long v = counters.get(name);
        return v == null ? -1 : v;
    }

    public long insertFailed() {
        return counter(INSERT_FAILED);
    }

    public long drop() {
        return counter(DROP);
    }

    public long earlyDrop() {
        return counter(EARLY_DROP);
    }

    public long invalid() {
        return counter(INVALID);
    }

    public long searchRestart() {
        return counter(SEARCH_RESTART);
    }

    public long clashResolve() {
        return counter(CLASH_RESOLVE);
    }
}
