package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpJsonLink;
import io.hoptrace.decoders.state.IpJsonRoute;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One node's interfaces as the MTU rules see them: the tunnel devices that carry pod traffic between nodes (with
 * the underlay each one rides on and the bytes its headers add), the interfaces pods hang on, and what fits through
 * each. Built from ip-link.json and ip-route.json, plus the interfaces journeys crossed.
 */
final class NodeMtus {
    /** Outer IPv4 + UDP + VXLAN + inner Ethernet: Flannel's 1450 on a 1500 underlay. */
    static final int VXLAN_OVERHEAD = 50;
    /** Outer IPv4 header: Calico's 1480. */
    static final int IPIP_OVERHEAD = 20;
    /** Outer IPv4 + UDP + WireGuard header and tag: Calico's 1440. */
    static final int WIREGUARD_OVERHEAD = 60;

    /**
     * A tunnel device that carries pod traffic.
     *
     * @param label    what it is, for people: "VXLAN", "IP-in-IP", "WireGuard"
     * @param overhead bytes its encapsulation adds in front of each packet
     * @param underlay the device the encapsulated packets leave through, or null when not known
     */
    record Overlay(IpJsonLink link, String label, int overhead, IpJsonLink underlay) {
        /** What fits through it: its MTU, or less when the underlay cannot carry that plus the headers. */
        long fits() {
            return underlayRoom() > 0 ? Math.min(link.mtu(), underlayRoom()) : link.mtu();
        }

        /** The underlay's MTU minus the headers, or -1 without an underlay. */
        long underlayRoom() {
            return underlay == null || underlay.mtu() <= 0 ? -1 : underlay.mtu() - overhead;
        }

        boolean underlayTooSmall() {
            return underlayRoom() > 0 && underlayRoom() < link.mtu();
        }
    }

    final NodeState node;
    final List<Overlay> overlays = new ArrayList<>();
    final List<IpJsonLink> podInterfaces = new ArrayList<>();

    private NodeMtus(NodeState node) {
        this.node = node;
    }

    /** {@code crossed}: interfaces of this node that journeys were seen on (a tunnel seen in use carries traffic). */
    static Optional<NodeMtus> of(NodeState n, Set<String> crossed) {
        if (n.links() == null) {
            return Optional.empty();
        }
        NodeMtus m = new NodeMtus(n);
        IpJsonLink defaultDevice = defaultRouteDevice(n);
        for (IpJsonLink l : n.links().links()) {
            Overlay o = overlay(n, l, defaultDevice);
            if (o != null && l.mtu() > 0 && (carries(n, l) || crossed.contains(l.name()))) {
                m.overlays.add(o);
            }
        }
        for (IpJsonLink l : n.links().links()) {
            if (l.mtu() > 0 && m.isPodInterface(l, defaultDevice)) {
                m.podInterfaces.add(l);
            }
        }
        return Optional.of(m);
    }

    private static Overlay overlay(NodeState n, IpJsonLink l, IpJsonLink defaultDevice) {
        String kind = l.kind() == null ? kindByName(l.name()) : l.kind().toLowerCase(Locale.ROOT);
        String label;
        int overhead;
        switch (kind) {
            case "vxlan", "geneve" -> {
                label = kind.equals("vxlan") ? "VXLAN" : "Geneve";
                overhead = VXLAN_OVERHEAD;
            }
            case "ipip", "sit" -> {
                label = "IP-in-IP";
                overhead = IPIP_OVERHEAD;
            }
            case "wireguard" -> {
                label = "WireGuard";
                overhead = WIREGUARD_OVERHEAD;
            }
            default -> {
                return null;
            }
        }
        IpJsonLink underlay = defaultDevice;
        if (l.vxlan() != null && l.vxlan().device() != null) {
            underlay = n.link(l.vxlan().device()).orElse(defaultDevice);
        }
        return new Overlay(l, label, overhead, underlay);
    }

    /** Tunnel devices by the names their plugins give them, for ip-link.json without -d. */
    private static String kindByName(String name) {
        if (name.startsWith("flannel.") || name.equals("vxlan.calico") || name.equals("cilium_vxlan")) {
            return "vxlan";
        }
        if (name.equals("tunl0")) {
            return "ipip";
        }
        if (name.equals("wireguard.cali") || name.equals("flannel-wg")) {
            return "wireguard";
        }
        return "";
    }

    /** A tunnel carries pod traffic when routes point at it (Calico's tunl0 exists, unused, in BGP-only mode). */
    private static boolean carries(NodeState n, IpJsonLink l) {
        if (n.routes() == null) {
            return l.up();
        }
        return !n.routes().viaDevice(l.name()).isEmpty();
    }

