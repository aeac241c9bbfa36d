package io.hoptrace.rules.model;

import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.PacketRef;

import java.util.List;

/**
 * One sighting of a packet: where (node, interface, direction), when, and what it looked like there.
 *
 * @param node        node name (the bundle's nodes/&lt;node&gt;, or the capture file's name when there is no node)
 * @param iface       interface name (from ip-link.json by the SLL2 index, or the pcapng interface), or "?"
 * @param direction   in or out of that interface
 * @param timeNanos   capture time, nanoseconds since the epoch
 * @param delayMicros time since the previous hop of the journey (0 for the first), on the corrected clock when the
 *                    analysis corrected node clocks ({@link InputReport#clockOffsets}); negative when the packet was
 *                    seen before it left the previous hop (clocks the correction did not fit, or a capture whose
 *                    timestamps go backwards): reports say so, nothing clamps it
 * @param encap       tunnel headers around the packet, outermost first; empty when it travels bare
 * @param src         source as this hop saw it (after any NAT before it)
 * @param dst         destination as this hop saw it
 * @param nat         what changed since the previous hop (DNAT, SNAT); empty when nothing did
 * @param packet      the captured packet
 * @param length      the (inner) IP datagram's length on this hop: total length, or this fragment's length
 * @param ttl         IPv4 TTL or IPv6 hop limit of the inner packet
 * @param fragment    true when this sighting is an IPv4/IPv6 fragment
 * @param srcOwner    the pod, node or Service that owns {@code src}, or null
 * @param dstOwner    the pod, node or Service that owns {@code dst}, or null
 */
public record Hop(String node, String iface, Direction direction, long timeNanos, long delayMicros,
                  List<Encap> encap, Endpoint src, Endpoint dst, List<NatChange> nat, PacketRef packet, int length,
                  int ttl, boolean fragment, ObjectRef srcOwner, ObjectRef dstOwner) {
    public Hop {
        encap = List.copyOf(encap);
        nat = List.copyOf(nat);
    }

    public boolean encapsulated() {
        return !encap.isEmpty();
    }

    /** {@code node-a/cni0 in}. */
    public String where() {
        return node + "/" + iface + " " + direction.key();
    }
}
