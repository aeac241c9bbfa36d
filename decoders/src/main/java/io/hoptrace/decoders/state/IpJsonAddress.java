package io.hoptrace.decoders.state;

import java.net.InetAddress;

/**
 * One address of an interface ({@code ip -j addr}: an addr_info element).
 *
 * @param family      "inet" or "inet6"
 * @param scope       "global", "link", "host", ...
 * @param label       the IPv4 label ("eth0:1"), or null
 * @param broadcast   or null
 * @param peer        the other end of a point-to-point address ("address"), or null
 * @param dynamic     assigned by DHCP or SLAAC (has a finite lifetime)
 */
public record IpJsonAddress(long ifindex, String interfaceName, String family, InetAddress local, int prefixLength,
                            String scope, String label, InetAddress broadcast, InetAddress peer, boolean dynamic) {
    /** "10.244.1.1/24". */
    public String cidr() {
        return InetLiteral.format(local) + "/" + prefixLength;
    }
}
