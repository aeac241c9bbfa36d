package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.List;

/**
 * A route from {@code ip -j route} (any table, any family). Numbers that were not printed are -1.
 *
 * @param line            line of the element in the input
 * @param type            "unicast" when ip does not print one; "local", "broadcast", "blackhole", "unreachable", ...
 * @param destination     as printed: "default", "10.244.1.0/24", "10.77.0.1"
 * @param network         the destination's network address, or null for "default"
 * @param prefixLength    0 for "default", 32/128 for a host route printed without a length
 * @param family          "inet" or "inet6"; null for a "default" without anything that tells
 * @param protocol        who installed it: "kernel", "boot", "static", "dhcp", "bird" (Calico's BGP), ...
 * @param scope           "link", "host", or null (universe)
 * @param preferredSource "prefsrc", or null
 * @param mtu             the route's mtu metric ("metrics":[{"mtu":1400}]), or -1
 * @param table           "local", a number, ..., or null for main (ip omits it)
 * @param flags           "onlink", "linkdown", ...
 * @param nexthops        the paths of a multipath route; empty otherwise
 */
public record IpJsonRoute(int line, String type, String destination, InetAddress network, int prefixLength,
                          String family, InetAddress gateway, String device, String protocol, String scope,
                          InetAddress preferredSource, long metric, long mtu, String table, List<String> flags,
                          List<IpJsonNexthop> nexthops) {
    public IpJsonRoute {
        flags = List.copyOf(flags);
        nexthops = List.copyOf(nexthops);
    }

    /** The gateway is reachable on the device without a covering route (Calico and Flannel host-gw use this). */
    public boolean onlink() {
        return flags.contains("onlink");
    }

    public boolean isDefault() {
        return network == null;
    }

    /** Whether this route's destination covers an address. */
    public boolean covers(InetAddress address) {
        byte[] a = address.getAddress();
        if (network == null) {
            return family == null || family.equals(a.length == 4 ? "inet" : "inet6");
        }
        byte[] n = network.getAddress();
        if (n.length != a.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (n[i] != a[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (n[full] & mask) == (a[full] & mask);
    }
}
