package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.decoders.state.IpJsonLink;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.catalog.StateEvidence;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.IcmpErrorEvent;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code mtu.mismatch}: interface MTUs that disagree along the path pod traffic takes. Three shapes:
 * <ul>
 * <li>a pod's interface allows more than its path carries: its veth at 1500 on a node whose {@code cni0} and
 *     {@code flannel.1} carry 1450 (or Calico's {@code tunl0} 1480). A warning when the capture shows packets from
 *     that pod larger than the path (they were fragmented, refused with "fragmentation needed", or lost); info when
 *     none was seen, because it only bites when the pod sends large packets (TCP's MSS keeps most connections
 *     under it). A Flannel node whose pods all have 1450 is the normal setup and gives nothing.</li>
 * <li>a tunnel device larger than its underlay allows: {@code flannel.1} 1450 over an {@code eth0} of 1400, which
 *     leaves room for 1350 after the 50 bytes of VXLAN (warning).</li>
 * <li>the same tunnel device with different MTUs on different nodes (warning).</li>
 * </ul>
 */
public final class MismatchRule implements Rule {
    public static final String ID = "mtu.mismatch";

    /** Destinations named in a summary; the rest are counted. */
    private static final int NAMED_DESTINATIONS = 2;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "interface MTUs that disagree along a path (pod veth vs overlay, overlay vs underlay, across nodes)";
    }

    /** Packets from one pod interface that were larger than their path. */
    private static final class Oversized {
        final List<Journey> journeys = new ArrayList<>();
        final List<Integer> hops = new ArrayList<>();
        final List<IcmpErrorEvent> icmp = new ArrayList<>();
        long pathLimit = Long.MAX_VALUE;
        String limitedBy;
        int largest;
        String podIp;
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        Map<String, Set<String>> crossed = new HashMap<>();
        for (Journey j : v.journeys()) {
            for (Hop h : j.hops()) {
                crossed.computeIfAbsent(h.node(), k -> new HashSet<>()).add(h.iface());
            }
        }
        Map<String, NodeMtus> nodes = new LinkedHashMap<>();
        for (NodeState n : new TreeMap<>(v.nodes()).values()) {
            NodeMtus.of(n, crossed.getOrDefault(n.name(), Set.of())).ifPresent(m -> nodes.put(n.name(), m));
        }
        List<Finding> out = new ArrayList<>();
        for (NodeMtus m : nodes.values()) {
            for (NodeMtus.Overlay o : m.overlays) {
                if (o.underlayTooSmall()) {
                    out.add(underlayFinding(m, o));
                }
            }
        }
        out.addAll(acrossNodes(nodes));
        for (NodeMtus m : nodes.values()) {
            out.addAll(podFindings(v, m, nodes));
        }
        return out;
    }

    private static Finding underlayFinding(NodeMtus m, NodeMtus.Overlay o) {
        String node = m.node.name();
        String dev = o.link().name();
        long room = o.underlayRoom();
        String summary = node + "'s " + dev + " (" + o.label() + ") has MTU " + o.link().mtu() + " but "
                + o.underlay().name() + " under it has " + o.underlay().mtu() + ", which leaves " + room + " after the "
                + o.overhead() + " bytes " + o.label() + " adds: full-size packets between pods on different nodes"
                + " are fragmented or dropped on the way";
        String fix = "set " + dev + "'s MTU to " + room + " (" + o.underlay().name() + "'s " + o.underlay().mtu()
                + " minus " + o.overhead() + ") and the pods' MTU with it: Flannel derives it from the underlay when"
                + " flanneld starts (restart it after changing " + o.underlay().name() + ", then recreate the pods);"
                + " Calico takes it from its MTU setting";
        return Finding.of(ID, Severity.WARNING, summary).fix(fix).node(node).object(ObjectRef.node(node))
                .evidence(StateEvidence.link(node, o.link(), null))
                .evidence(StateEvidence.link(node, o.underlay(), room + " left after " + o.label()))
                .dedupKey("underlay " + node + " " + dev).build();
    }

    /** One finding per tunnel device name whose MTU differs between nodes. */
    private static List<Finding> acrossNodes(Map<String, NodeMtus> nodes) {
        Map<String, TreeMap<Long, List<String>>> byDevice = new LinkedHashMap<>();
        for (NodeMtus m : nodes.values()) {
            for (NodeMtus.Overlay o : m.overlays) {
                byDevice.computeIfAbsent(o.link().name(), k -> new TreeMap<>())
                        .computeIfAbsent(o.link().mtu(), k -> new ArrayList<>()).add(m.node.name());
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, List<String>>> e : byDevice.entrySet()) {
            TreeMap<Long, List<String>> mtus = e.getValue();
            if (mtus.size() < 2) {
                continue;
            }
            String dev = e.getKey();
            List<String> parts = new ArrayList<>();
            mtus.descendingMap().forEach((mtu, ns) -> parts.add(mtu + " on " + String.join(", ", ns)));
            long smallest = mtus.firstKey();
            String summary = dev + " has different MTUs on different nodes (" + String.join("; ", parts)
                    + "): pods on the nodes with the larger MTU send packets that do not fit the nodes with "
                    + smallest + ", so they are fragmented or refused there";
            String fix = "give " + dev + " the same MTU on every node (" + smallest + ", or what every underlay allows)"
                    + " and recreate the pods; usually the underlay MTUs differ (compare " + dev + "'s underlay on "
                    + "each node), and the network plugin derives " + dev + "'s MTU from it when it starts";
            Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix).dedupKey("across nodes " + dev);
            for (List<String> ns : mtus.values()) {
                for (String n : ns) {
                    f.object(ObjectRef.node(n));
                    NodeMtus m = nodes.get(n);
                    m.overlay(dev).ifPresent(o -> {
                        f.evidence(StateEvidence.link(n, o.link(), null));
                        if (o.underlay() != null) {
                            f.evidence(StateEvidence.link(n, o.underlay(), null));
                        }
                    });
                }
            }
            out.add(f.build());
        }
        return out;
    }

    private static List<Finding> podFindings(AnalysisView v, NodeMtus m, Map<String, NodeMtus> nodes) {
        String node = m.node.name();
        Map<String, IpJsonLink> candidates = new LinkedHashMap<>();
        for (IpJsonLink p : m.podInterfaces) {
            long limit = m.limit(p);
            if (limit > 0 && p.mtu() > limit) {
                candidates.put(p.name(), p);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<String, Oversized> seen = new LinkedHashMap<>();
        for (Journey j : v.journeys()) {
            Hop first = j.first();
            IpJsonLink p = candidates.get(first.iface());
            if (p == null || !first.node().equals(node) || first.direction() == Direction.OUT) {
                continue;
            }
            Oversized o = seen.computeIfAbsent(p.name(), k -> new Oversized());
            if (o.podIp == null) {
                o.podIp = first.src().address();
            }
            Limit path = pathLimit(m, j, nodes);
            if (path != null && path.mtu < p.mtu() && j.packet().length() > path.mtu) {
                o.journeys.add(j);
                o.hops.add(stopHop(j, nodes));
                if (path.mtu < o.pathLimit) {
                    o.pathLimit = path.mtu;
                    o.limitedBy = path.where;
                }
                o.largest = Math.max(o.largest, j.packet().length());
            }
        }
        List<Finding> out = new ArrayList<>();
        List<IpJsonLink> latent = new ArrayList<>();
        for (IpJsonLink p : candidates.values()) {
            Oversized o = seen.computeIfAbsent(p.name(), k -> new Oversized());
            if (o.podIp == null) {
                o.podIp = m.hostRoute(p.name()).orElse(null);
            }
            for (IcmpErrorEvent e : v.icmpErrors()) {
                if (e.fragmentationNeeded() && o.podIp != null && e.to() != null
                        && o.podIp.equals(e.to().address()) && e.mtu() > 0 && e.mtu() < p.mtu()) {
                    o.icmp.add(e);
                    if (e.mtu() < o.pathLimit) {
                        o.pathLimit = e.mtu();
                        o.limitedBy = "the MTU in " + e.node() + "'s fragmentation needed";
                    }
                    o.largest = Math.max(o.largest, e.quotedLength());
                }
            }
            if (o.journeys.isEmpty() && o.icmp.isEmpty()) {
                latent.add(p);
            } else {
                out.add(oversizedFinding(v, m, p, o));
            }
        }
        if (!latent.isEmpty()) {
            out.add(latentFinding(v, m, latent, seen));
        }
        return out;
    }

    /** The smallest MTU on a journey's way and where it is ({@code flannel.1 on node-a}). */
    private record Limit(long mtu, String where) {
    }

    /**
     * The smallest MTU the journey's packet had to leave through: every hop out of an interface after the first,
     * and, when it never left the sender's node, the device the node routes it to (where it stopped).
     */
    private static Limit pathLimit(NodeMtus m, Journey j, Map<String, NodeMtus> nodes) {
        Limit best = null;
        for (int i = 1; i < j.hops().size(); i++) {
            Hop h = j.hops().get(i);
            long fits = egressFits(h, nodes);
            if (fits > 0 && (best == null || fits < best.mtu)) {
                best = new Limit(fits, h.iface() + (h.encapsulated() ? " (after the tunnel headers)" : "") + " on "
                        + h.node());
            }
        }
        if (j.nodes().size() == 1) {
            Optional<NodeMtus.Egress> onwards = m.towards(j.last().dst().address());
            if (onwards.isPresent() && (best == null || onwards.get().fits() < best.mtu)) {
                best = new Limit(onwards.get().fits(), onwards.get().device() + " on " + m.node.name());
            }
        }
        return best;
    }

    /** What fits out of the hop's interface; -1 for a hop into an interface (an MTU does not limit arrivals). */
    private static long egressFits(Hop h, Map<String, NodeMtus> nodes) {
        NodeMtus at = nodes.get(h.node());
        return at == null || h.direction() == Direction.IN ? -1 : at.fits(h);
    }

    /** The first hop out of an interface too small for the packet (drawn red), else the last hop (where it stopped). */
    private static int stopHop(Journey j, Map<String, NodeMtus> nodes) {
        for (int i = 1; i < j.hops().size(); i++) {
            long fits = egressFits(j.hops().get(i), nodes);
            if (fits > 0 && fits < j.packet().length()) {
                return i;
            }
        }
        return j.hops().size() - 1;
    }

    private static Finding oversizedFinding(AnalysisView v, NodeMtus m, IpJsonLink p, Oversized o) {
        String node = m.node.name();
        String who = o.podIp == null ? "the pod on " + p.name() : Describe.address(v, o.podIp);
        Set<String> destinations = new LinkedHashSet<>();
        for (Journey j : o.journeys) {
            destinations.add(Describe.address(v, j.last().dst().address()));
        }
        for (IcmpErrorEvent e : o.icmp) {
            if (e.quoted() != null) {
                destinations.add(Describe.address(v, e.quoted().dst()));
            }
        }
        List<String> named = new ArrayList<>(destinations).subList(0, Math.min(destinations.size(),
                NAMED_DESTINATIONS));
        String to = named.isEmpty() ? "" : " to " + String.join(" and ", named)
                + (destinations.size() > named.size() ? " and " + (destinations.size() - named.size()) + " more" : "");
        List<String> seenHow = new ArrayList<>();
        if (!o.journeys.isEmpty()) {
            seenHow.add(Describe.plural(o.journeys.size(), "packet", "packets") + " of up to " + o.largest
                    + " bytes did not fit");
        }
        if (!o.icmp.isEmpty()) {
            seenHow.add(o.icmp.get(0).node() + " answered fragmentation needed (MTU " + o.icmp.get(0).mtu() + ") "
                    + Describe.times(o.icmp.size()));
        }
        String summary = who + " has MTU " + p.mtu() + " (" + p.name() + " on " + node + ") but its path" + to
                + " carries " + o.pathLimit + " (" + o.limitedBy + "): " + String.join("; ", seenHow);
        String pod = o.podIp == null ? "the pod on " + p.name() : Describe.owner(v, o.podIp).map(Object::toString)
                .orElse(o.podIp);
        Finding.Builder f = Finding.of(ID, Severity.WARNING, summary).fix(fix(m, p, pod, o.pathLimit)).node(node)
                .dedupKey("pod " + node + " " + p.name());
        if (!o.journeys.isEmpty()) {
            f.journey(o.journeys.get(0).id(), o.hops.get(0));
        }
        for (Journey j : o.journeys) {
            f.packet(j.first().packet());
        }
        for (IcmpErrorEvent e : o.icmp) {
            f.packet(e.packet());
        }
        if (o.podIp != null) {
            Describe.owner(v, o.podIp).ifPresent(f::object);
        }
        for (Journey j : o.journeys) {
            Describe.owner(v, j.last().dst().address()).ifPresent(f::object);
        }
        evidence(m, p, f);
        return f.build();
    }

    private static Finding latentFinding(AnalysisView v, NodeMtus m, List<IpJsonLink> latent,
                                         Map<String, Oversized> seen) {
        String node = m.node.name();
        long limit = latent.stream().mapToLong(m::limit).min().orElse(-1);
        long mtu = latent.stream().mapToLong(IpJsonLink::mtu).max().orElse(-1);
        List<String> names = new ArrayList<>();
        for (IpJsonLink p : latent) {
            String ip = seen.get(p.name()).podIp;
            names.add(p.name() + (ip == null ? "" : " (" + Describe.address(v, ip) + ")"));
        }
        IpJsonLink p = latent.get(0);
        String which = latent.size() == 1 ? "a pod's interface " + names.get(0) + " has"
                : latent.size() + " pod interfaces (" + String.join(", ", names) + ") have";
        String summary = "on " + node + ", " + which + " MTU " + mtu + " but its packets can leave with at most "
                + limit
                + " (" + path(m, p) + "): no larger packet was seen in this capture, but large packets from "
                + (latent.size() == 1 ? "that pod" : "those pods")
                + " will be fragmented, refused with fragmentation needed, or dropped";
        String ip = seen.get(p.name()).podIp;
        String pod = latent.size() > 1 ? "those pods" : ip == null ? "that pod"
                : Describe.owner(v, ip).map(Object::toString).orElse(ip);
        Finding.Builder f = Finding.of(ID, Severity.INFO, summary).fix(fix(m, p, pod, limit)).node(node)
                .dedupKey("latent " + node);
        for (IpJsonLink l : latent) {
            String lip = seen.get(l.name()).podIp;
            if (lip != null) {
                Describe.owner(v, lip).ifPresent(f::object);
            }
        }
        for (IpJsonLink l : latent) {
            f.evidence(StateEvidence.link(node, l, null));
        }
        evidence(m, p, f);
        return f.build();
    }

    private static String fix(NodeMtus m, IpJsonLink p, String pod, long limit) {
        long peers = m.podInterfaces.stream().filter(x -> x != p && x.mtu() == limit).count();
        return "set the MTU of " + pod + " to " + limit
                + (peers > 0 ? ", as the other pods on " + m.node.name() + " have" : "")
                + ": the CNI configuration's mtu sets it when a pod is created, so correct whatever changed it (the"
                + " CNI config, an init container, the image) and recreate the pod";
    }

    /** {@code flannel.1 1450, the other pods on cni0 1450}: what limits a pod's packets on its way out. */
    private static String path(NodeMtus m, IpJsonLink pod) {
        List<String> parts = new ArrayList<>();
        for (NodeMtus.Overlay o : m.overlays) {
            parts.add(o.link().name() + " " + o.link().mtu());
        }
        long peers = m.bridgePeers(pod);
        if (peers > 0 && peers < pod.mtu()) {
            parts.add("the other pods on " + pod.master() + " " + peers);
        }
        return String.join(", ", parts);
    }

    private static void evidence(NodeMtus m, IpJsonLink p, Finding.Builder f) {
        String node = m.node.name();
        f.evidence(StateEvidence.link(node, p, null));
        m.bridgeOf(p).ifPresent(b -> f.evidence(StateEvidence.link(node, b, null)));
        for (NodeMtus.Overlay o : m.overlays) {
            f.evidence(StateEvidence.link(node, o.link(), null));
            if (o.underlay() != null) {
                f.evidence(StateEvidence.link(node, o.underlay(), o.underlayRoom() + " left after " + o.label()));
            }
        }
        Optional.ofNullable(m.node.routes()).ifPresent(r -> {
            for (NodeMtus.Overlay o : m.overlays) {
                r.viaDevice(o.link().name()).stream().findFirst().ifPresent(route -> f.evidence(node
                        + " ip-route.json: " + route.destination() + " dev " + o.link().name()));
            }
        });
    }
}
