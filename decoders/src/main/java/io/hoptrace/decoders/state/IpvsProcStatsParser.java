package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /proc/net/ip_vs_stats}: two header lines, a row of five hex totals, a blank line, a header and a row
 * of five hex rates (the kernel prints every number in hex without 0x).
 */
public final class IpvsProcStatsParser {
    private IpvsProcStatsParser() {
    }

    public static IpvsProcStats parse(String text) {
        List<LineProblem> problems = new ArrayList<>();
        IpvsCounters totals = null;
        IpvsCounters rates = null;
        for (StateLineReader r = new StateLineReader(text); r.next(); ) {
            String line = r.line();
            int number = r.number();
            List<String> t = StateLines.tokens(line);
            if (t.isEmpty() || isHeader(t)) {
                continue;
            }
            long[] n = new long[5];
            boolean ok = t.size() == 5;
            for (int k = 0; ok && k < 5; k++) {
                n[k] = StateLines.unsignedHex(t.get(k));
                ok = n[k] >= 0;
            }
            if (!ok) {
                problems.add(new LineProblem(number, line, "expected five hex numbers"));
            } else if (totals == null) {
                totals = new IpvsCounters(n[0], n[1], n[2], n[3], n[4], false);
            } else if (rates == null) {
                rates = new IpvsCounters(n[0], n[1], n[2], n[3], n[4], false);
            } else {
                problems.add(new LineProblem(number, line, "a third row of numbers (totals and rates were read)"));
            }
        }
        return new IpvsProcStats(totals, rates, problems);
    }

    private static boolean isHeader(List<String> t) {
        for (String w : t) {
            if (w.equals("Conns") || w.equals("Total") || w.equals("Conns/s") || w.equals("Pkts/s")) {
                return true;
            }
        }
        return false;
    }
}
