package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.FlowRecord;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mtu.mss-too-large}: a SYN or SYN-ACK whose MSS option does not fit the path: MSS + 40 (IPv4; 60 for IPv6)
 * is more than the smallest MTU its journey crosses (flannel.1's 1450, or an encapsulated eth0 less the tunnel
 * headers). The MSS tells the peer how big a segment it may send back; a pod with MTU 1500 on a 1450 overlay
 * announces 1460, and a peer that believes it sends 1500-byte packets the overlay cannot carry. It works while the
 * peer's own MTU is small enough or path MTU discovery gets through. One finding per (sender, MSS, path MTU).
 *
 * <p>Senders outside the cluster are left out: a client that reaches a NodePort from the node's network announces
 * what its own network carries, and the pod's answer announces the overlay's. Such a sender is one k8s.json does not
 * know, or one whose SYN arrives on the interface the node sends its tunnel packets out of.
 */
public final class MssTooLargeRule implements Rule {
    public static final String ID = "mtu.mss-too-large";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "TCP SYNs announcing an MSS larger than the path (overlay) MTU carries";
    }

    private record Case(Journey syn, Journey limitJourney, PathMtu.Limit limit, FlowRecord flow) {
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        Set<String> underlay = null;
        for (Journey j : v.journeys()) {
            int mss = j.packet().mss();
            if (mss <= 0 || !(j.packet().syn() || j.packet().synAck()) || j.hops().isEmpty()) {
                continue;
            }
            if (underlay == null) {
                underlay = underlay(v);
            }
            if (fromOutside(v, j, underlay)) {
                continue;
            }
            FlowRecord flow = v.flow(j.flowId());
            Journey limitJourney = j;
            PathMtu.Limit limit = PathMtu.of(v, j);
            for (Journey other : v.journeysOf(flow)) {
                PathMtu.Limit l = PathMtu.of(v, other);
                if (l != null && (limit == null || l.mtu() < limit.mtu())) {
                    limit = l;
                    limitJourney = other;
                }
            }
            if (limit == null || mss + ipAndTcp(j) <= limit.mtu()) {
                continue;
            }
            String key = j.first().src().address() + " " + mss + " " + limit.mtu();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Case(j, limitJourney, limit, flow));
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Case>> g : groups.entrySet()) {
            out.add(finding(v, g.getKey(), g.getValue()));
        }
        return out;
    }

    private static boolean fromOutside(AnalysisView v, Journey j, Set<String> underlay) {
        Hop first = j.first();
        if (!v.cluster().isEmpty() && Describe.owner(v, first.src().address()).isEmpty()) {
            return true;
        }
        return !first.encapsulated() && first.direction() == Direction.IN
                && underlay.contains(first.node() + " " + first.iface());
    }

    /** "node iface" of every interface seen carrying tunnel packets. */
    private static Set<String> underlay(AnalysisView v) {
        Set<String> out = new HashSet<>();
        for (Journey j : v.journeys()) {
            for (Hop h : j.hops()) {
                if (h.encapsulated()) {
                    out.add(h.node() + " " + h.iface());
                }
            }
        }
        return out;
    }

    /** IPv4 and TCP headers without options: 40 bytes; IPv6: 60. */
    static int ipAndTcp(Journey j) {
        return j.flow().src().indexOf(':') >= 0 ? 60 : 40;
    }

    private static Finding finding(AnalysisView v, String key, List<Case> cases) {
        Case c = cases.get(0);
        Journey j = c.syn;
        Hop first = j.first();
        Hop narrow = c.limitJourney.hops().get(c.limit.hop());
        int mss = j.packet().mss();
        int header = ipAndTcp(j);
        int fits = c.limit.mtu() - header;
        long connections = cases.stream().map(x -> x.flow.id()).distinct().count();
        String sender = Describe.address(v, first.src().address());
        String peer = peer(v, first);
        String where = narrow.encapsulated()
                ? narrow.node() + " " + narrow.iface() + " (" + narrow.encap().get(0).type() + ", "
                + PathMtu.overhead(narrow.encap().get(0)) + " bytes of tunnel headers"
                + (c.limit.fromLinkData() ? "" : " on an assumed " + PathMtu.ASSUMED_UNDERLAY + "-byte underlay") + ")"
                : narrow.node() + " " + narrow.iface();
        int peerMss = c.flow.mss()[j.reply() ? 0 : 1];
        String answer = "";
        String other = j.packet().syn() ? "the SYN-ACK's" : "the SYN's";
        if (peerMss > 0) {
            answer = peerMss + header <= c.limit.mtu()
                    ? "; " + other + " MSS " + peerMss + " fits, so only segments sent to it are at risk"
                    : "; " + other + " MSS " + peerMss + " does not fit either, so full-size segments both ways depend "
                    + "on path MTU discovery";
        }
        String summary = sender + " announces TCP MSS " + mss + " in its " + (j.packet().syn() ? "SYN" : "SYN-ACK")
                + " to " + peer + " (" + Describe.plural(connections, "connection", "connections") + "): it accepts "
                + (mss + header) + "-byte packets, but the path through " + where + " carries at most "
                + c.limit.mtu() + " (MSS " + fits + ")" + answer;
        String who = Describe.owner(v, first.src().address()).map(Object::toString).orElse(first.src().address());
        String fix = "set the MTU of " + who + " to " + c.limit.mtu() + " (the mtu of the CNI configuration), "
                + "or clamp the MSS on " + narrow.node() + ": iptables -t mangle -A FORWARD -p tcp "
                + "--tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu";
        Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix).node(narrow.node()).dedupKey(key)
                .journey(c.limitJourney.id(), c.limit.hop());
        for (Case x : cases) {
            f.packet(x.syn.first().packet());
        }
        Describe.owner(v, first.src().address()).ifPresent(f::object);
        Describe.owner(v, first.dst().address()).ifPresent(f::object);
        f.evidence((j.packet().syn() ? "SYN" : "SYN-ACK") + " " + first.src() + " > " + first.dst() + ": MSS " + mss
                + " (" + first.packet() + ")");
        Describe.mtuEvidence(v, first.node(), first.iface()).ifPresent(f::evidence);
        Describe.mtuEvidence(v, narrow.node(), narrow.iface()).ifPresent(f::evidence);
        if (narrow.encapsulated()) {
            f.evidence(narrow.where() + ": " + narrow.encap().get(0));
        }
        if (peerMss > 0) {
            f.evidence("the other side's " + (j.packet().syn() ? "SYN-ACK" : "SYN") + ": MSS " + peerMss);
        }
        return f.build();
    }

    /** {@code service demo/web (10.96.88.10:80)}, {@code pod demo/web-1 (10.244.1.10)} or the address and port. */
    static String peer(AnalysisView v, Hop first) {
        Optional<ObjectRef> svc = v.cluster().serviceAt(first.dst().address(), first.dst().port(), "tcp");
        if (svc.isPresent()) {
            return "service " + svc.get().qualifiedName() + " (" + first.dst() + ")";
        }
        return Describe.owner(v, first.dst().address()).map(o -> (o.kind() == ObjectRef.Kind.NODE ? o.name()
                : o.toString()) + " (" + first.dst() + ")").orElse(first.dst().toString());
    }
}
