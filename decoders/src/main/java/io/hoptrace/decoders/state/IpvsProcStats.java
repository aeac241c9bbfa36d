package io.hoptrace.decoders.state;

import java.util.List;

/**
 * {@code /proc/net/ip_vs_stats}: IPVS totals since boot (connections, packets and bytes in and out) and the current
 * per-second rates, for all services together.
 *
 * @param totals null if the file had no readable totals row
 * @param rates  null if the file had no readable rates row
 */
public record IpvsProcStats(IpvsCounters totals, IpvsCounters rates, List<LineProblem> problems) {
    public IpvsProcStats {
        problems = List.copyOf(problems);
    }
}
