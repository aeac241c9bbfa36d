package io.hoptrace.rules.model;

/**
 * One tunnel header around the packet on a hop, outermost first in {@link Hop#encap()}: VXLAN with its VNI and the
 * outer UDP endpoints, or IP-in-IP (and IPv6-in-IPv4) with the outer addresses.
 *
 * @param type     "vxlan", "ipip" or "ip6ip"
 * @param outerSrc outer source (address, and the UDP port for VXLAN)
 * @param outerDst outer destination
 * @param vni      the VXLAN network identifier, or -1
 */
public record Encap(String type, Endpoint outerSrc, Endpoint outerDst, long vni) {
    public static final String VXLAN = "vxlan";
    public static final String IPIP = "ipip";
    public static final String IP6IP = "ip6ip";

    /** {@code vxlan vni 1 192.168.50.11 > 192.168.50.12:8472} or {@code ipip 192.168.50.11 > 192.168.50.12}. */
    @Override
    public String toString() {
        return type + (vni >= 0 ? " vni " + vni : "") + " " + outerSrc + " > " + outerDst;
    }
}
