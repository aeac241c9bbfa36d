package io.hoptrace.rules.model;

import java.util.List;

/**
 * The hops of one packet, in time order: its observations on every interface and node that captured it, grouped by
 * a fingerprint that survives TTL changes, tunnels and NAT. Only some packets get a journey (the first packets of
 * each flow and the notable ones: SYNs, retransmissions, fragments, oversized DF packets, ICMP errors), so memory
 * grows with flows, not packets.
 *
 * @param id        1-based, stable within one analysis; findings point to it
 * @param flowId    index of the flow in {@link io.hoptrace.rules.AnalysisView#flows()}
 * @param flow      the 5-tuple at the first hop
 * @param reply     true when the packet travels in the flow's reply direction
 * @param packet    what the packet was (length, flags, ...)
 * @param hops      sightings in time order (at most the engine's hop cap)
 * @param hopsDropped sightings past the cap, not kept
 */
public record Journey(int id, int flowId, FlowKey flow, boolean reply, PacketInfo packet, List<Hop> hops,
                      int hopsDropped) {
    public Journey {
        hops = List.copyOf(hops);
    }

    public Hop first() {
        return hops.get(0);
    }

    public Hop last() {
        return hops.get(hops.size() - 1);
    }

    /** The nodes it crossed, in order of first sighting. */
    public List<String> nodes() {
        return hops.stream().map(Hop::node).distinct().toList();
    }

    /** True when any hop saw it on {@code node}. */
    public boolean reached(String node) {
        for (Hop h : hops) {
            if (h.node().equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** Index of the first hop whose (inner) destination address is {@code address}, or -1. */
    public int firstHopTo(String address) {
        for (int i = 0; i < hops.size(); i++) {
            if (hops.get(i).dst().address().equals(address)) {
                return i;
            }
        }
        return -1;
    }
}
