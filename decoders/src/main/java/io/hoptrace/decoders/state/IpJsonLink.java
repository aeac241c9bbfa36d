package io.hoptrace.decoders.state;

import java.util.List;

/**
 * A network interface from {@code ip -j link} / {@code ip -j -d link} (or the link part of {@code ip -j addr}).
 * Numbers that were not printed are -1; strings null.
 *
 * @param line        line of the element in the input (ip prints the whole array on line 1)
 * @param linkType    "ether", "loopback", "none" (tun, ipip), ...
 * @param kind        linkinfo.info_kind with -d: "veth", "bridge", "vxlan", "ipip", ..., or null
 * @param slaveKind   linkinfo.info_slave_kind: "bridge" for a bridge port, or null
 * @param master      the bridge (or bond) this device is enslaved to, or null
 * @param operState   "UP", "DOWN", "UNKNOWN" (loopback, tunnels), ...
 * @param mac         the link-layer address
 * @param link        the "link" name: the veth peer in the same namespace, a vlan's parent, or null
 * @param linkIndex   link_index: the ifindex of the veth peer (in the namespace link_netnsid names), or -1
 * @param linkNetnsId link_netnsid: the peer's namespace id as this namespace numbers it, or -1
 * @param vxlan       settings of a vxlan device (with -d), or null
 * @param bridgePort  bridge-port settings of an enslaved device (with -d), or null
 */
public record IpJsonLink(int line, long ifindex, String name, long mtu, List<String> flags, String linkType,
                         String kind, String slaveKind, String master, String operState, String mac, String link,
                         long linkIndex, long linkNetnsId, IpJsonVxlan vxlan, IpJsonBridgePort bridgePort) {
    public IpJsonLink {
        flags = List.copyOf(flags);
    }

    /** Administratively up (the UP flag); the carrier is LOWER_UP. */
    public boolean up() {
        return flags.contains("UP");
    }
}
