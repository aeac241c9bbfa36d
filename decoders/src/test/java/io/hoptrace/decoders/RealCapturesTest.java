package io.hoptrace.decoders;

import io.hoptrace.decoders.ip.IcmpDecoder;
import io.hoptrace.decoders.ip.IpLayers;
import io.hoptrace.decoders.ip.Ipv4Decoder;
import io.hoptrace.decoders.link.LinuxCooked;
import io.hoptrace.decoders.link.SllDecoder;
import io.hoptrace.decoders.transport.TcpDecoder;
import io.hoptrace.decoders.transport.UdpDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values from real captures, each checked against what {@code tcpdump -n -v -#} prints for the same frame. */
class RealCapturesTest {
    private static Dissection frame(String file, int number) {
        TestCaptures.Frame f = TestCaptures.read(SharedData.file(file)).get(number - 1);
        return new PacketDecoder(TestDecoding.VERIFYING).decode(f.bytes(), 0, f.bytes().length, f.wireLength(),
                f.linkType());
    }

    @Test
    void afsFragments() {
        // 125: id 573, offset 0, flags [+, DF] ... 126: offset 1480 ... 128: offset 4440, flags [DF], length 1280
        Dissection first = frame("pcap/tcpdump/afs.pcap", 125);
        assertEquals(List.of("eth", "ip", "udp", "data"), layers(first));
        assertEquals(LayerStatus.OK, first.worstStatus());
        assertEquals(573, Ipv4Decoder.identification(first, 1));
        assertTrue(Ipv4Decoder.moreFragments(first, 1));
        assertTrue(Ipv4Decoder.dontFragment(first, 1));

        Dissection second = frame("pcap/tcpdump/afs.pcap", 126);
        assertEquals(List.of("eth", "ip"), layers(second));
        assertEquals(LayerStatus.FRAGMENT, second.status(1));
        assertEquals(1480, Ipv4Decoder.fragmentOffset(second, 1));
        assertEquals(1500, Ipv4Decoder.totalLength(second, 1));

        Dissection last = frame("pcap/tcpdump/afs.pcap", 128);
        assertEquals(4440, Ipv4Decoder.fragmentOffset(last, 1));
        assertFalse(Ipv4Decoder.moreFragments(last, 1));
        assertEquals(1280, Ipv4Decoder.totalLength(last, 1));
        assertEquals(LayerStatus.FRAGMENT, last.status(1));
    }

    @Test
    void needFragCarriesMtu1500AndQuotesTheHttpSegment() {
        // 9: ICMP 74.121.139.112 unreachable - need to frag (mtu 1500), length 556
        //    quoting 172.16.133.54.64540 > 74.121.139.112.80: Flags [P.], seq 1:1606 (relative)
        Dissection d = frame("pcap/suricata-verify/filestore-5408_input_needfrag.pcap", 9);
        int icmp = d.findLast(Protocol.ICMP);
        assertEquals(1500, IcmpDecoder.mtu(d, icmp));
        int quotedIp = IcmpDecoder.quotedIp(d, icmp);
        assertEquals(1645, Ipv4Decoder.totalLength(d, quotedIp));
        assertTrue(Ipv4Decoder.dontFragment(d, quotedIp));
        int tcp = quotedIp + 1;
        assertEquals(Protocol.TCP, d.protocol(tcp));
        assertTrue(d.quoted(tcp));
        assertEquals(64540, TcpDecoder.sourcePort(d, tcp));
        assertEquals(List.of(), anomalies(d));
        assertEquals(556, d.end(icmp) - d.offset(icmp));
    }

    @Test
    void rawIpv4LinkType() {
        // IP (ttl 64, id 1, proto UDP, length 57) 192.168.1.100.12345 > 9.9.9.9.53
        for (String file : new String[] {"pcap/tcpdump/LINKTYPE_RAW_ipv4.pcap", "pcap/tcpdump/LINKTYPE_IPV4.pcap"}) {
            Dissection d = frame(file, 1);
            assertEquals(List.of("ip", "udp", "data"), layers(d), file);
            assertEquals(57, Ipv4Decoder.totalLength(d, 0));
            assertEquals(12345, UdpDecoder.sourcePort(d, 1));
            assertEquals(53, UdpDecoder.destinationPort(d, 1));
            assertEquals(29, UdpDecoder.payloadLength(d, 1));
        }
    }

    @Test
    void invalidIpv4Files() {
        Dissection hdr = frame("pcap/tcpdump/ipv4_invalid_hdr_length.pcap", 1); // [header length 16 < 20]
        assertEquals(LayerStatus.MALFORMED, hdr.status(1));
        assertEquals(List.of("ipv4.header-length.bad"), anomalies(hdr));
        Dissection len = frame("pcap/tcpdump/ipv4_invalid_length.pcap", 1); // [length 19 < 20], not snaplen-cut
        assertEquals(LayerStatus.MALFORMED, len.status(1));
        assertEquals(List.of("ipv4.header.short"), anomalies(len));
        Dissection total = frame("pcap/tcpdump/ipv4_invalid_total_length.pcap", 1); // [total length 85 > length 84]
        assertEquals(LayerStatus.MALFORMED, total.status(1));
        assertEquals(List.of("ipv4.total-length.bad"), anomalies(total));
        assertEquals(53, UdpDecoder.destinationPort(total, 2));
    }

    @Test
    void bigTcpSuperPacketTakesTheCapturedLength() {
        // length 80102 [was 0, presumed BIG TCP]: 10.25.132.11.47044 > 10.25.132.13.4789
        Dissection d = frame("pcap/tcpdump/bigtcp-ipv4-vxlan-ipv4.pcap", 1);
        // the inner packet inside VXLAN is a BIG TCP super-packet too (tcpdump: "length 80052 [was 0 ...]")
        assertEquals(List.of("ipv4.total-length.zero", "udp.length.zero", "ipv4.total-length.zero"), anomalies(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertEquals(80102, IpLayers.claimedEnd(d, 1) - d.offset(1));
        assertEquals(4789, UdpDecoder.destinationPort(d, 2));
    }

    @Test
    void gsoSuperPacketKeepsItsLength() {
        // length 7092, proto UDP: a GSO packet larger than any MTU, its lengths consistent
        Dissection d = frame("pcap/tcpdump/gso-ipv4-vxlan-ipv4.pcap", 1);
        assertEquals(7092, Ipv4Decoder.totalLength(d, 1));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertEquals(7092 - 20 - 8, UdpDecoder.payloadLength(d, 2));
    }

    @Test
    void linuxCookedV1WithIpv6() {
        // 1: Out ... ethertype IPv6: 2a02:abc::17.37754 > 2a02:abc::123.179: Flags [P.], ... length 23
        Dissection d = frame("pcap/tcpdump/bgp-enhanced-route-refresh-subtype.pcapng", 1);
        assertEquals(List.of("sll", "ipv6", "tcp", "bgp"), layers(d));
        assertEquals(LinuxCooked.OUTGOING, SllDecoder.packetType(d, 0));
        assertEquals(37754, TcpDecoder.sourcePort(d, 2));
        assertEquals(23, TcpDecoder.payloadLength(d, 2));
        Dissection in = frame("pcap/tcpdump/bgp-enhanced-route-refresh-subtype.pcapng", 2);
        assertEquals(LinuxCooked.HOST, SllDecoder.packetType(in, 0));
    }

    @Test
    void tinyFirstFragmentCutsTheTcpHeader() {
        // 1: offset 0, flags [+], length 28: 1.1.1.1.12345 > 2.2.2.2.8080: [|tcp]; 2, 3: later fragments
        Dissection first = frame("pcap/suricata-verify/bug-6887-defrag-ipv4-tcp-syn_frag-ip-tcp-syn.pcap", 1);
        assertEquals(List.of("ip", "tcp"), layers(first));
        assertEquals(LayerStatus.FRAGMENT, first.status(1), "the rest of the header is in the next fragment");
        assertEquals(12345, TcpDecoder.sourcePort(first, 1));
        Dissection second = frame("pcap/suricata-verify/bug-6887-defrag-ipv4-tcp-syn_frag-ip-tcp-syn.pcap", 2);
        assertEquals(8, Ipv4Decoder.fragmentOffset(second, 0));
        assertEquals(LayerStatus.FRAGMENT, second.status(0));
    }
}
