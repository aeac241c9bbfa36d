package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.FragmentEvent;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mtu.fragmented}: IPv4 fragments (and IPv6 fragment headers). Where a journey shows the packet whole on one
 * hop and in fragments on the next, the finding names that hop: the interface whose MTU cut it (flannel.1 at 1450
 * for a 1500-byte pod MTU). One finding per (where it was cut, source, destination).
 */
public final class FragmentedRule implements Rule {
    public static final String ID = "mtu.fragmented";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "IP fragments: where packets were cut, and the MTU that cut them";
    }

    private static final class Group {
        final List<FragmentEvent> events = new ArrayList<>();
        final Set<Long> datagrams = new HashSet<>();
        int largest;
        Integer journey;
        int hop = -1;
        Hop cutAt;
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (FragmentEvent e : v.fragments()) {
            String key = e.flow().src() + " " + e.flow().dst() + " " + e.flow().proto();
            Group g = groups.computeIfAbsent(key, k -> new Group());
            g.events.add(e);
            g.datagrams.add(e.ipId());
            if (e.offset() + e.length() > g.largest) {
                g.largest = e.offset() + e.length();
            }
            Journey j = v.journey(e.journey()).orElse(null);
            if (j == null || g.cutAt != null) {
                continue;
            }
            int cut = cutHop(j);
            if (cut >= 0) {
                g.cutAt = j.hops().get(cut);
                g.journey = j.id();
                g.hop = cut;
            } else if (g.journey == null) {
                g.journey = j.id();
                g.hop = e.hop();
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            Group g = entry.getValue();
            FragmentEvent e = g.events.get(0);
            String src = Describe.address(v, e.flow().src());
            String dst = Describe.address(v, e.flow().dst());
            long mtu = g.cutAt == null ? -1 : v.node(g.cutAt.node()).flatMap(n -> n.link(g.cutAt.iface()))
                    .map(l -> l.mtu()).orElse(-1L);
            String where;
            String dedup = entry.getKey() + (g.cutAt != null ? " " + g.cutAt.node() + " " + g.cutAt.iface() : "");
            if (g.cutAt != null) {
                where = " are fragmented at " + g.cutAt.node() + " " + g.cutAt.iface()
                        + (mtu > 0 ? " (MTU " + mtu + ")" : "");
            } else {
                where = " arrive fragmented" + (e.iface().equals("-") ? " in " + e.node() : " on " + e.node() + " "
                        + e.iface());
            }
            String summary = e.flow().proto() + " packets from " + src + " to " + dst + where + ": "
                    + Describe.plural(g.datagrams.size(), "datagram", "datagrams") + " in "
                    + Describe.plural(g.events.size(), "fragment sighting", "fragment sightings");
            String sender = Describe.owner(v, e.flow().src()).map(Object::toString).orElse(e.flow().src());
            String fix = mtu > 0
                    ? "set the MTU of " + sender + " to " + mtu + " (or lower) so its packets fit the path unfragmented"
                    : "lower the MTU of " + sender + " to the path MTU so its packets are not fragmented (fragments "
                    + "are lost together, and conntrack and NAT must reassemble them)";
            Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix)
                    .node(g.cutAt != null ? g.cutAt.node() : e.node()).dedupKey(dedup)
                    .journey(g.journey, g.hop);
            for (FragmentEvent x : g.events) {
                f.packet(x.packet());
            }
            Describe.owner(v, e.flow().src()).ifPresent(f::object);
            Describe.owner(v, e.flow().dst()).ifPresent(f::object);
            if (g.cutAt != null) {
                Describe.mtuEvidence(v, g.cutAt.node(), g.cutAt.iface()).ifPresent(f::evidence);
            }
            out.add(f.build());
        }
        return out;
    }

    /** The first hop that sees a fragment right after a hop that saw the whole packet, or -1. */
    static int cutHop(Journey j) {
        for (int i = 1; i < j.hops().size(); i++) {
            if (j.hops().get(i).fragment() && !j.hops().get(i - 1).fragment()) {
                return i;
            }
        }
        return -1;
    }
}
