package io.hoptrace.decoders;

import io.hoptrace.decoders.ip.IcmpDecoder;
import io.hoptrace.decoders.ip.Icmpv6Decoder;
import io.hoptrace.decoders.ip.Ipv4Decoder;
import io.hoptrace.decoders.ip.Ipv6Decoder;
import io.hoptrace.decoders.link.ArpDecoder;
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
import io.hoptrace.decoders.tunnel.MplsDecoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class StandardProtocolsTest {
    private final DecoderRegistry r = DecoderRegistry.standard(DecoderConfig.defaults());

    @Test
    void linkTypes() {
        assertSame(LoopbackDecoder.INSTANCE, r.linkType(LinkType.NULL));
        assertSame(EthernetDecoder.INSTANCE, r.linkType(LinkType.ETHERNET));
        assertSame(RawIpDecoder.INSTANCE, r.linkType(LinkType.RAW));
        assertSame(SllDecoder.INSTANCE, r.linkType(LinkType.LINUX_SLL));
        assertSame(Ipv4Decoder.INSTANCE, r.linkType(LinkType.IPV4));
        assertSame(Ipv6Decoder.INSTANCE, r.linkType(LinkType.IPV6));
        assertSame(Sll2Decoder.INSTANCE, r.linkType(LinkType.LINUX_SLL2));
    }

    @Test
    void etherTypes() {
        assertSame(Ipv4Decoder.INSTANCE, r.etherType(0x0800));
        assertSame(Ipv6Decoder.INSTANCE, r.etherType(0x86DD));
        assertSame(ArpDecoder.INSTANCE, r.etherType(0x0806));
        assertSame(VlanDecoder.INSTANCE, r.etherType(0x8100));
        assertSame(VlanDecoder.INSTANCE, r.etherType(0x88A8));
    }

    @Test
    void ipProtocolsBindTransportsAndTunnels() {
        assertSame(IcmpDecoder.INSTANCE, r.ipProtocol(1));
        assertSame(TcpDecoder.INSTANCE, r.ipProtocol(6));
        assertSame(UdpDecoder.INSTANCE, r.ipProtocol(17));
        assertSame(Icmpv6Decoder.INSTANCE, r.ipProtocol(58));
        assertSame(io.hoptrace.decoders.tunnel.IpInIpDecoder.IPV4, r.ipProtocol(4), "IP-in-IP enters a tunnel");
        assertSame(io.hoptrace.decoders.tunnel.IpInIpDecoder.IPV6, r.ipProtocol(41), "IPv6-in-IP enters a tunnel");
    }

    @Test
    void pppMplsAndGeneve() {
        assertSame(PppDecoder.INSTANCE, r.linkType(LinkType.PPP));
        assertSame(PppDecoder.INSTANCE, r.linkType(LinkType.PPP_HDLC));
        assertSame(MplsDecoder.INSTANCE, r.etherType(0x8847));
        assertSame(MplsDecoder.INSTANCE, r.etherType(0x8848));
        assertSame(MplsDecoder.IN_UDP, r.udpPorts(6635, 40000));
        assertSame(GeneveDecoder.INSTANCE, r.udpPorts(40000, 6081));
        assertNull(r.udpPorts(6082, 40000));
    }
}
