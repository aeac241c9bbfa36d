package io.hoptrace.rules.catalog.nat;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.IptablesView;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NatChange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code nat.double-hop}: traffic from outside the cluster sent to a node (a NodePort, {@code externalTrafficPolicy:
 * Cluster}) that has no endpoint of its own: the node DNATs it to a pod on another node and SNATs it to itself, so
 * it takes an extra hop and the pod never sees the client's address. Found from journeys that arrive addressed to a
 * node and leave it rewritten both ways towards a pod on another node.
 */
public final class DoubleHopRule implements Rule {
    public static final String ID = "nat.double-hop";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "NodePort/LoadBalancer traffic forwarded to another node and SNATed (client IP lost)";
    }

    private record Case(Journey journey, int natHop, String entry, String target, NatChange dnat, NatChange snat) {
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        for (Journey j : v.journeys()) {
            if (j.reply() || !j.packet().syn() && j.packet().tcp()) {
                continue;
            }
            Case c = match(v, j);
            if (c != null) {
                groups.computeIfAbsent(c.entry + " " + c.dnat.before() + " " + c.target, k -> new ArrayList<>())
                        .add(c);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Case>> g : groups.entrySet()) {
            out.add(finding(v, g.getKey(), g.getValue()));
        }
        return out;
    }

    private static Case match(AnalysisView v, Journey j) {
        Hop first = j.first();
        String entry = first.node();
        Optional<String> addressed = v.nodeOfAddress(first.dst().address());
        if (addressed.isEmpty() || !addressed.get().equals(entry) || first.encapsulated()) {
            return null;
        }
        for (int i = 1; i < j.hops().size(); i++) {
            Hop h = j.hops().get(i);
            NatChange dnat = null;
            NatChange snat = null;
            for (NatChange n : h.nat()) {
                if (n.kind() == NatChange.Kind.DNAT) {
                    dnat = n;
                } else {
                    snat = n;
                }
            }
            if (dnat == null || snat == null || !h.node().equals(entry)) {
                continue;
            }
            String target = v.nodeOf(h.dst().address()).orElse(null);
            if (target == null) {
                target = j.hops().stream().map(Hop::node).filter(n -> !n.equals(entry)).findFirst().orElse(null);
            }
            if (target == null || target.equals(entry)) {
                return null;
            }
            return new Case(j, i, entry, target, dnat, snat);
        }
        return null;
    }

    private static Finding finding(AnalysisView v, String key, List<Case> cases) {
        Case c = cases.get(0);
        Journey j = c.journey;
        String client = j.flow().src();
        int port = c.dnat.before().port();
        Optional<ObjectRef> service = port > 0 ? v.cluster().serviceByNodePort(port, j.flow().proto())
                : Optional.empty();
        if (service.isEmpty()) {
            service = v.cluster().serviceAt(c.dnat.before().address(), port, j.flow().proto());
        }
        String policy = service.flatMap(s -> v.cluster().externalTrafficPolicy(s)).orElse("Cluster");
        String what = service.map(s -> "NodePort " + port + " of service " + s.qualifiedName()
                + " (externalTrafficPolicy: " + policy + ")").orElse("traffic to " + c.dnat.before());
        String pod = Describe.address(v, c.dnat.after().address());
        String summary = what + " takes a double hop: client " + client + " reached " + c.entry
                + ", which has no local endpoint, so " + c.entry + " forwarded it to " + pod + " on " + c.target
                + " and SNATed it to " + c.snat.after().address() + ": the pod sees " + c.snat.after().address()
                + ", not " + client;
        String fix = service.map(s -> "set externalTrafficPolicy: Local on service " + s.qualifiedName()
                        + " and send clients only to nodes with a ready endpoint (the load balancer's health check "
                        + "does this)")
                .orElse("send this traffic to a node that runs an endpoint, or use externalTrafficPolicy: Local");
        Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix).node(c.entry).dedupKey(key)
                .journey(j.id(), c.natHop);
        for (Case x : cases) {
            f.packet(x.journey.first().packet());
            f.packet(x.journey.hops().get(x.natHop).packet());
        }
        service.ifPresent(f::object);
        Describe.owner(v, c.dnat.after().address()).ifPresent(f::object);
        f.object(ObjectRef.node(c.entry));
        f.object(ObjectRef.node(c.target));
        v.node(c.entry).map(n -> n.iptables()).ifPresent(ipt -> evidence(ipt, port, f));
        return f.build();
    }

    /** kube-proxy's rules that did it: the NodePort jump to KUBE-EXT-* and its KUBE-MARK-MASQ. */
    private static void evidence(IptablesView ipt, int port, Finding.Builder f) {
        for (IptablesView.IptablesLine l : ipt.rules("nat", "KUBE-NODEPORTS")) {
            if (l.text().contains("--dport " + port + " ")) {
                f.evidence(l.toString());
                for (IptablesView.IptablesLine e : ipt.rules("nat", l.target())) {
                    if (e.target().equals("KUBE-MARK-MASQ")) {
                        f.evidence(e.toString());
                    }
                }
            }
        }
    }
}
