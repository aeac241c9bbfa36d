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

/**
 * {@code conntrack.insert-failed}: {@code conntrack -S} insert_failed growing between samples. Two packets of one
 * new flow, handled at the same time on two CPUs, each create a conntrack entry and only one can be inserted. The
 * classic case is DNS: glibc and musl send the A and AAAA queries together from one UDP socket, and with a Service
 * VIP both are DNATed, so one is lost and the lookup waits 5 s for a retry. Kernels since 5.0 resolve most of these
 * clashes (newer ones count them in clash_resolve); what they cannot resolve still grows insert_failed and drop.
 */
public final class InsertFailedRule implements Rule {
    public static final String ID = "conntrack.insert-failed";

    static final Threshold<Long> MIN = Threshold.ofLong("conntrack.insert-failed.min", 1,
            "growth of insert_failed (summed over CPUs) between two conntrack -S samples that is flagged");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "conntrack insert races (conntrack -S insert_failed growing): the UDP/DNS race behind 5 s lookups";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(MIN);
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        long min = v.thresholds().getLong(MIN);
        List<Finding> out = new ArrayList<>();
        for (NodeState n : v.nodes().values()) {
            StatsGrowth g = StatsGrowth.of(n.conntrackStats(),
                    d -> d.change(ConntrackCpuStats.INSERT_FAILED) >= Math.max(1, min));
            if (!g.isEmpty()) {
                out.add(finding(n, g));
            }
        }
        return out;
    }

    private static Finding finding(NodeState n, StatsGrowth g) {
        String node = n.name();
        long failed = g.change(ConntrackCpuStats.INSERT_FAILED);
        long drop = g.change(ConntrackCpuStats.DROP);
        String rate = g.rate(ConntrackCpuStats.INSERT_FAILED);
        StringBuilder summary = new StringBuilder("conntrack on ").append(node).append(" failed to insert ")
                .append(failed).append(failed == 1 ? " new connection " : " new connections ").append(g.when());
        if (!rate.isEmpty()) {
            summary.append(", ").append(rate);
        }
        summary.append(" (conntrack -S: ").append(g.grown(List.of(ConntrackCpuStats.INSERT_FAILED,
                ConntrackCpuStats.DROP, ConntrackCpuStats.EARLY_DROP))).append(")");
        summary.append(": two packets of one new flow raced to create the same entry, as the A and AAAA queries of a"
                + " DNS lookup sent together do");
        summary.append(drop > 0 ? "; the losers were dropped, and a lookup that loses one waits 5 s to retry"
                : "; a packet that loses the race is dropped, and a DNS lookup then waits 5 s to retry");
        if (g.has(ConntrackCpuStats.CLASH_RESOLVE) && g.change(ConntrackCpuStats.CLASH_RESOLVE) > 0) {
            summary.append(" (").append(g.change(ConntrackCpuStats.CLASH_RESOLVE))
                    .append(" other clashes were resolved: clash_resolve)");
        }
        String fix = "for DNS, run NodeLocal DNSCache (pods ask a cache on their node, whose traffic skips conntrack,"
                + " and it asks CoreDNS over TCP), or give the pods dnsConfig options single-request-reopen (glibc: A"
                + " and AAAA from different sockets) or use-vc (TCP); kernels 5.0 and later resolve most of these"
                + " clashes, so upgrade older nodes; if drop and early_drop grow while the table is nearly full, raise"
                + " net.netfilter.nf_conntrack_max too (conntrack.table-full)";
        Finding.Builder f = Finding.of(ID, drop > 0 ? Severity.ERROR : Severity.WARNING, summary.toString()).fix(fix)
                .node(node).object(ObjectRef.node(node)).dedupKey(node);
        g.evidence(node).forEach(f::evidence);
        if (n.sysctl() != null) {
            StateEvidence.sysctl(node, n.sysctl(), SysctlSettings.CONNTRACK_COUNT).ifPresent(f::evidence);
            StateEvidence.sysctl(node, n.sysctl(), SysctlSettings.CONNTRACK_MAX).ifPresent(f::evidence);
        }
        return f.build();
    }
}
