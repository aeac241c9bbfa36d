package io.hoptrace.rules.catalog.nat;

import io.hoptrace.decoders.state.IpJsonLink;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.Direction;
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
 * {@code nat.hairpin}: a pod calling a Service whose endpoint is the pod itself. kube-proxy DNATs the packet back to
 * the pod and marks it for SNAT (KUBE-SEP's first rule, {@code -s <endpoint> -j KUBE-MARK-MASQ}); the bridge must
 * send it back out of the port it came in on, which it only does with hairpin mode on that port. Back out of the
 * pod's own interface: it works (info). Never back: the call fails (error), and the interface's hairpin setting says
 * why when ip-link.json has it.
 */
public final class HairpinRule implements Rule {
    public static final String ID = "nat.hairpin";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "a pod reaching itself through its own Service (hairpin), and when the bridge drops it";
    }

    private record Case(Journey journey, int selfHop, boolean back) {
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        for (Journey j : v.journeys()) {
            if (j.reply()) {
                continue;
            }
            String self = j.first().src().address();
            int selfHop = -1;
            for (int i = 1; i < j.hops().size(); i++) {
                Hop h = j.hops().get(i);
                boolean dnat = h.nat().stream().anyMatch(n -> n.kind() == NatChange.Kind.DNAT);
                if (dnat && h.dst().address().equals(self) && !j.first().dst().address().equals(self)) {
                    selfHop = i;
                    break;
                }
            }
            if (selfHop < 0) {
                continue;
            }
            Hop first = j.first();
            boolean back = false;
            for (int i = selfHop; i < j.hops().size(); i++) {
                Hop h = j.hops().get(i);
                if (h.iface().equals(first.iface()) && h.node().equals(first.node())
                        && h.direction() == Direction.OUT) {
                    back = true;
                }
            }
            groups.computeIfAbsent(first.node() + " " + self + " " + first.dst() + " " + back,
                    k -> new ArrayList<>()).add(new Case(j, selfHop, back));
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Case>> g : groups.entrySet()) {
            out.add(finding(v, g.getKey(), g.getValue()));
        }
        return out;
    }

    private static Finding finding(AnalysisView v, String key, List<Case> cases) {
        Case c = cases.get(0);
        Journey j = c.journey;
        Hop first = j.first();
        String self = first.src().address();
        Optional<ObjectRef> pod = Describe.owner(v, self);
        Optional<ObjectRef> service = v.cluster().serviceAt(first.dst().address(), first.dst().port(),
                j.flow().proto());
        if (service.isEmpty()) {
            service = Describe.owner(v, first.dst().address()).filter(o -> o.kind() == ObjectRef.Kind.SERVICE);
        }
        String podText = pod.map(Object::toString).orElse(self);
        String svcText = service.map(s -> "service " + s.qualifiedName() + " (" + first.dst() + ")")
                .orElse(first.dst().toString());
        Optional<IpJsonLink> port = v.node(first.node()).flatMap(n -> n.link(first.iface()));
        Optional<Boolean> hairpin = port.map(IpJsonLink::bridgePort).map(b -> b.hairpin());
        Finding.Builder f;
        if (c.back) {
            String snat = j.hops().stream().flatMap(h -> h.nat().stream())
                    .filter(n -> n.kind() == NatChange.Kind.SNAT).map(n -> n.after().address()).findFirst()
                    .orElse("the node");
            f = Finding.of(ID, Severity.INFO, podText + " reaches itself through " + svcText
                    + " (hairpin): " + first.node() + " sends it back out of " + first.iface() + " SNATed to "
                    + snat + ", so the pod sees " + snat + " as the caller")
                    .fix("nothing to fix; keep hairpin mode on for the pod interfaces (CNI hairpinMode: true, "
                            + "kubelet --hairpin-mode=hairpin-veth), or call localhost instead of the Service");
        } else {
            String why = hairpin.isPresent() && Boolean.FALSE.equals(hairpin.get())
                    ? ": hairpin mode is off on " + first.iface() + ", so the bridge " + port.get().master()
                    + " does not send it back out of the port it came in on"
                    : ": the bridge does not send it back out of " + first.iface();
            f = Finding.of(ID, Severity.ERROR, podText + " cannot reach itself through " + svcText + ": "
                    + first.node() + " DNATs " + Describe.plural(cases.size(), "packet", "packets")
                    + " back to the pod, and none comes back" + why)
                    .fix("turn hairpin mode on for " + first.iface() + " on " + first.node() + " (ip link set "
                            + first.iface() + " type bridge_slave hairpin on; CNI hairpinMode: true, kubelet "
                            + "--hairpin-mode=hairpin-veth)");
        }
        f.node(first.node()).dedupKey(key).journey(j.id(), c.back ? c.selfHop : j.hops().size() - 1);
        for (Case x : cases) {
            f.packet(x.journey.first().packet());
        }
        pod.ifPresent(f::object);
        service.ifPresent(f::object);
        hairpin.ifPresent(h -> f.evidence(first.node() + " ip-link: " + first.iface() + " hairpin "
                + (h ? "on" : "off")));
        v.node(first.node()).map(n -> n.iptables()).ifPresent(ipt -> masqRule(ipt, self, f));
        return f.build();
    }

    /** KUBE-SEP's {@code -s <endpoint>/32 -j KUBE-MARK-MASQ}, the rule that makes the hairpin SNAT. */
    private static void masqRule(IptablesView ipt, String self, Finding.Builder f) {
        for (String chain : ipt.chains("nat")) {
            if (!chain.startsWith("KUBE-SEP-")) {
                continue;
            }
            for (IptablesView.IptablesLine l : ipt.rules("nat", chain)) {
                if (l.text().contains("-s " + self + "/32") && l.target().equals("KUBE-MARK-MASQ")) {
                    f.evidence(l.toString());
                }
            }
        }
    }
}
