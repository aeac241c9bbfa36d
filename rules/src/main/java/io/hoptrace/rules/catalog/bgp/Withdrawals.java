package io.hoptrace.rules.catalog.bgp;

import io.hoptrace.decoders.state.IpPrefix;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.BgpEvent;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * bgp.route-missing's first case: prefixes a speaker withdraws (UPDATE withdrawn routes). One finding per speaker
 * for the prefixes it did not announce again (error: its peers lost the routes), one for those it announced again
 * (a flap, warning). Pod CIDRs of k8s.json nodes are named and listed first; the packets sent into a withdrawn
 * IPv4 prefix afterwards are counted.
 */
final class Withdrawals {
    /** Prefixes named in a summary; the rest are counted. */
    static final int LISTED = 6;

    private Withdrawals() {
    }

    private static final class Withdrawal {
        final String prefix;
        final String speaker;
        final Optional<String> owner;
        final List<BgpEvent> updates = new ArrayList<>();
        /** peer address -> the UPDATE that announced it again after the withdrawal, or null */
        final Map<String, BgpEvent> peers = new LinkedHashMap<>();
        final List<Journey> traffic = new ArrayList<>();

        Withdrawal(String prefix, String speaker, Optional<String> owner) {
            this.prefix = prefix;
            this.speaker = speaker;
            this.owner = owner;
        }

        boolean stillWithdrawn() {
            return peers.containsValue(null);
        }

        long time() {
            return updates.get(0).timeNanos();
        }
    }

    static void findings(AnalysisView v, List<Finding> out) {
        Map<String, Withdrawal> byKey = new LinkedHashMap<>();
        for (BgpEvent e : v.bgpMessages()) {
            if (e.type() != BgpEvent.UPDATE) {
                continue;
            }
            String speaker = e.from().address();
            String peer = e.to().address();
            for (String p : e.announced()) {
                Withdrawal w = byKey.get(p + " " + speaker);
                if (w != null && w.peers.containsKey(peer) && w.peers.get(peer) == null) {
                    w.peers.put(peer, e);
                }
            }
            for (String p : e.withdrawn()) {
                Withdrawal w = byKey.computeIfAbsent(p + " " + speaker,
                        k -> new Withdrawal(p, speaker, RouteMissingRule.ownerOf(v, p)));
                w.updates.add(e);
                w.peers.put(peer, null);
            }
        }
        if (byKey.isEmpty()) {
            return;
        }
        traffic(v, byKey.values());
        Map<String, List<Withdrawal>> groups = new LinkedHashMap<>();
        for (Withdrawal w : byKey.values()) {
            groups.computeIfAbsent(w.speaker + " " + (w.stillWithdrawn() ? "withdrawn" : "flapped"),
                    k -> new ArrayList<>()).add(w);
        }
        for (Map.Entry<String, List<Withdrawal>> g : groups.entrySet()) {
            List<Withdrawal> ws = new ArrayList<>(g.getValue());
            ws.sort((a, b) -> Boolean.compare(b.owner.isPresent(), a.owner.isPresent()));
            out.add(finding(v, g.getKey(), ws));
        }
    }

    /**
     * Journeys into each withdrawn IPv4 prefix after its withdrawal: the prefixes indexed by length and masked
     * network, so each hop's destination is looked up once per prefix length, not once per prefix.
     */
    private static void traffic(AnalysisView v, Iterable<Withdrawal> all) {
        Map<Integer, Map<Integer, List<Withdrawal>>> index = new HashMap<>();
        for (Withdrawal w : all) {
            IpPrefix p = IpPrefix.parse(w.prefix);
            if (p != null && p.isIpv4()) {
                index.computeIfAbsent(p.length(), k -> new HashMap<>())
                        .computeIfAbsent(v4(p.address()) & mask(p.length()), k -> new ArrayList<>()).add(w);
            }
        }
        if (index.isEmpty()) {
            return;
        }
        Map<String, Integer> parsed = new HashMap<>();
        for (Journey j : v.journeys()) {
            Set<Withdrawal> hit = new LinkedHashSet<>(0);
            for (Hop h : j.hops()) {
                Integer a = parsed.computeIfAbsent(h.dst().address(), Withdrawals::v4OrNull);
                if (a == null) {
                    continue;
                }
                for (Map.Entry<Integer, Map<Integer, List<Withdrawal>>> byLength : index.entrySet()) {
                    List<Withdrawal> ws = byLength.getValue().get(a & mask(byLength.getKey()));
                    if (ws != null) {
                        hit.addAll(ws);
                    }
                }
            }
            for (Withdrawal w : hit) {
                if (j.first().timeNanos() > w.time()) {
                    w.traffic.add(j);
                }
            }
        }
    }

    private static Integer v4OrNull(String address) {
        byte[] b = IpPrefix.parseAddress(address);
        return b == null || b.length != 4 ? null : v4(b);
    }

