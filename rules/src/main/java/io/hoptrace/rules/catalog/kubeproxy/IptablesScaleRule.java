package io.hoptrace.rules.catalog.kubeproxy;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.catalog.StateEvidence;
import io.hoptrace.rules.model.IptablesView;
import io.hoptrace.rules.model.IptablesView.IptablesLine;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code kube-proxy.iptables-scale}: in iptables mode the first packet of every connection through a node walks
 * the nat chain KUBE-SERVICES rule by rule, one rule per Service port, until one matches; connections to anything
 * that is not a Service walk all of it. The walk grows with the number of Services (O(n)), and every sync rewrites
 * a nat table that grows with Services and endpoints. Above the thresholds, IPVS or nftables mode (hash lookups)
 * is advised. With {@code iptables-save -c} counters, the average walk of the connections counted is given too.
 */
public final class IptablesScaleRule implements Rule {
    public static final String ID = "kube-proxy.iptables-scale";
    static final String NAT = "nat";
    static final String SERVICES = "KUBE-SERVICES";

    static final Threshold<Long> SERVICE_RULES = Threshold.ofLong("kube-proxy.iptables-scale.services-rules", 1000,
            "rules in nat KUBE-SERVICES (walked in order by the first packet of each connection) that are too many");
    static final Threshold<Long> NAT_RULES = Threshold.ofLong("kube-proxy.iptables-scale.nat-rules", 10000,
            "rules in the whole nat table (rewritten at every kube-proxy sync) that are too many");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "kube-proxy iptables mode at scale: long KUBE-SERVICES walks per new connection; IPVS or nftables"
                + " advised";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(SERVICE_RULES, NAT_RULES);
    }

    /** One node's numbers. */
    private record Scale(NodeState node, List<IptablesLine> services, int natRules, long serviceChains) {
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        long maxServiceRules = v.thresholds().getLong(SERVICE_RULES);
        long maxNatRules = v.thresholds().getLong(NAT_RULES);
        List<Scale> over = new ArrayList<>();
        for (NodeState n : new TreeMap<>(v.nodes()).values()) {
            IptablesView ipt = n.iptables();
            if (ipt == null) {
                continue;
            }
            List<IptablesLine> services = ipt.rules(NAT, SERVICES);
            int natRules = ipt.ruleCount(NAT);
            if (services.size() > maxServiceRules || natRules > maxNatRules) {
                long chains = ipt.chains(NAT).stream()
                        .filter(c -> c.startsWith("KUBE-SVC-") || c.startsWith("KUBE-SVL-")).count();
                over.add(new Scale(n, services, natRules, chains));
            }
        }
        if (over.isEmpty()) {
            return List.of();
        }
        over.sort(Comparator.comparingInt((Scale s) -> s.services.size()).thenComparingInt(s -> s.natRules)
                .reversed());
        return List.of(finding(over, maxServiceRules, maxNatRules));
    }

    private static Finding finding(List<Scale> over, long maxServiceRules, long maxNatRules) {
        Scale s = over.get(0);
        String node = s.node.name();
        int walk = s.services.size();
        StringBuilder summary = new StringBuilder("kube-proxy runs in iptables mode with ")
                .append(StateEvidence.count(s.serviceChains)).append(" Service chains: the first packet of every new"
                        + " connection on ").append(node).append(" walks up to ").append(StateEvidence.count(walk))
                .append(" rules of KUBE-SERVICES in order");
        String average = averageWalk(s.node.iptables(), s.services);
        if (!average.isEmpty()) {
            summary.append(" (").append(average).append(')');
        }
        summary.append(", and each sync rewrites ").append(StateEvidence.count(s.natRules)).append(" nat rules");
        if (over.size() > 1) {
            summary.append("; ").append(over.size() - 1)
                    .append(over.size() == 2 ? " other node is" : " other nodes are")
                    .append(" alike (").append(String.join(", ", over.subList(1, over.size()).stream()
                            .map(x -> x.node.name()).toList())).append(')');
        }
        String fix = "switch kube-proxy to nftables mode (mode: nftables in its configuration; GA in Kubernetes 1.33,"
                + " needs Linux 5.13 or later) or IPVS mode (mode: ipvs): both find the Service with a hash lookup"
                + " instead of walking one rule per Service; until then, fewer Services (merge ports, delete unused"
                + " ones) shorten the walk";
        Finding.Builder f = Finding.of(ID, Severity.WARNING, summary.toString()).fix(fix).node(node)
                .dedupKey("kube-proxy iptables scale");
        for (Scale x : over) {
            f.object(ObjectRef.node(x.node.name()));
        }
        f.evidence(node + " iptables-save.txt: nat " + SERVICES + " has " + StateEvidence.count(walk) + " rules (over "
                + StateEvidence.count(maxServiceRules) + "), the nat table " + StateEvidence.count(s.natRules)
                + " (over " + StateEvidence.count(maxNatRules) + " counts as large), "
                + StateEvidence.count(s.serviceChains) + " KUBE-SVC/KUBE-SVL chains");
        for (IptablesLine jump : jumpsInto(s.node.iptables())) {
            f.evidence(StateEvidence.iptables(node, jump));
        }
        if (!s.services.isEmpty()) {
            f.evidence(StateEvidence.iptables(node, s.services.get(0)));
            f.evidence(StateEvidence.iptables(node, s.services.get(s.services.size() - 1)));
        }
        return f.build();
    }

    /** The nat rules that jump to KUBE-SERVICES (PREROUTING, OUTPUT): how many connections entered it. */
    private static List<IptablesLine> jumpsInto(IptablesView ipt) {
        List<IptablesLine> out = new ArrayList<>();
        for (String chain : List.of("PREROUTING", "OUTPUT")) {
            for (IptablesLine l : ipt.rules(NAT, chain)) {
                if (l.target().equals(SERVICES)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /**
     * From {@code -c} counters: connections that entered KUBE-SERVICES, and how many rules they walked on average
     * (a match at rule k cost k rules; no match cost all of them). Empty without counters or traffic.
     */
    static String averageWalk(IptablesView ipt, List<IptablesLine> services) {
        long entered = 0;
        for (IptablesLine j : jumpsInto(ipt)) {
            if (j.packets() < 0) {
                return "";
            }
            entered += j.packets();
        }
        if (entered == 0 || services.isEmpty() || services.get(0).packets() < 0) {
            return "";
        }
        long matched = 0;
        double walked = 0;
        for (IptablesLine l : services) {
            matched += l.packets();
            walked += (double) l.index() * l.packets();
        }
        long unmatched = Math.max(0, entered - matched);
        walked += (double) unmatched * services.size();
        return String.format(Locale.ROOT, "%s on average for the %s connections counted",
                StateEvidence.count(Math.round(walked / Math.max(entered, matched))),
                StateEvidence.count(Math.max(entered, matched)));
    }
}
