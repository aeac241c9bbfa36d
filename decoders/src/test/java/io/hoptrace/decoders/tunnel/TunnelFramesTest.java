package io.hoptrace.decoders.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.TestDecoding;
import io.hoptrace.decoders.TestHex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tunnels through the real Ethernet/IP/UDP decoders, on frames built with scapy 2.5 (the expression is given),
 * so lengths and checksums come from an implementation independent of ours.
 */
class TunnelFramesTest {
    /** Ether()/IP(10.0.i.1>10.0.i.2, id=i) for i in 1..10/UDP(1000>2000)/'x'*4: ten IPv4 headers in a row. */
    static final String IPIP_NESTED_10 = "0200000000020200000000010800450000d400010000400464230a0001010a000102"
            + "450000c000020000400462360a0002010a000202450000ac00030000400460490a0003010a000302450000980004000040045e5c"
            + "0a0004010a000402450000840005000040045c6f0a0005010a000502450000700006000040045a820a0006010a0006024500005c"
            + "00070000400458950a0007010a0007024500004800080000400456a80a0008010a0008024500003400090000400454bb0a000901"
            + "0a00090245000020000a0000401152c10a000a010a000a0203e807d0000cdb2a78787878";
    /** Ether()/IP(192.168.0.1>192.168.0.2)/IPv6(2001:db8::1>2001:db8::2)/UDP(1>2)/'y'. */
    static final String IPV6_IN_IPV4 = "020000000002020000000001080045000045000100004029f93bc0a80001c0a8000260000000"
            + "0009114020010db800000000000000000000000120010db80000000000000000000000020001000200092b6479";
    /**
     * Ether()/IP(192.168.0.1>.2)/UDP(40000>4789)/VXLAN(flags=0x08, vni=1)/Ether()/IP(10.244.1.1>10.244.2.1)/
     * UDP(40001>8472)/VXLAN(flags=0x08, vni=2)/Ether()/IP(10.96.0.1>.2)/ICMP(id=7,seq=1).
     */
    static final String VXLAN_IN_VXLAN = "020000000002020000000001080045000080000100004011f918c0a80001c0a800029c4012b5"
            + "006cd0fe080000000000010002000000010202000000010108004500004e00010000401161b50af401010af402019c412118003a"
            + "0f34080000000000020002000000020202000000020108004500001c000100004001661e0a6000010a6000020800f7f700070001";

    private static Dissection decode(DecoderConfig config, String hex) {
        return new PacketDecoder(config).decode(TestHex.bytes(hex), LinkType.ETHERNET);
    }

    private static List<String> layersWithDepth(Dissection d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.layerCount(); i++) {
            out.add(d.protocol(i).key() + d.depth(i));
        }
        return out;
    }

    @Test
    void ipInIpNestedBelowTheLimitDecodesEveryHeaderOneLevelDeeperEach() {
        Dissection d = decode(DecoderConfig.defaults(), IPIP_NESTED_10);
        // default limit 8: the outer header and 8 inner ones, then encap.too-deep on the 9th
        assertEquals(List.of("eth0", "ip0", "ip1", "ip2", "ip3", "ip4", "ip5", "ip6", "ip7", "ip8"), layersWithDepth(d));
        assertEquals(List.of("encap.too-deep"), TestDecoding.anomalies(d));
        assertEquals(9, d.anomalyLayer(0));
        assertEquals(LayerStatus.OK, d.worstStatus());
    }

    @Test
    void aHigherLimitDecodesAllTenHeadersAndTheUdpInside() {
        Dissection d = decode(new DecoderConfig(Set.of(4789, 8472), Set.of(179), 9), IPIP_NESTED_10);
        assertEquals(List.of("eth0", "ip0", "ip1", "ip2", "ip3", "ip4", "ip5", "ip6", "ip7", "ip8", "ip9", "udp9",
                "data9"), layersWithDepth(d));
        assertEquals(List.of(), TestDecoding.anomalies(d));
    }

    @Test
    void aLimitOfOneStopsAtTheSecondTunnel() {
        Dissection d = decode(new DecoderConfig(Set.of(4789), Set.of(179), 1), IPIP_NESTED_10);
        assertEquals(List.of("eth0", "ip0", "ip1"), layersWithDepth(d));
        assertEquals(List.of("encap.too-deep"), TestDecoding.anomalies(d));
    }

    @Test
    void ipv6InIpv4() {
        Dissection d = decode(DecoderConfig.defaults(), IPV6_IN_IPV4);
        assertEquals(List.of("eth0", "ip0", "ipv61", "udp1", "data1"), layersWithDepth(d));
        assertEquals(List.of(), TestDecoding.anomalies(d));
    }

    @Test
    void vxlanInVxlanOnBothDefaultPorts() {
        Dissection d = decode(DecoderConfig.defaults(), VXLAN_IN_VXLAN);
        assertEquals(List.of("eth0", "ip0", "udp0", "vxlan0", "eth1", "ip1", "udp1", "vxlan1", "eth2", "ip2", "icmp2"),
                layersWithDepth(d));
        assertEquals(List.of(), TestDecoding.anomalies(d));
        assertEquals(1, VxlanDecoder.vni(d.bytes(3), d.offset(3)));
        assertEquals(2, VxlanDecoder.vni(d.bytes(7), d.offset(7)));
    }

    @Test
    void vxlanInVxlanPastTheLimit() {
        Dissection d = decode(new DecoderConfig(Set.of(4789, 8472), Set.of(179), 1), VXLAN_IN_VXLAN);
        assertEquals(List.of("eth0", "ip0", "udp0", "vxlan0", "eth1", "ip1", "udp1", "vxlan1"), layersWithDepth(d));
        assertEquals(List.of("encap.too-deep"), TestDecoding.anomalies(d));
        assertEquals(7, d.anomalyLayer(0));
    }

    @Test
    void portsOutsideTheConfiguredSetAreNotVxlan() {
        Dissection d = decode(DecoderConfig.defaults().withVxlanPorts(Set.of(4789)), VXLAN_IN_VXLAN);
        assertEquals(List.of("eth0", "ip0", "udp0", "vxlan0", "eth1", "ip1", "udp1", "data1"), layersWithDepth(d));
    }
}
