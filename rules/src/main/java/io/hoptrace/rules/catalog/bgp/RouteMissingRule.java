package io.hoptrace.rules.catalog.bgp;

import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpJsonRoute;
import io.hoptrace.decoders.state.IpPrefix;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.BgpEvent;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeState;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bgp.route-missing}: pod routes that BGP (Calico's BIRD) does not carry. Three cases: a speaker withdraws a
 * pod CIDR (UPDATE withdrawn routes) and does not announce it again, so its peers lose the route to the pods
 * behind it; a session comes up in the capture (OPEN, then UPDATEs) and the node never announces its own pod CIDR
 * (k8s.json {@code spec.podCIDR}); and packets to a pod stop at a node whose routing table (ip-route.json) has no
 * route to that pod's CIDR while the node takes its pod routes from BGP. Sessions closed by a NOTIFICATION are
 * bgp.session-down's.
 */
public final class RouteMissingRule implements Rule {
    public static final String ID = "bgp.route-missing";

    private static final String BIRD = "bird";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "pod CIDRs withdrawn or never announced over BGP, and traffic to pod CIDRs no route covers";
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        List<Finding> out = new ArrayList<>();
        Withdrawals.findings(v, out);
        neverAnnounced(v, out);
        unrouted(v, out);
        return out;
    }

    /** What a node's ip-route.json has for the prefix: its BGP route, or what is left instead. */
    static Optional<String> routeEvidence(AnalysisView v, String node, String prefix) {
        Optional<NodeState> n = v.node(node);
        IpPrefix p = IpPrefix.parse(prefix);
        if (n.isEmpty() || n.get().routes() == null || p == null) {
            return Optional.empty();
        }
        List<String> same = new ArrayList<>();
        boolean bgp = false;
        for (IpJsonRoute r : n.get().routes().routes()) {
            if (r.destination() != null && p.equals(IpPrefix.parse(r.destination()))) {
                same.add(route(r));
                bgp |= BIRD.equals(r.protocol());
            }
        }
        if (bgp) {
            return Optional.of(node + " ip-route: " + String.join("; ", same));
        }
        return Optional.of(node + " ip-route: no BGP (proto bird) route to " + prefix
                + (same.isEmpty() ? ", and no other" : "; what is left: " + String.join("; ", same)));
    }

    static String route(IpJsonRoute r) {
        return r.destination() + (r.gateway() != null ? " via " + InetLiteral.format(r.gateway()) : "")
                + (r.device() != null ? " dev " + r.device() : "") + (r.protocol() != null ? " proto " + r.protocol()
                : "");
    }

    // ---- never announced -------------------------------------------------------------------------------------

    private static void neverAnnounced(AnalysisView v, List<Finding> out) {
        Map<String, List<String>> cidrs = v.cluster().podCidrs();
        if (cidrs.isEmpty()) {
            return;
        }
        // speaker > peer: the OPEN that started the session, and the UPDATEs after it
        Map<String, BgpEvent> opened = new LinkedHashMap<>();
        Map<String, List<BgpEvent>> updates = new LinkedHashMap<>();
        for (BgpEvent e : v.bgpMessages()) {
            String key = e.from().address() + " " + e.to().address();
            String back = e.to().address() + " " + e.from().address();
            switch (e.type()) {
                case BgpEvent.OPEN -> {
                    opened.put(key, e);
                    updates.put(key, new ArrayList<>());
                }
                case BgpEvent.NOTIFICATION -> {
                    opened.remove(key);
                    opened.remove(back);
                }
                case BgpEvent.UPDATE -> {
                    if (opened.containsKey(key)) {
                        updates.get(key).add(e);
                    }
                }
                default -> {
                }
            }
        }
        for (Map.Entry<String, BgpEvent> s : opened.entrySet()) {
            List<BgpEvent> sent = updates.get(s.getKey());
            BgpEvent open = s.getValue();
            Optional<String> node = v.nodeOfAddress(open.from().address());
            if (sent.isEmpty() || node.isEmpty() || !cidrs.containsKey(node.get())) {
                continue;
            }
            for (String cidr : cidrs.get(node.get())) {
                if (!announces(sent, cidr)) {
                    out.add(unannounced(v, node.get(), cidr, open, sent));
                }
            }
        }
    }

    /** An UPDATE announced the CIDR, a prefix inside it (Calico's /26 blocks) or one covering it. */
    private static boolean announces(List<BgpEvent> sent, String cidr) {
        IpPrefix c = IpPrefix.parse(cidr);
        for (BgpEvent e : sent) {
            for (String a : e.announced()) {
                IpPrefix p = IpPrefix.parse(a);
                if (c == null || p == null ? a.equals(cidr)
                        : c.contains(IpPrefix.host(p.addressText())) || p.contains(IpPrefix.host(c.addressText()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Finding unannounced(AnalysisView v, String node, String cidr, BgpEvent open, List<BgpEvent> sent) {
        String speaker = speaker(v, open.from().address());
        String peer = speaker(v, open.to().address());
        String summary = speaker + " opened its BGP session with " + peer + " at " + time(open.timeNanos())
                + " and sent " + Describe.plural(sent.size(), "UPDATE", "UPDATEs") + ", but never announced its pod "
                + "CIDR " + cidr + ": " + peer + " has no BGP route to the pods on " + node;
        Finding.Builder f = Finding.of(ID, Severity.ERROR, summary)
                .fix("make " + node + " export " + cidr + ": check calico-node/BIRD on " + node + " (birdc show route "
                        + "export <peer>) and, in Calico, that " + node + " holds the IPAM block affinity for its pods' "
                        + "addresses")
                .node(node).dedupKey("unannounced " + cidr + " " + open.from().address() + " "
                        + open.to().address());
        f.packet(open.packet());
        sent.forEach(e -> f.packet(e.packet()));
        f.object(ObjectRef.node(node));
        v.nodeOfAddress(open.to().address()).ifPresent(n -> {
            f.object(ObjectRef.node(n));
            routeEvidence(v, n, cidr).ifPresent(f::evidence);
        });
        f.evidence("k8s.json: node " + node + " spec.podCIDR " + cidr);
        return f.build();
    }

    // ---- traffic no route covers -----------------------------------------------------------------------------

    private static void unrouted(AnalysisView v, List<Finding> out) {
        Map<String, List<String>> cidrs = v.cluster().podCidrs();
        Map<String, List<Journey>> groups = new LinkedHashMap<>();
        Map<String, String[]> what = new LinkedHashMap<>();
        for (Journey j : v.journeys()) {
            Hop last = j.last();
            String dst = last.dst().address();
            if (last.direction() != Direction.IN || last.encapsulated()) {
                continue;
            }
            Optional<NodeState> n = v.node(last.node());
            if (n.isEmpty() || n.get().routes() == null || !usesBgp(n.get())) {
                continue;
            }
            String[] cidr = podCidrOf(cidrs, dst);
            if (cidr == null || cidr[0].equals(last.node())) {
                continue;
            }
            Optional<IpJsonRoute> r;
            try {
                r = n.get().routes().lookup(InetLiteral.parse(dst));
            } catch (RuntimeException e) {
                continue;
            }
            if (r.isPresent() && !r.get().isDefault()) {
                continue;
            }
            String key = last.node() + " " + cidr[1];
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
            what.put(key, new String[] {last.node(), cidr[0], cidr[1]});
        }
        for (Map.Entry<String, List<Journey>> g : groups.entrySet()) {
            String[] w = what.get(g.getKey());
            out.add(unroutedFinding(v, w[0], w[1], w[2], g.getValue()));
        }
    }

    /** Routes installed by BIRD: the node takes its pod routes from BGP. */
    private static boolean usesBgp(NodeState n) {
        return n.routes().routes().stream().anyMatch(r -> BIRD.equals(r.protocol()));
    }

    /** {node, cidr} of the node whose pod CIDR holds the address, or null. */
    private static String[] podCidrOf(Map<String, List<String>> cidrs, String address) {
        IpPrefix host = IpPrefix.host(address);
        for (Map.Entry<String, List<String>> e : cidrs.entrySet()) {
            for (String c : e.getValue()) {
                IpPrefix p = IpPrefix.parse(c);
                if (p != null && p.contains(host)) {
                    return new String[] {e.getKey(), c};
                }
            }
        }
        return null;
    }

    private static Finding unroutedFinding(AnalysisView v, String node, String owner, String cidr,
                                           List<Journey> js) {
        Journey j = js.get(0);
        String dst = Describe.address(v, j.last().dst().address());
        Optional<IpJsonRoute> def = v.node(node).flatMap(n -> {
            try {
                return n.routes().lookup(InetLiteral.parse(j.last().dst().address()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
        String summary = Describe.plural(js.size(), "packet", "packets") + " to " + dst + (js.size() == 1 ? " stops at " : " stop at ")
                + Describe.where(j.last()) + ": " + node + " has no route to " + cidr + " (the pod CIDR of " + owner
                + ")" + def.map(r -> ", only the default route via " + (r.gateway() == null ? r.device()
                : InetLiteral.format(r.gateway()))).orElse("") + "; no BGP peer announces it to " + node;
        Finding.Builder f = Finding.of(ID, Severity.ERROR, summary)
                .fix("make " + owner + " announce " + cidr + " to " + node + ": check that their BGP session is "
                        + "established (birdc show protocols on both) and that " + owner + " exports it")
                .node(node).dedupKey("unrouted " + node + " " + cidr).journey(j.id(), Describe.lastHop(j));
        js.forEach(x -> f.packet(x.last().packet()));
        Describe.owner(v, j.last().dst().address()).ifPresent(f::object);
        f.object(ObjectRef.node(node));
        f.object(ObjectRef.node(owner));
        routeEvidence(v, node, cidr).ifPresent(f::evidence);
        f.evidence("k8s.json: node " + owner + " spec.podCIDR " + cidr);
        return f.build();
    }

    // ---- words -----------------------------------------------------------------------------------------------

    /** The node whose pod CIDR the prefix is (or lies in, or holds). */
    static Optional<String> ownerOf(AnalysisView v, String prefix) {
        IpPrefix p = IpPrefix.parse(prefix);
        if (p == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<String>> e : v.cluster().podCidrs().entrySet()) {
            for (String c : e.getValue()) {
                IpPrefix cp = IpPrefix.parse(c);
                if (cp != null && (cp.equals(p) || cp.contains(IpPrefix.host(p.addressText())))) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    static String speaker(AnalysisView v, String address) {
        return v.nodeOfAddress(address).map(n -> n + " (" + address + ")").orElse(address);
    }

    /** {@code node-a and node-b}, {@code node-a, node-b and 10.0.0.9}. */
    static String names(AnalysisView v, List<String> addresses) {
        Set<String> n = new LinkedHashSet<>();
        addresses.forEach(a -> n.add(v.nodeOfAddress(a).orElse(a)));
        List<String> l = new ArrayList<>(n);
        if (l.size() <= 1) {
            return String.join("", l);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    static String time(long nanos) {
        return Instant.ofEpochSecond(0, nanos).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
