package io.hoptrace.rules.model;

import io.hoptrace.rules.PacketRef;

/**
 * Encapsulated traffic between two tunnel endpoints (the outer addresses of VXLAN or IP-in-IP), one direction,
 * each packet counted once however many interfaces saw it in its tunnel.
 *
 * @param type        {@link Encap#VXLAN}, {@link Encap#IPIP} or {@link Encap#IP6IP} (the outermost tunnel)
 * @param outerSrc    outer source address (the sending node)
 * @param outerDst    outer destination address
 * @param packets     packets carried
 * @param tunnelBytes bytes of tunnel headers (outer IP, UDP, VXLAN, inner Ethernet) over those packets
 * @param innerBytes  bytes of the inner IP packets
 * @param first       the first packet seen in this tunnel
 * @param node        where it was first seen
 * @param iface       the interface it was first seen on
 */
public record TunnelPair(String type, String outerSrc, String outerDst, long packets, long tunnelBytes,
                         long innerBytes, PacketRef first, String node, String iface) {
    /** Tunnel headers as a share of the bytes on the wire (inner packets plus headers), 0 without bytes. */
    public double overheadShare() {
        long all = tunnelBytes + innerBytes;
        return all == 0 ? 0 : (double) tunnelBytes / all;
    }
}
