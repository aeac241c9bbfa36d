package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.model.NodeState;
import io.hoptrace.rules.model.NodeStates;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-built node state for the conntrack rules: sysctl.txt and conntrack-stats.txt texts. */
final class ConntrackStates {
    // conntrack -S of conntrack-tools 1.4.7: a tab after cpu=N, a space at the end
    private static final String ROW = "cpu=%d   \tfound=0 invalid=0 insert=0 insert_failed=%d drop=%d early_drop=%d"
            + " error=0 search_restart=0 clash_resolve=%d chaintoolong=0 \n";

    private ConntrackStates() {
    }

    /** One sample as the lab writes it: a time line with a label, then two CPUs (all counts on cpu 1). */
    static String sample(String time, String label, long insertFailed, long drop, long earlyDrop, long clash) {
        return "# " + time + " " + label + "\n" + String.format(ROW, 0, 0L, 0L, 0L, 0L)
                + String.format(ROW, 1, insertFailed, drop, earlyDrop, clash);
    }

    static String sysctl(long count, long max) {
        return "net.core.somaxconn = 4096\n"
                + "net.ipv4.ip_forward = 1\n"
                + "net.netfilter.nf_conntrack_buckets = 65536\n"
                + "net.netfilter.nf_conntrack_count = " + count + "\n"
                + "net.netfilter.nf_conntrack_max = " + max + "\n";
    }

    static NodeState node(String name, String sysctl, String stats) {
        Map<String, String> files = new LinkedHashMap<>();
        if (sysctl != null) {
            files.put(NodeStates.SYSCTL, sysctl);
        }
        if (stats != null) {
            files.put(NodeStates.CONNTRACK_STATS, stats);
        }
        return NodeStates.parse(name, files).state();
    }

    static AnalysisView view(NodeState... nodes) {
        AnalysisView.Builder b = AnalysisView.builder();
        for (NodeState n : nodes) {
            b.node(n);
        }
        return b.build();
    }
}
