package io.hoptrace.decoders;

import io.hoptrace.decoders.bgp.BgpDecoder;
import io.hoptrace.decoders.tunnel.IpInIpDecoder;
import io.hoptrace.decoders.tunnel.VxlanDecoder;

/** Phase two of registration: binds every standard protocol decoder into its parents' dispatch tables. */
final class StandardProtocols {
    private StandardProtocols() {
    }

    static void bind(DecoderRegistry r) {
        // link, ip, transport, tunnel and bgp packages add their bindings here

        bindTunnelsAndBgp(r);
    }

    // ---- tunnel and bgp packages: VXLAN on the configured UDP ports, IP-in-IP, BGP on the configured TCP ports -
    private static void bindTunnelsAndBgp(DecoderRegistry r) {
        for (int port : r.config().vxlanPorts()) {
            r.bindUdpPort(port, VxlanDecoder.INSTANCE);
        }
        r.bindIpProtocol(IpInIpDecoder.IP_PROTOCOL_IPV4, IpInIpDecoder.IPV4);
        r.bindIpProtocol(IpInIpDecoder.IP_PROTOCOL_IPV6, IpInIpDecoder.IPV6);
        for (int port : r.config().bgpPorts()) {
            r.bindTcpPort(port, BgpDecoder.INSTANCE);
        }
    }
}
