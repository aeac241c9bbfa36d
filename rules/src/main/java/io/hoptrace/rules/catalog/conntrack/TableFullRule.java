package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.decoders.state.ConntrackCpuStats;
import io.hoptrace.decoders.state.SysctlSettings;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.catalog.StateEvidence;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code conntrack.table-full}: every connection through a node (pod traffic, Service DNAT, NodePorts) needs an
 * entry in its conntrack table. When {@code nf_conntrack_count} reaches {@code nf_conntrack_max} the kernel first
 * evicts entries that never saw a reply ({@code early_drop}), then drops the first packet of new connections
 * ({@code drop}; "nf_conntrack: table full, dropping packet" in the kernel log). Flagged from sysctl.txt (how full it
 * is) and from {@code conntrack -S} samples: early_drop growing, or drop growing without insert_failed (a drop with
 * insert_failed is the insert race, {@code conntrack.insert-failed}).
 */
public final class TableFullRule implements Rule {
    public static final String ID = "conntrack.table-full";

    static final Threshold<Double> FILL = Threshold.ofDouble("conntrack.table-full.fill", 0.9,
            "share of nf_conntrack_max in use that is a warning");
    static final Threshold<Double> FULL = Threshold.ofDouble("conntrack.table-full.full", 1.0,
            "share of nf_conntrack_max in use that counts as full (an error: new connections are dropped)");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "conntrack table (nearly) full on a node: nf_conntrack_count near nf_conntrack_max, early_drop/drop"
                + " grow";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(FILL, FULL);
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        double warnAt = v.thresholds().getDouble(FILL);
        double fullAt = v.thresholds().getDouble(FULL);
        List<Finding> out = new ArrayList<>();
        for (NodeState n : v.nodes().values()) {
            SysctlSettings s = n.sysctl();
            OptionalLong count = s == null ? OptionalLong.empty() : s.conntrackCount();
            OptionalLong max = s == null ? OptionalLong.empty() : s.conntrackMax();
            double fill = count.isPresent() && max.isPresent() && max.getAsLong() > 0
                    ? count.getAsLong() / (double) max.getAsLong() : -1;
            StatsGrowth dropped = StatsGrowth.of(n.conntrackStats(), d -> d.change(ConntrackCpuStats.EARLY_DROP) > 0
                    || d.change(ConntrackCpuStats.DROP) > 0 && d.change(ConntrackCpuStats.INSERT_FAILED) <= 0);
            boolean full = fill >= fullAt;
            if (!full && fill < warnAt && dropped.isEmpty()) {
                continue;
            }
            Severity severity = full || !dropped.isEmpty() ? Severity.ERROR : Severity.WARNING;
            out.add(finding(n, severity, fill, full, count, max, dropped));
        }
        return out;
    }

    private static Finding finding(NodeState n, Severity severity, double fill, boolean full, OptionalLong count,
                                   OptionalLong max, StatsGrowth dropped) {
        String node = n.name();
        StringBuilder summary = new StringBuilder(node).append("'s conntrack table ");
        if (fill >= 0) {
            summary.append(full ? "is full" : "is " + percent(fill) + " full").append(" (")
                    .append(StateEvidence.count(count.getAsLong())).append(" of ")
                    .append(StateEvidence.count(max.getAsLong())).append(" entries)");
            summary.append(full ? ": the kernel drops the first packet of new connections through " + node
                    : ": when it fills, the kernel drops the first packet of new connections through " + node);
        } else {
            summary.append("ran full");
        }
        if (!dropped.isEmpty()) {
            summary.append(fill >= 0 ? "; " : " ").append("conntrack -S shows it ").append(dropped.when())
                    .append(": ").append(dropped.grown(List.of(ConntrackCpuStats.EARLY_DROP, ConntrackCpuStats.DROP)));
            long early = dropped.change(ConntrackCpuStats.EARLY_DROP);
            long drop = dropped.change(ConntrackCpuStats.DROP);
            List<String> meaning = new ArrayList<>();
            if (early > 0) {
                meaning.add(early + " unanswered " + (early == 1 ? "entry" : "entries") + " evicted to make room");
            }
            if (drop > 0) {
                meaning.add(drop + " " + (drop == 1 ? "packet" : "packets") + " dropped");
            }
            summary.append(" (").append(String.join(", ", meaning)).append(')');
        }
        String fix = "raise net.netfilter.nf_conntrack_max on " + node + " (kube-proxy sets it at start from"
                + " conntrack.maxPerCore x CPUs: raise that in its configuration, or set it to 0 and manage the sysctl"
                + " yourself) and net.netfilter.nf_conntrack_buckets with it, and find what holds so many entries"
                + " (conntrack -L, counted by source and destination); shorter timeouts for idle entries"
                + " (nf_conntrack_tcp_timeout_established, nf_conntrack_udp_timeout) free them sooner";
        Finding.Builder f = Finding.of(ID, severity, summary.toString()).fix(fix).node(node)
                .object(ObjectRef.node(node)).dedupKey(node);
        if (n.sysctl() != null) {
            StateEvidence.sysctl(node, n.sysctl(), SysctlSettings.CONNTRACK_COUNT).ifPresent(f::evidence);
            StateEvidence.sysctl(node, n.sysctl(), SysctlSettings.CONNTRACK_MAX).ifPresent(f::evidence);
            if (n.sysctl().value(SysctlSettings.CONNTRACK_MAX).isEmpty()) {
                StateEvidence.sysctl(node, n.sysctl(), SysctlSettings.CONNTRACK_MAX_LEGACY).ifPresent(f::evidence);
            }
            StateEvidence.sysctl(node, n.sysctl(), SysctlSettings.CONNTRACK_BUCKETS).ifPresent(f::evidence);
        }
        dropped.evidence(node).forEach(f::evidence);
        return f.build();
    }

    /** {@code 93%}, never rounded up to 100% when the table is not full. */
    private static String percent(double fill) {
        return String.format(Locale.ROOT, "%d%%", (long) Math.floor(fill * 100));
    }
}
