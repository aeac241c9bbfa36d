package io.hoptrace.rules.catalog;

import io.hoptrace.decoders.state.ConntrackEntry;
import io.hoptrace.decoders.state.ConntrackMatch;
import io.hoptrace.decoders.state.ConntrackTuple;
import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.model.FlowKey;
import io.hoptrace.rules.model.IptablesView;
import io.hoptrace.rules.model.NodeState;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * State lines behind a finding, as a person would quote them: the conntrack entry of a flow, kube-proxy's filter
 * rules that drop or reject a destination. Text matching of kube-proxy's predictable rules, like the other rules.
 */
public final class NodeEvidence {
    private NodeEvidence() {
    }

    /** A node's conntrack entry for the flow's first tuple (either direction), or empty. */
    public static Optional<ConntrackEntry> conntrack(AnalysisView v, String node, FlowKey key) {
        Optional<NodeState> n = v.node(node);
        if (n.isEmpty() || n.get().conntrack() == null || key.sport() < 0) {
            return Optional.empty();
        }
        try {
            InetAddress src = InetLiteral.parse(key.src());
            InetAddress dst = InetLiteral.parse(key.dst());
            return n.get().conntrack().find(key.protocolNumber(), src, key.sport(), dst, key.dport())
                    .map(ConntrackMatch::entry);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code node-a conntrack: tcp SYN_SENT src=10.244.0.10 dst=10.96.77.30 sport=40021 dport=80 [UNREPLIED]
     * src=10.244.2.10 dst=10.244.0.10 sport=8080 dport=40021}.
     */
    public static String conntrackLine(String node, ConntrackEntry e) {
        StringBuilder b = new StringBuilder(node).append(" conntrack: ").append(e.protocol());
        if (e.state() != null) {
            b.append(' ').append(e.state());
        }
        tuple(b, e.original());
        if (e.unreplied()) {
            b.append(" [UNREPLIED]");
        }
        tuple(b, e.reply());
        if (e.assured()) {
            b.append(" [ASSURED]");
        }
        return b.toString();
    }

    private static void tuple(StringBuilder b, ConntrackTuple t) {
        b.append(" src=").append(InetLiteral.format(t.source())).append(" dst=")
                .append(InetLiteral.format(t.destination()));
        if (t.sourcePort() != ConntrackTuple.ABSENT) {
            b.append(" sport=").append(t.sourcePort()).append(" dport=").append(t.destinationPort());
        }
    }

    /**
     * kube-proxy's filter rules that DROP or REJECT packets to {@code address:port}: the "has no endpoints" REJECT
     * of a ClusterIP in KUBE-SERVICES, the "has no local endpoints" DROP of a NodePort in KUBE-EXTERNAL-SERVICES
     * (matched by port when {@code nodePort} is true, since it matches any local address).
     */
    public static List<IptablesView.IptablesLine> blockingRules(IptablesView ipt, String address, int port,
                                                                String proto, boolean nodePort) {
        List<IptablesView.IptablesLine> out = new ArrayList<>();
        if (ipt == null || port < 0) {
            return out;
        }
        for (String chain : ipt.chains("filter")) {
            if (!chain.startsWith("KUBE-")) {
                continue;
            }
            for (IptablesView.IptablesLine l : ipt.rules("filter", chain)) {
                String target = l.target();
                if (!target.equals("DROP") && !target.equals("REJECT")) {
                    continue;
                }
                String t = l.text() + " ";
                boolean portMatch = t.contains("--dport " + port + " ") && t.contains("-p " + proto + " ");
                boolean addressMatch = t.contains("-d " + address + "/32 ")
                        || (nodePort && t.contains("--dst-type LOCAL"));
                if (portMatch && addressMatch) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
