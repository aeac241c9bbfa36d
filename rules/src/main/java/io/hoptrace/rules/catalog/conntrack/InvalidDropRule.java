package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.decoders.state.ConntrackCpuStats;
import io.hoptrace.decoders.state.ConntrackStatsDelta;
import io.hoptrace.decoders.state.SysctlSettings;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.IptablesView;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code conntrack.invalid-drop}: packets a node drops because conntrack calls them INVALID (kube-proxy's
 * {@code KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP}, there so that such packets do not leak out un-NATed).
 * INVALID means conntrack cannot place the packet in the connection it tracks: a TCP segment outside the window
 * (acknowledging data never sent, a very late retransmission), a connection whose entry expired or was flushed,
 * asymmetric routing past this node's conntrack. The evidence is the rule's counter ({@code iptables-save -c}),
 * the growth of {@code conntrack -S} invalid, and the packets that came into the node and never left it while
 * other packets of the same connection did. One finding per node.
 */
public final class InvalidDropRule implements Rule {
    public static final String ID = "conntrack.invalid-drop";

    static final Threshold<Long> MIN_PACKETS = Threshold.ofLong("conntrack.invalid-drop.min-packets", 1,
            "packets counted by a ctstate INVALID DROP rule (or, without counters, conntrack -S invalid growth) "
                    + "before a node is flagged");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "packets dropped as conntrack INVALID (kube-proxy's ctstate INVALID DROP), and which ones stopped";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(MIN_PACKETS);
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        long min = v.thresholds().getLong(MIN_PACKETS);
        List<Finding> out = new ArrayList<>();
        for (NodeState n : v.nodes().values()) {
            List<IptablesView.IptablesLine> rules = invalidDrops(n.iptables());
            long dropped = rules.stream().mapToLong(r -> Math.max(0, r.packets())).sum();
            boolean counted = rules.stream().anyMatch(r -> r.packets() >= 0);
            long grew = invalidGrowth(n);
            List<Journey> stopped = stoppedAt(v, n.name());
            boolean flagged = counted ? dropped >= min : !rules.isEmpty() && grew >= min && !stopped.isEmpty();
            if (flagged) {
                out.add(finding(v, n, rules, dropped, counted, grew, stopped));
            }
        }
        return out;
    }

    /** DROP rules matching {@code --ctstate INVALID} (alone, not INVALID among other states). */
    static List<IptablesView.IptablesLine> invalidDrops(IptablesView ipt) {
        List<IptablesView.IptablesLine> out = new ArrayList<>();
        if (ipt == null) {
            return out;
        }
        for (String table : List.of("filter", "raw", "mangle")) {
            for (String chain : ipt.chains(table)) {
                for (IptablesView.IptablesLine l : ipt.rules(table, chain)) {
                    if (l.target().equals("DROP") && (l.text() + " ").contains("--ctstate INVALID ")
                            && !l.text().contains("! --ctstate")) {
                        out.add(l);
                    }
                }
            }
        }
        return out;
    }

    /** conntrack -S invalid growth summed over the sample intervals (intervals where counters went back skipped). */
    static long invalidGrowth(NodeState n) {
        if (n.conntrackStats() == null) {
            return 0;
        }
        long sum = 0;
        for (ConntrackStatsDelta d : n.conntrackStats().deltas()) {
            if (!d.wentBack().contains(ConntrackCpuStats.INVALID)) {
                sum += Math.max(0, d.change(ConntrackCpuStats.INVALID));
            }
        }
        return sum;
    }

    /**
     * Journeys that came into {@code node} and were last seen there, coming in, addressed elsewhere, while another
     * packet of the same connection in the same direction went on past the node.
     */
    private static List<Journey> stoppedAt(AnalysisView v, String node) {
        List<Journey> out = new ArrayList<>();
        Map<String, Boolean> passes = new LinkedHashMap<>();
        for (Journey j : v.journeys()) {
            Hop last = j.last();
            if (!last.node().equals(node) || last.direction() != Direction.IN
                    || v.nodeOf(last.dst().address()).map(node::equals).orElse(true)) {
                continue;
            }
            boolean others = passes.computeIfAbsent(j.flowId() + " " + j.reply(), k -> passedBy(v, j, node));
            if (others) {
                out.add(j);
            }
        }
        return out;
    }

    private static boolean passedBy(AnalysisView v, Journey stopped, String node) {
        for (Journey j : v.journeysOf(v.flow(stopped.flowId()))) {
            if (j.reply() != stopped.reply() || j.id() == stopped.id()) {
                continue;
            }
            boolean seen = false;
            for (Hop h : j.hops()) {
                if (h.node().equals(node)) {
                    seen = true;
                } else if (seen) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Finding finding(AnalysisView v, NodeState n, List<IptablesView.IptablesLine> rules, long dropped,
                                   boolean counted, long grew, List<Journey> stopped) {
        String node = n.name();
        String rule = rules.get(0).chain() + "'s ctstate INVALID DROP";
        String summary = counted
                ? node + " dropped " + Describe.plural(dropped, "packet", "packets") + " as conntrack INVALID (" + rule
                + " counted " + dropped + (grew > 0 ? ", conntrack -S invalid grew by " + grew : "") + ")"
                : node + " dropped packets as conntrack INVALID (conntrack -S invalid grew by " + grew + ", and " + rule
                + " is in place)";
        summary += stopped.isEmpty() ? "; the captures do not show which packets" : ": " + stoppedText(v, node,
                stopped);
        Optional<String> liberal = n.sysctl() == null ? Optional.empty()
                : n.sysctl().value(SysctlSettings.CONNTRACK_TCP_BE_LIBERAL);
        String fix = "find why conntrack on " + node + " cannot place these packets in their connection: TCP "
                + "segments outside the window it tracked (acknowledging data never sent, very late "
                + "retransmissions), a conntrack entry that expired or was flushed mid-connection, or routing that "
                + "sends one direction past " + node + "'s conntrack; the DROP keeps them from leaking out un-NATed"
                + (liberal.map(x -> x.trim().equals("0")).orElse(true)
                ? ". If they are legitimate, " + SysctlSettings.CONNTRACK_TCP_BE_LIBERAL + "=1 lets conntrack accept "
                + "out-of-window segments" : "");
        Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix).node(node).dedupKey(node);
        if (!stopped.isEmpty()) {
            f.journey(stopped.get(0).id(), Describe.lastHop(stopped.get(0)));
        }
        for (Journey x : stopped) {
            f.packet(x.last().packet());
            Describe.owner(v, x.first().src().address()).ifPresent(f::object);
            Describe.owner(v, x.first().dst().address()).ifPresent(f::object);
        }
        f.object(ObjectRef.node(node));
        rules.forEach(r -> f.evidence(node + " iptables: " + r));
        if (n.conntrackStats() != null) {
            for (ConntrackStatsDelta d : n.conntrackStats().deltas()) {
                long c = d.change(ConntrackCpuStats.INVALID);
                if (c > 0) {
                    f.evidence(node + " conntrack -S: invalid +" + c + " (" + d.from().total(ConntrackCpuStats.INVALID)
                            + " -> " + d.to().total(ConntrackCpuStats.INVALID) + ")"
                            + (d.from().time() != null && d.to().time() != null ? " between " + d.from().time()
                            + " and " + d.to().time() : ""));
                }
            }
        }
        liberal.ifPresent(val -> f.evidence(node + " sysctl: " + SysctlSettings.CONNTRACK_TCP_BE_LIBERAL + " = "
                + val));
        return f.build();
    }

    /** {@code 3 segments from pod A (10.244.1.10) port 8080 to pod B (10.244.0.10) port 40031 came in on ...}. */
    private static String stoppedText(AnalysisView v, String node, List<Journey> stopped) {
        Journey j = stopped.get(0);
        Hop first = j.first();
        Set<String> ifaces = new LinkedHashSet<>();
        for (Hop h : j.hops()) {
            if (h.node().equals(node)) {
                ifaces.add(h.iface());
            }
        }
        Set<String> flows = new LinkedHashSet<>();
        stopped.forEach(x -> flows.add(x.flowId() + " " + x.reply()));
        String what = j.packet().tcp() ? "segment" : "packet";
        int ahead = stopped.stream().mapToInt(x -> x.packet().ackAhead()).max().orElse(0);
        return Describe.plural(stopped.size(), what, what + "s") + " from " + Describe.address(v, first.src().address())
                + " port " + first.src().port() + " to " + Describe.address(v, first.dst().address()) + " port "
                + first.dst().port() + (flows.size() > 1 ? " (and " + (flows.size() - 1) + " other connections)" : "")
                + " came in on " + String.join(" and ", ifaces) + " and never left " + node
                + ", while other packets of the connection went through"
                + (ahead > 0 ? "; they acknowledge " + ahead + " bytes " + first.dst().address() + " never sent" : "");
    }
}
