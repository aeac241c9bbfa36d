package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.catalog.NodeEvidence;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.Endpoint;
import io.hoptrace.rules.model.FlowRecord;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.IcmpErrorEvent;
import io.hoptrace.rules.model.IptablesView;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NatChange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conntrack.syn-unanswered}: TCP connections that never get a SYN-ACK. Either the SYN is retransmitted and
 * nothing at all comes back (a hung or absent endpoint, a drop on the way: conntrack holds it as
 * {@code SYN_SENT [UNREPLIED]}), or a node answers it with an ICMP unreachable: kube-proxy's REJECT for a Service
 * without endpoints ("no endpoints: kube-proxy rejects"). The finding names the Service, the pod it was DNATed to,
 * where the SYN stopped, and the conntrack entry and kube-proxy rule behind it. A pod reaching itself through its
 * own Service is left to nat.hairpin. One finding per (client, destination, what happened).
 */
public final class SynUnansweredRule implements Rule {
    public static final String ID = "conntrack.syn-unanswered";

    static final Threshold<Long> MIN_SYNS = Threshold.ofLong("conntrack.syn-unanswered.min-syns", 2,
            "SYNs of one connection (the first and its retransmissions) with no answer before it counts");

    private static final int ICMP_UNREACHABLE = 3;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "TCP SYNs that get no SYN-ACK: retransmitted into silence, or rejected for a Service with no endpoints";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(MIN_SYNS);
    }

    private enum Kind { SILENT, REJECTED }

    private record Case(FlowRecord flow, List<Journey> syns, Kind kind, IcmpErrorEvent error) {
        Journey last() {
            return syns.get(syns.size() - 1);
        }
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        long minSyns = v.thresholds().getLong(MIN_SYNS);
        Map<Integer, IcmpErrorEvent> unreachable = new HashMap<>();
        for (IcmpErrorEvent e : v.icmpErrors()) {
            if (e.causeFlow() >= 0 && e.version() == 4 && e.type() == ICMP_UNREACHABLE && e.code() != 4) {
                unreachable.putIfAbsent(e.causeFlow(), e);
            }
        }
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        for (FlowRecord f : v.flows()) {
            if (!f.tcp() || f.syns() == 0 || f.synAcks() > 0 || f.packets()[1] > 0) {
                continue;
            }
            IcmpErrorEvent err = unreachable.get(f.id());
            Kind kind = err != null ? Kind.REJECTED : Kind.SILENT;
            if (kind == Kind.SILENT && (f.syns() < minSyns || f.icmpErrors() > 0)) {
                continue;
            }
            List<Journey> syns = new ArrayList<>();
            for (Journey j : v.journeysOf(f)) {
                if (!j.reply() && j.packet().syn()) {
                    syns.add(j);
                }
            }
            if (syns.isEmpty() || hairpin(syns.get(0))) {
                continue;
            }
            syns.sort(Comparator.comparingLong(j -> j.first().timeNanos()));
            Hop first = syns.get(0).first();
            String key = kind + " " + first.src().address() + " " + first.dst();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Case(f, syns, kind, err));
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Case>> g : groups.entrySet()) {
            Case c = g.getValue().get(0);
            out.add(c.kind == Kind.REJECTED ? rejected(v, g.getKey(), g.getValue()) : silent(v, g.getKey(),
                    g.getValue()));
        }
        return out;
    }

    /** DNATed back to its own source: nat.hairpin's case. */
    private static boolean hairpin(Journey j) {
        String self = j.first().src().address();
        return j.hops().stream().flatMap(h -> h.nat().stream())
                .anyMatch(n -> n.kind() == NatChange.Kind.DNAT && n.after().address().equals(self));
    }

    /** What was addressed: a Service (by ClusterIP or NodePort), else its owner, else the address. */
    private static Optional<ObjectRef> service(AnalysisView v, Endpoint dst) {
        Optional<ObjectRef> s = v.cluster().serviceAt(dst.address(), dst.port(), "tcp");
        if (s.isEmpty() && v.nodeOfAddress(dst.address()).isPresent()) {
            s = v.cluster().serviceByNodePort(dst.port(), "tcp");
        }
        return s;
    }

    private static String target(AnalysisView v, Endpoint dst) {
        Optional<ObjectRef> s = service(v, dst);
        if (s.isPresent()) {
            boolean nodePort = v.nodeOfAddress(dst.address()).isPresent();
            return "service " + s.get().qualifiedName() + " (" + (nodePort ? "NodePort " + dst.port() + " on "
                    + v.nodeOfAddress(dst.address()).get() + ", " + dst : dst.toString()) + ")";
        }
        return Describe.owner(v, dst.address()).map(o -> (o.kind() == ObjectRef.Kind.NODE ? o.name() : o.toString())
                + " (" + dst + ")").orElse(dst.toString());
    }

    private static Finding rejected(AnalysisView v, String key, List<Case> cases) {
        Case c = cases.get(0);
        Journey j = c.syns.get(0);
        Hop first = j.first();
        IcmpErrorEvent e = c.error;
        String client = Describe.address(v, first.src().address());
        Optional<ObjectRef> svc = service(v, first.dst());
        boolean nodePort = v.nodeOfAddress(first.dst().address()).isPresent();
        List<IptablesView.IptablesLine> rules = v.node(e.node()).map(n -> NodeEvidence.blockingRules(n.iptables(),
                first.dst().address(), first.dst().port(), "tcp", nodePort)).orElse(List.of());
        boolean noEndpoints = rules.stream().anyMatch(r -> r.text().contains("has no endpoints")
                || r.text().contains("has no local endpoints"));
        String icmp = unreachableName(e.code());
        String refused = Describe.plural(cases.size(), "connection", "connections") + " refused";
        String summary;
        String fix;
        if (noEndpoints || (svc.isPresent() && !rules.isEmpty())) {
            String name = svc.map(ObjectRef::qualifiedName).orElse(first.dst().toString());
            summary = "service " + name + " (" + first.dst() + ") has no endpoints: kube-proxy on " + e.node()
                    + " rejects SYNs from " + client + " with ICMP " + icmp + " (" + refused + ")";
            fix = svc.map(s -> "give service " + s.qualifiedName() + " ready endpoints: its selector must match "
                    + "running pods that pass their readiness probe (kubectl get endpointslices -n " + s.namespace()
                    + " -l kubernetes.io/service-name=" + s.name() + "), or stop calling it")
                    .orElse("give the service ready endpoints, or stop calling it");
        } else {
            summary = "SYNs from " + client + " to " + target(v, first.dst()) + " are answered by ICMP " + icmp
                    + " from " + Describe.address(v, e.from().address()) + " (" + refused + ")";
            fix = "find why " + Describe.address(v, e.from().address()) + " cannot deliver to " + first.dst()
                    + ": a pod that is gone while an endpoint still names it, a missing route, or a REJECT rule";
        }
        Finding.Builder f = Finding.of(ID, Severity.ERROR, summary).fix(fix).node(e.node()).dedupKey(key)
                .journey(j.id(), Describe.lastHop(j));
        for (Case x : cases) {
            f.packet(x.syns.get(0).first().packet());
            f.packet(x.error.packet());
        }
        Describe.owner(v, first.src().address()).ifPresent(f::object);
        svc.ifPresent(f::object);
        rules.forEach(r -> f.evidence(e.node() + " iptables: " + r));
        f.evidence("ICMP type " + e.type() + " code " + e.code() + " (" + icmp + ") from " + e.from().address()
                + " to " + e.to().address() + " (" + e.packet() + ")");
        return f.build();
    }

    private static Finding silent(AnalysisView v, String key, List<Case> cases) {
        Case c = cases.get(0);
        Journey last = c.last();
        Hop first = c.syns.get(0).first();
        Hop stop = last.last();
        long syns = cases.stream().mapToLong(x -> x.flow.syns()).sum();
        long start = cases.stream().mapToLong(x -> x.flow.firstNanos()).min().orElse(0);
        long end = cases.stream().mapToLong(x -> x.flow.lastNanos()).max().orElse(0);
        String client = Describe.address(v, first.src().address());
        Optional<ObjectRef> svc = service(v, first.dst());
        boolean nodePort = svc.isPresent() && v.nodeOfAddress(first.dst().address()).isPresent();
        Endpoint backend = null;
        for (Hop h : last.hops()) {
            for (NatChange n : h.nat()) {
                if (n.kind() == NatChange.Kind.DNAT) {
                    backend = n.after();
                }
            }
        }
        String dnatNode = null;
        for (Hop h : last.hops()) {
            if (h.nat().stream().anyMatch(n -> n.kind() == NatChange.Kind.DNAT)) {
                dnatNode = h.node();
                break;
            }
        }
        String backendNode = backend == null ? null : v.nodeOf(backend.address()).orElse(null);
        List<IptablesView.IptablesLine> rules = v.node(stop.node()).map(n -> NodeEvidence.blockingRules(n.iptables(),
                first.dst().address(), first.dst().port(), "tcp", nodePort)).orElse(List.of());
        String what = Describe.plural(syns, "SYN", "SYNs") + " from " + client + " to " + target(v, first.dst())
                + (cases.size() > 1 ? " (" + cases.size() + " connections)" : "") + " in "
                + seconds(end - start) + " got no answer";
        String summary;
        String fix;
        String dst = backend != null ? Describe.address(v, backend.address()) + (backendNode != null ? " on "
                + backendNode : "") : Describe.address(v, first.dst().address());
        if (!rules.isEmpty() && backend == null) {
            String policy = svc.flatMap(s -> v.cluster().externalTrafficPolicy(s)).orElse(null);
            summary = what + ": kube-proxy on " + stop.node() + " drops them"
                    + (rules.get(0).text().contains("no local endpoints") ? ", because the service has no endpoint on "
                    + stop.node() + (policy != null ? " (externalTrafficPolicy: " + policy + ")" : "") : "");
            fix = svc.map(s -> "send this traffic only to nodes that run a ready endpoint of " + s.qualifiedName()
                    + " (a load balancer's health check on the service's healthCheckNodePort does this), or set "
                    + "externalTrafficPolicy: Cluster").orElse("remove the rule that drops it, or send the traffic "
                    + "where an endpoint runs");
        } else if (reachedDestination(v, last, backend)) {
            summary = what + (dnatNode != null ? ": " + dnatNode + " DNATs them to " + dst : "") + "; they reach "
                    + (backend != null ? "its interface " : dst + " at ") + stop.node() + " " + stop.iface()
                    + " and nothing comes back";
            String pod = backend != null ? Describe.owner(v, backend.address()).map(Object::toString)
                    .orElse(backend.address()) : Describe.owner(v, first.dst().address()).map(Object::toString)
                    .orElse(first.dst().address());
            int port = backend != null ? backend.port() : first.dst().port();
            fix = "check " + pod + (backendNode != null ? " on " + backendNode : "") + ": is it listening on port "
                    + port + " and not hung (a full accept backlog drops SYNs), and does no NetworkPolicy or firewall"
                    + " in it drop the SYN; while it does not answer, its readiness probe should take it out of the "
                    + "service's endpoints";
        } else {
            summary = what + (dnatNode != null ? ": " + dnatNode + " DNATs them to " + dst : "") + "; they stop at "
                    + Describe.where(stop) + (backendNode != null && !backendNode.equals(stop.node())
                    ? " and never reach " + backendNode : "");
            fix = "find what drops them after " + stop.node() + " " + stop.iface() + ": the route and tunnel to "
                    + (backendNode != null ? backendNode : dst) + ", NetworkPolicies, and the nodes' firewall rules";
        }
        Finding.Builder f = Finding.of(ID, Severity.ERROR, summary).fix(fix).node(stop.node()).dedupKey(key)
                .journey(last.id(), Describe.lastHop(last));
        for (Case x : cases) {
            for (Journey j : x.syns) {
                f.packet(j.first().packet());
            }
        }
        Describe.owner(v, first.src().address()).ifPresent(f::object);
        svc.ifPresent(f::object);
        if (backend != null) {
            Describe.owner(v, backend.address()).ifPresent(f::object);
        }
        rules.forEach(r -> f.evidence(stop.node() + " iptables: " + r));
        for (String node : c.flow.nodes()) {
            NodeEvidence.conntrack(v, node, c.flow.key()).ifPresent(e -> f.evidence(NodeEvidence.conntrackLine(node,
                    e)));
        }
        f.evidence(Describe.plural(c.flow.syns(), "SYN", "SYNs") + " of " + c.flow.key() + ", "
                + c.flow.retransmissions()[0] + " of them retransmissions, none answered");
        return f.build();
    }

    /** The last hop is the backend pod's (or the addressed host's) node, leaving towards it. */
    private static boolean reachedDestination(AnalysisView v, Journey j, Endpoint backend) {
        Hop stop = j.last();
        String target = backend != null ? backend.address() : j.first().dst().address();
        Optional<String> node = v.nodeOf(target);
        return node.isPresent() && node.get().equals(stop.node()) && stop.dst().address().equals(target)
                && (stop.direction() == Direction.OUT || v.nodeOfAddress(target).isPresent());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String unreachableName(int code) {
        return switch (code) {
            case 0 -> "network unreachable";
            case 1 -> "host unreachable";
            case 3 -> "port unreachable";
            case 9, 10, 13 -> "administratively prohibited";
            default -> "unreachable (code " + code + ")";
        };
    }
}
