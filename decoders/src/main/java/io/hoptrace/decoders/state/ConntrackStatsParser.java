package io.hoptrace.decoders.state;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads conntrack counters: {@code conntrack -S} (old layout with ignore=, new layout with clash_resolve= and
 * chaintoolong=, trailing spaces, a tab after cpu=N) and {@code /proc/net/stat/nf_conntrack} (a header naming the
 * columns, "searched" or "clashres" variants, then one row of hex numbers per CPU).
 *
 * <p>A file can hold several samples so the rules can see counters grow. The snapshot writer puts a time line
 * before each sample:
 * <pre>
 * # time: 2026-11-21T15:04:05Z
 * cpu=0   found=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0
 * ...
 * # time: 2026-11-21T15:04:15Z
 * ...
 * </pre>
 * The time is ISO-8601 with Z or an offset, or seconds since the epoch ({@code # time: 1763737445.5}). A bare
 * {@code date -Is} / {@code date -Ins} line or a bare {@code date +%s} line is accepted as a time line too, so a
 * person can make the file with {@code date -Is; conntrack -S} in a loop. Without time lines, a sample ends when a
 * CPU repeats or a new /proc header starts. The hoptrace lab writes {@code # 2026-11-21T16:12:57.142Z start}: a
 * comment whose first word is an ISO-8601 time is a time line too, and the words after it are the sample's label.
 * Other lines starting with # are comments.
 */
public final class ConntrackStatsParser {
    public static final String TIME_PREFIX = "# time:";

    /** /proc column names that conntrack -S calls otherwise. */
    private static final Map<String, String> PROC_RENAMES = Map.of(
            "icmp_error", ConntrackCpuStats.ERROR,
            "clashres", ConntrackCpuStats.CLASH_RESOLVE,
            "chainlength", ConntrackCpuStats.CHAIN_TOO_LONG);

    private final List<ConntrackStatsSample> samples = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();
    private List<String> procColumns;
    // the sample being read
    private Instant time;
    private String label;
    private int startLine;
    private String startText;
    private final List<ConntrackCpuStats> cpus = new ArrayList<>();
    private final Set<Integer> seenCpus = new HashSet<>();

    private ConntrackStatsParser() {
    }

    public static ConntrackStats parse(String text) {
        ConntrackStatsParser p = new ConntrackStatsParser();
        for (StateLineReader r = new StateLineReader(text); r.next(); ) {
            try {
                p.line(r.number(), r.line());
            } catch (UnreadableLine e) {
                p.problems.add(new LineProblem(r.number(), r.line(), e.getMessage()));
            }
        }
        p.close();
        return new ConntrackStats(p.samples, p.problems);
    }

    private void line(int number, String line) throws UnreadableLine {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        Instant t = timeOf(trimmed);
        String lab = null;
        if (t == null) {
            Labelled l = labelledTime(trimmed);
            if (l != null) {
                t = l.time;
                lab = l.label;
            }
        }
        if (t != null) {
            close();
            time = t;
            label = lab;
            startLine = number;
            startText = line;
            return;
        }
        if (trimmed.startsWith("#")) {
            if (trimmed.regionMatches(true, 0, TIME_PREFIX, 0, TIME_PREFIX.length())) {
                throw new UnreadableLine("time line whose time is neither ISO-8601 with an offset nor epoch seconds");
            }
            return;
        }
        if (trimmed.startsWith("entries ")) {
            if (!cpus.isEmpty()) {
                close();
            }
            procColumns = new ArrayList<>();
            for (String c : StateLines.tokens(trimmed)) {
                procColumns.add(PROC_RENAMES.getOrDefault(c, c));
            }
            begin(number, line);
            return;
        }
        if (trimmed.startsWith("cpu=")) {
            cpuLine(number, line, StateLines.tokens(trimmed));
            return;
        }
        procRow(number, line, StateLines.tokens(trimmed));
    }

    private void cpuLine(int number, String line, List<String> t) throws UnreadableLine {
        Map<String, Long> counters = new LinkedHashMap<>();
        int cpu = -1;
        for (String w : t) {
            int eq = w.indexOf('=');
            long v = eq > 0 ? StateLines.unsignedDecimal(w.substring(eq + 1)) : -1;
            if (v < 0) {
                throw new UnreadableLine("'" + w + "' is not name=number");
            }
            String name = w.substring(0, eq);
            if (name.equals("cpu")) {
                cpu = (int) Math.min(v, Integer.MAX_VALUE);
            } else if (counters.put(name, v) != null) {
                throw new UnreadableLine(name + "= twice on one line");
            }
        }
        if (seenCpus.contains(cpu)) {
            close(); // a new sample without a time line
        }
        begin(number, line);
        seenCpus.add(cpu);
        cpus.add(new ConntrackCpuStats(cpu, counters));
    }

    private void procRow(int number, String line, List<String> t) throws UnreadableLine {
        if (procColumns == null) {
            throw new UnreadableLine("not conntrack -S output, and no /proc/net/stat/nf_conntrack header names"
                    + " these columns");
        }
        if (t.size() != procColumns.size()) {
            throw new UnreadableLine(t.size() + " columns where the header names " + procColumns.size());
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int k = 0; k < t.size(); k++) {
            long v = StateLines.unsignedHex(t.get(k));
            if (v < 0) {
                throw new UnreadableLine("'" + t.get(k) + "' is not a hex number");
            }
            counters.put(procColumns.get(k), v);
        }
        begin(number, line);
        int cpu = cpus.size();
        seenCpus.add(cpu);
        cpus.add(new ConntrackCpuStats(cpu, counters));
    }

    private void begin(int number, String line) {
        if (startLine == 0) {
            startLine = number;
            startText = line;
        }
    }

    private void close() {
        if (!cpus.isEmpty()) {
            samples.add(new ConntrackStatsSample(time, startLine, label, cpus));
        } else if (time != null) {
            problems.add(new LineProblem(startLine, startText, "time line with no counters after it"));
        }
        cpus.clear();
        seenCpus.clear();
        time = null;
        label = null;
        startLine = 0;
        startText = null;
    }

    private record Labelled(Instant time, String label) {
    }

    /** {@code # 2026-11-21T16:12:57.142Z start}: an ISO-8601 time first after the #, then an optional label. */
    private static Labelled labelledTime(String trimmed) {
        if (!trimmed.startsWith("#")) {
            return null;
        }
        String rest = trimmed.substring(1).strip();
        if (rest.isEmpty() || !Character.isDigit(rest.charAt(0))) {
            return null;
        }
        int sp = rest.indexOf(' ');
        String first = sp < 0 ? rest : rest.substring(0, sp);
        if (first.indexOf('T') < 0) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(first.replace(',', '.')).toInstant();
            return new Labelled(t, sp < 0 ? null : rest.substring(sp + 1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The time of a time line ("# time: ...", a bare date -Is or epoch line), or null if it is none. */
    static Instant timeOf(String trimmed) {
        String value;
        boolean prefixed = trimmed.regionMatches(true, 0, TIME_PREFIX, 0, TIME_PREFIX.length());
        if (prefixed) {
            value = trimmed.substring(TIME_PREFIX.length()).strip();
        } else if (!trimmed.isEmpty() && Character.isDigit(trimmed.charAt(0)) && trimmed.indexOf(' ') < 0
                && trimmed.indexOf('=') < 0) {
            value = trimmed;
        } else {
            return null;
        }
        if (value.indexOf('T') > 0) {
            try {
                // date -Ins writes a comma before the fraction
                return OffsetDateTime.parse(value.replace(',', '.')).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Instant epoch = StateLines.epochSeconds(value);
        int wholeDigits = value.indexOf('.') < 0 ? value.length() : value.indexOf('.');
        // a bare number is only a time when it is long enough to be one (date +%s has had 10 digits since 2001)
        return epoch != null && (prefixed || wholeDigits >= 9) ? epoch : null;
    }
}