    private static int v4(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    private static Finding finding(AnalysisView v, String key, List<Withdrawal> ws) {
        Withdrawal first = ws.get(0);
        boolean still = first.stillWithdrawn();
        String speaker = RouteMissingRule.speaker(v, first.speaker);
        List<String> peers = new ArrayList<>();
        Set<String> owners = new LinkedHashSet<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Withdrawal w : ws) {
            w.peers.forEach((peer, again) -> {
                if ((again == null) == still && !peers.contains(peer)) {
                    peers.add(peer);
                }
            });
            w.owner.ifPresent(owners::add);
            start = Math.min(start, w.time());
            end = Math.max(end, w.time());
        }
        String peerNames = RouteMissingRule.names(v, peers);
        String pods = owners.isEmpty() ? (ws.size() == 1 ? "in it" : "in them")
                : "on " + String.join(" and ", owners);
        String lose = peers.size() == 1 ? " loses its" : " lose their";
        String when = start == end ? "at " + RouteMissingRule.time(start)
                : "between " + RouteMissingRule.time(start) + " and " + RouteMissingRule.time(end);
        String summary;
        if (ws.size() == 1) {
            String what = first.prefix + first.owner.map(n -> " (the pod CIDR of " + n + ")").orElse("");
            summary = still
                    ? speaker + " withdrew " + what + " from " + peerNames + " " + when
                    + " and did not announce it again: " + peerNames + lose + " BGP route to the pods " + pods
                    : speaker + " withdrew " + what + " from " + peerNames + " " + when + " and announced it again "
                    + RouteMissingRule.seconds(first.peers.values().iterator().next().timeNanos() - first.time())
                    + " later: the route to the pods " + pods + " flapped";
        } else {
            String what = ws.size() + " prefixes (" + listed(ws) + ")";
            summary = still
                    ? speaker + " withdrew " + what + " from " + peerNames + " " + when
                    + " and did not announce them again: " + peerNames + lose + " BGP routes to them"
                    + (owners.isEmpty() ? "" : ", the pods on " + String.join(" and ", owners) + " among them")
                    : speaker + " withdrew " + what + " from " + peerNames + " " + when + " and announced them again:"
                    + " the routes flapped";
        }
        long packets = ws.stream().mapToLong(w -> w.traffic.size()).sum();
        if (packets > 0) {
            long reached = ws.stream().flatMap(w -> w.traffic.stream().filter(j -> w.owner.isPresent()
                    && j.reached(w.owner.get()))).count();
            summary += "; " + Describe.plural(packets, "packet", "packets") + " to "
                    + (ws.size() == 1 ? "it" : "them") + " followed" + (owners.isEmpty() ? ""
                    : ", " + reached + " reached " + String.join(" or ", owners));
        }
        String node = v.nodeOfAddress(first.speaker).orElse(first.updates.get(0).node());
        String fix = "find why " + speaker + " stopped announcing " + (ws.size() == 1 ? first.prefix : "them") + ": on "
                + (owners.isEmpty() ? "that node" : String.join(" and ", owners)) + " check the BGP daemon "
                + "(calico-node/BIRD: birdc show protocols, birdc show route export <peer>) and, in Calico, the IPAM "
                + "block affinities for the node; restarting calico-node there announces its routes again";
        Finding.Builder f = Finding.of(RouteMissingRule.ID, still ? Severity.ERROR : Severity.WARNING, summary)
                .fix(fix).node(node).dedupKey("withdrawn " + key);
        int lines = 0;
        for (Withdrawal w : ws) {
            for (BgpEvent e : w.updates) {
                f.packet(e.packet());
                if (lines++ < 2 * LISTED) {
                    f.evidence("UPDATE " + e.from() + " > " + e.to() + " withdraws " + w.prefix + " (" + e.packet()
                            + ")");
                }
            }
            for (BgpEvent e : w.peers.values()) {
                if (e != null && lines++ < 2 * LISTED) {
                    f.packet(e.packet());
                    f.evidence("UPDATE " + e.from() + " > " + e.to() + " announces " + w.prefix + " again ("
                            + e.packet() + ")");
                }
            }
        }
        v.nodeOfAddress(first.speaker).ifPresent(n -> f.object(ObjectRef.node(n)));
        owners.forEach(n -> f.object(ObjectRef.node(n)));
        for (String peer : peers) {
            v.nodeOfAddress(peer).ifPresent(n -> {
                f.object(ObjectRef.node(n));
                for (Withdrawal w : ws.subList(0, Math.min(LISTED, ws.size()))) {
                    RouteMissingRule.routeEvidence(v, n, w.prefix).ifPresent(f::evidence);
                }
            });
        }
        ws.stream().filter(w -> !w.traffic.isEmpty()).findFirst().ifPresent(w -> {
            Journey j = w.traffic.get(0);
            f.journey(j.id(), Describe.lastHop(j));
            w.traffic.forEach(x -> f.packet(x.first().packet()));
        });
        return f.build();
    }

    /** The first prefixes, pod CIDRs named, and how many more. */
    private static String listed(List<Withdrawal> ws) {
        List<String> names = new ArrayList<>();
        for (Withdrawal w : ws.subList(0, Math.min(LISTED, ws.size()))) {
            names.add(w.prefix + w.owner.map(n -> " (the pod CIDR of " + n + ")").orElse(""));
        }
        return String.join(", ", names) + (ws.size() > LISTED ? " and " + (ws.size() - LISTED) + " more" : "");
    }
}
