package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.IcmpErrorEvent;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mtu.blackhole}: packets that may not be fragmented (IPv4 DF, or IPv6), too big for the path, that never
 * reach the far side: either the node that refuses them answers "fragmentation needed" and the sender keeps
 * sending the same size (the ICMP is ignored or filtered on the way back), or nothing answers at all. The finding
 * sits on the hop where the packets stop and names the MTU there.
 */
public final class BlackholeRule implements Rule {
    public static final String ID = "mtu.blackhole";

    static final Threshold<Long> MIN_PACKETS = Threshold.ofLong("mtu.blackhole.min-packets", 2,
            "oversized packets that must stop before a flow counts as black-holed (with no ICMP answer, 1 is enough)");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "DF packets too big for the path that never arrive (fragmentation needed ignored or lost)";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(MIN_PACKETS);
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<Integer, IcmpErrorEvent> errorByCause = new HashMap<>();
        for (IcmpErrorEvent e : v.icmpErrors()) {
            if (e.fragmentationNeeded() && e.causeJourney() != null) {
                errorByCause.putIfAbsent(e.causeJourney(), e);
            }
        }
        Map<String, List<Journey>> groups = new LinkedHashMap<>();
        Map<String, Integer> pathMtu = new HashMap<>();
        for (Journey j : v.journeys()) {
            if (!j.packet().dontFragment() || j.hops().isEmpty() || j.packet().length() <= 576) {
                continue;
            }
            Hop last = j.last();
            String dst = j.flow().dst();
            Optional<String> dstNode = v.nodeOf(last.dst().address());
            IcmpErrorEvent err = errorByCause.get(j.id());
            int mtu = err != null && err.mtu() > 0 ? err.mtu() : egressMtu(v, last);
            if (mtu <= 0 || j.packet().length() <= mtu) {
                continue;
            }
            boolean stopped = dstNode.isPresent() ? !j.reached(dstNode.get()) : err != null;
            if (!stopped || (dstNode.isPresent() && dstNode.get().equals(last.node()) && err == null)) {
                continue;
            }
            String key = j.flowId() + " " + last.node() + " " + last.iface() + " " + dst;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
            pathMtu.merge(key, mtu, Math::min);
        }
        long min = v.thresholds().getLong(MIN_PACKETS);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Journey>> g : groups.entrySet()) {
            List<Journey> js = g.getValue();
            long answered = js.stream().filter(j -> errorByCause.containsKey(j.id())).count();
            if (js.size() < min && answered > 0) {
                continue;
            }
            out.add(finding(v, g.getKey(), js, answered, pathMtu.get(g.getKey()), errorByCause));
        }
        return out;
    }

    private Finding finding(AnalysisView v, String key, List<Journey> js, long answered, int mtu,
                            Map<Integer, IcmpErrorEvent> errors) {
        Journey j = js.get(0);
        Hop first = j.first();
        Hop last = j.last();
        String src = Describe.address(v, j.flow().src());
        String dst = Describe.address(v, last.dst().address());
        String far = v.nodeOf(last.dst().address()).map(n -> n).orElse("the destination");
        int size = js.stream().mapToInt(x -> x.packet().length()).max().orElse(j.packet().length());
        String icmp;
        if (answered > 0) {
            IcmpErrorEvent e = errors.get(js.stream().filter(x -> errors.containsKey(x.id())).findFirst()
                    .map(Journey::id).orElse(j.id()));
            icmp = "; " + e.node() + " answered fragmentation needed (MTU " + e.mtu() + ") "
                    + Describe.times(answered) + ", and the sender kept sending " + size + "-byte packets";
        } else {
            icmp = "; no ICMP fragmentation needed came back, so the sender cannot learn the path MTU";
        }
        String summary = Describe.plural(js.size(), "packet", "packets") + " of " + size + " bytes with DF from "
                + src + " to " + dst + " never reach " + far + ": they stop at " + Describe.where(last)
                + ", where the path allows " + mtu + icmp;
        String sender = Describe.owner(v, j.flow().src()).map(Object::toString).orElse(j.flow().src());
        long firstMtu = v.node(first.node()).flatMap(n -> n.link(first.iface())).map(l -> l.mtu()).orElse(-1L);
        String fix = "set the MTU of " + sender + " to " + mtu
                + (firstMtu > mtu ? " (its interface " + first.iface() + " on " + first.node() + " has " + firstMtu
                + ")" : "")
                + (answered > 0 ? "" : ", and let ICMP type 3 code 4 through to it so path MTU discovery works");
        Finding.Builder f = Finding.of(ID, Severity.ERROR, summary).fix(fix).node(last.node()).dedupKey(key)
                .journey(j.id(), j.hops().size() - 1);
        for (Journey x : js) {
            f.packet(x.last().packet());
            IcmpErrorEvent e = errors.get(x.id());
            if (e != null) {
                f.packet(e.packet());
            }
        }
        Describe.owner(v, j.flow().src()).ifPresent(f::object);
        Describe.owner(v, last.dst().address()).ifPresent(f::object);
        Describe.mtuEvidence(v, first.node(), first.iface()).ifPresent(f::evidence);
        egressDevice(v, last).flatMap(dev -> Describe.mtuEvidence(v, last.node(), dev)).ifPresent(f::evidence);
        return f.build();
    }

    /** The MTU of the device the stopping node routes the destination through (ip-route.json + ip-link.json). */
    private static int egressMtu(AnalysisView v, Hop last) {
        Optional<String> dev = egressDevice(v, last);
        if (dev.isEmpty()) {
            return -1;
        }
        return v.node(last.node()).flatMap(n -> n.link(dev.get())).map(l -> (int) l.mtu()).orElse(-1);
    }

    private static Optional<String> egressDevice(AnalysisView v, Hop last) {
        Optional<NodeState> n = v.node(last.node());
        if (n.isEmpty() || n.get().routes() == null) {
            return Optional.empty();
        }
        try {
            return n.get().routes().lookup(InetLiteral.parse(last.dst().address()))
                    .map(r -> r.device()).filter(d -> d != null && !d.equals(last.iface()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
