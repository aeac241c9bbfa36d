package io.hoptrace.rules.catalog.overlay;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.TunnelPair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tunnel traffic summed per pair of nodes (both directions), for the overlay rules. */
final class Tunnels {
    private Tunnels() {
    }

    /** The tunnels between two endpoints, both directions. */
    static final class NodePair {
        final String type;
        final String a;
        final String b;
        final List<TunnelPair> tunnels = new ArrayList<>();
        long packets;
        long tunnelBytes;
        long innerBytes;

        NodePair(String type, String a, String b) {
            this.type = type;
            this.a = a;
            this.b = b;
        }

        double share() {
            long all = tunnelBytes + innerBytes;
            return all == 0 ? 0 : (double) tunnelBytes / all;
        }
    }

    /** Pairs keyed by type and the two outer addresses in order, in order of first appearance. */
    static List<NodePair> pairs(AnalysisView v, String type) {
        Map<String, NodePair> out = new LinkedHashMap<>();
        for (TunnelPair t : v.tunnels()) {
            if (type != null && !type.equals(t.type())) {
                continue;
            }
            boolean ordered = t.outerSrc().compareTo(t.outerDst()) <= 0;
            String a = ordered ? t.outerSrc() : t.outerDst();
            String b = ordered ? t.outerDst() : t.outerSrc();
            NodePair p = out.computeIfAbsent(t.type() + " " + a + " " + b, k -> new NodePair(t.type(), a, b));
            p.tunnels.add(t);
            p.packets += t.packets();
            p.tunnelBytes += t.tunnelBytes();
            p.innerBytes += t.innerBytes();
        }
        return new ArrayList<>(out.values());
    }

    /** {@code node-a (192.168.50.11)} or the address. */
    static String endpoint(AnalysisView v, String address) {
        return v.nodeOfAddress(address).map(n -> n + " (" + address + ")").orElse(address);
    }

    /** A kept journey with a hop in this tunnel, and that hop's index, or null. */
    static int[] journeyIn(AnalysisView v, NodePair p) {
        for (Journey j : v.journeys()) {
            for (int i = 0; i < j.hops().size(); i++) {
                Hop h = j.hops().get(i);
                if (h.encapsulated() && h.encap().get(0).type().equals(p.type)) {
                    String s = h.encap().get(0).outerSrc().address();
                    String d = h.encap().get(0).outerDst().address();
                    if ((s.equals(p.a) && d.equals(p.b)) || (s.equals(p.b) && d.equals(p.a))) {
                        return new int[] {j.id(), i};
                    }
                }
            }
        }
        return null;
    }

    static String typeName(String type) {
        return switch (type) {
            case "vxlan" -> "VXLAN";
            case "ipip" -> "IP-in-IP";
            case "ip6ip" -> "IPv6-in-IPv4";
            default -> type;
        };
    }
}