    private static IpJsonLink defaultRouteDevice(NodeState n) {
        if (n.routes() == null) {
            return n.link("eth0").orElse(null);
        }
        for (IpJsonRoute r : n.routes().routes()) {
            boolean main = r.table() == null || r.table().equals("main");
            if (main && r.isDefault() && r.device() != null && !"inet6".equals(r.family())) {
                return n.link(r.device()).orElse(null);
            }
        }
        return null;
    }

    /**
     * The host side of a pod's interface: a port of a bridge (Flannel's cni0), or a veth a host route points at
     * (Calico's cali*). Underlay devices are never pods' (the lab's eth0 is a veth without a bridge).
     */
    private boolean isPodInterface(IpJsonLink l, IpJsonLink defaultDevice) {
        if (defaultDevice != null && l.name().equals(defaultDevice.name())
                || overlays.stream().anyMatch(o -> o.link.name().equals(l.name())
                || o.underlay != null && o.underlay.name().equals(l.name()))) {
            return false;
        }
        if (l.master() != null) {
            return node.link(l.master()).map(b -> "bridge".equals(b.kind()) || b.kind() == null).orElse(false);
        }
        return hostRoute(l.name()).isPresent();
    }

    /** The address of a host route through the interface (Calico: 10.244.0.11 dev cali7d4fbe13e8b), if any. */
    Optional<String> hostRoute(String iface) {
        if (node.routes() == null) {
            return Optional.empty();
        }
        for (IpJsonRoute r : node.routes().viaDevice(iface)) {
            if (r.network() != null && r.prefixLength() == r.network().getAddress().length * 8) {
                return Optional.of(InetLiteral.format(r.network()));
            }
        }
        return Optional.empty();
    }

    /** The bridge the interface is a port of, if any. */
    Optional<IpJsonLink> bridgeOf(IpJsonLink pod) {
        return pod.master() == null ? Optional.empty() : node.link(pod.master()).filter(b -> b.mtu() > 0);
    }

    /**
     * The smallest MTU of the other pods on the same bridge: bridged packets larger than the port they leave through
     * are dropped without an ICMP error. -1 when the interface is not a bridge port or has no peers.
     */
    long bridgePeers(IpJsonLink pod) {
        if (pod.master() == null) {
            return -1;
        }
        return podInterfaces.stream().filter(x -> x != pod && pod.master().equals(x.master()))
                .mapToLong(IpJsonLink::mtu).min().orElse(-1);
    }

    /**
     * The most a pod's packets can be on their way out (an MTU limits what leaves an interface, not what arrives):
     * the tunnel devices to other nodes, and the other pods' interfaces on its bridge. -1 when nothing limits it. A
     * tunnel too big for its underlay is a finding of its own, not the pods'.
     */
    long limit(IpJsonLink pod) {
        long limit = Long.MAX_VALUE;
        long peers = bridgePeers(pod);
        if (peers > 0) {
            limit = peers;
        }
        for (Overlay o : overlays) {
            limit = Math.min(limit, o.link().mtu());
        }
        return limit == Long.MAX_VALUE ? -1 : limit;
    }

    Optional<Overlay> overlay(String name) {
        return overlays.stream().filter(o -> o.link.name().equals(name)).findFirst();
    }

    /**
     * What fits through the interface of a hop: the device's MTU, less the tunnel's headers on an underlay hop that
     * carries the packet encapsulated, or what a tunnel device can pass. -1 when the interface is unknown.
     */
    long fits(Hop h) {
        Optional<IpJsonLink> l = node.link(h.iface());
        if (l.isEmpty() || l.get().mtu() <= 0) {
            return -1;
        }
        if (h.encapsulated()) {
            String type = h.encap().get(0).type();
            int overhead = Encap.VXLAN.equals(type) ? VXLAN_OVERHEAD : IPIP_OVERHEAD;
            return l.get().mtu() - overhead;
        }
        return overlay(h.iface()).map(Overlay::fits).orElse(l.get().mtu());
    }

    /** A device packets leave through and what fits through it. */
    record Egress(String device, long fits) {
    }

    /** The device the node routes {@code address} through, and what fits through it. */
    Optional<Egress> towards(String address) {
        if (node.routes() == null) {
            return Optional.empty();
        }
        try {
            Optional<IpJsonRoute> r = node.routes().lookup(InetLiteral.parse(address));
            if (r.isEmpty() || r.get().device() == null) {
                return Optional.empty();
            }
            String dev = r.get().device();
            Optional<Overlay> o = overlay(dev);
            if (o.isPresent()) {
                return Optional.of(new Egress(dev, o.get().fits()));
            }
            return node.link(dev).filter(l -> l.mtu() > 0).map(l -> new Egress(dev, l.mtu()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
