package io.hoptrace.decoders;

import io.hoptrace.decoders.bgp.BgpDecoder;
import io.hoptrace.decoders.ip.IcmpDecoder;
import io.hoptrace.decoders.ip.Icmpv6Decoder;
import io.hoptrace.decoders.ip.IpLayers;
import io.hoptrace.decoders.ip.Ipv4Decoder;
import io.hoptrace.decoders.ip.Ipv6Decoder;
import io.hoptrace.decoders.link.ArpDecoder;
import io.hoptrace.decoders.link.EtherTypes;
import io.hoptrace.decoders.link.EthernetDecoder;
import io.hoptrace.decoders.link.LoopbackDecoder;
import io.hoptrace.decoders.link.PppDecoder;
import io.hoptrace.decoders.link.RawIpDecoder;
import io.hoptrace.decoders.link.Sll2Decoder;
import io.hoptrace.decoders.link.SllDecoder;
import io.hoptrace.decoders.link.VlanDecoder;
import io.hoptrace.decoders.transport.TcpDecoder;
import io.hoptrace.decoders.transport.UdpDecoder;
import io.hoptrace.decoders.tunnel.GeneveDecoder;
import io.hoptrace.decoders.tunnel.IpInIpDecoder;
import io.hoptrace.decoders.tunnel.MplsDecoder;
import io.hoptrace.decoders.tunnel.VxlanDecoder;

/** Phase two of registration: binds every standard protocol decoder into its parents' dispatch tables. */
final class StandardProtocols {
    /** LINKTYPE_LOOP (OpenBSD loopback): the NULL header in network byte order, which the NULL decoder detects. */
    private static final int LINKTYPE_LOOP = 108;

    private StandardProtocols() {
    }

    static void bind(DecoderRegistry r) {
        bindLinkIpTransport(r);
        bindTunnelsAndBgp(r);
        bindPppMplsGeneve(r);
    }

    /** Link types, ethertypes and IP protocols of the link, ip and transport packages. */
    private static void bindLinkIpTransport(DecoderRegistry r) {
        r.bindLinkType(LinkType.NULL, LoopbackDecoder.INSTANCE)
                .bindLinkType(LINKTYPE_LOOP, LoopbackDecoder.INSTANCE)
                .bindLinkType(LinkType.ETHERNET, EthernetDecoder.INSTANCE)
                .bindLinkType(LinkType.RAW, RawIpDecoder.INSTANCE)
                .bindLinkType(LinkType.LINUX_SLL, SllDecoder.INSTANCE)
                .bindLinkType(LinkType.IPV4, Ipv4Decoder.INSTANCE)
                .bindLinkType(LinkType.IPV6, Ipv6Decoder.INSTANCE)
                .bindLinkType(LinkType.LINUX_SLL2, Sll2Decoder.INSTANCE);
        r.bindEtherType(EtherTypes.IPV4, Ipv4Decoder.INSTANCE)
                .bindEtherType(EtherTypes.IPV6, Ipv6Decoder.INSTANCE)
                .bindEtherType(EtherTypes.ARP, ArpDecoder.INSTANCE)
                .bindEtherType(EtherTypes.VLAN, VlanDecoder.INSTANCE)
                .bindEtherType(EtherTypes.QINQ, VlanDecoder.INSTANCE);
        r.bindIpProtocol(IpLayers.ICMP, IcmpDecoder.INSTANCE)
                .bindIpProtocol(IpLayers.TCP, TcpDecoder.INSTANCE)
                .bindIpProtocol(IpLayers.UDP, UdpDecoder.INSTANCE)
                .bindIpProtocol(IpLayers.ICMPV6, Icmpv6Decoder.INSTANCE);
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

    // ---- PPP link types, MPLS (ethertypes, PPP through them, UDP), Geneve on the configured UDP ports ---------
    // bound after VXLAN: a port listed both as VXLAN and as Geneve or MPLS-in-UDP goes to the later binding
    private static void bindPppMplsGeneve(DecoderRegistry r) {
        r.bindLinkType(LinkType.PPP, PppDecoder.INSTANCE)
                .bindLinkType(LinkType.PPP_HDLC, PppDecoder.INSTANCE);
        r.bindEtherType(MplsDecoder.ETHERTYPE_UNICAST, MplsDecoder.INSTANCE)
                .bindEtherType(MplsDecoder.ETHERTYPE_MULTICAST, MplsDecoder.INSTANCE);
        for (int port : r.config().mplsUdpPorts()) {
            r.bindUdpPort(port, MplsDecoder.IN_UDP);
        }
        for (int port : r.config().genevePorts()) {
            r.bindUdpPort(port, GeneveDecoder.INSTANCE);
        }
    }
}
