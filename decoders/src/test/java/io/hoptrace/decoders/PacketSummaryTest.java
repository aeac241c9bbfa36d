package io.hoptrace.decoders;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketSummaryTest {
    private static String line(String hex) {
        return line(Hex.bytes(hex), LinkType.ETHERNET);
    }

    private static String line(byte[] frame, int linkType) {
        return PacketSummary.text(new PacketDecoder().decode(frame, linkType));
    }

    private static String tunnelLine(byte[] frame, int linkType) {
        return PacketSummary.text(new PacketDecoder(FakeTunnels.registry()).decode(frame, linkType));
    }

    @Test
    void tcpLikeTcpdumpWithAbsoluteSequenceNumbers() {
        assertEquals("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 64240, "
                + "options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0", line(Frames.TCP_SYN));
        assertEquals("IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 100, ack 2, win 502, options [mss 1460], "
                + "length 0", line(Frames.TCP_SYN_ACK));
        assertEquals("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 2:13, ack 101, win 502, length 11",
                line(Frames.TCP_DATA));
        assertEquals("IP6 2001:db8::1.40000 > 2001:db8::2.443: Flags [S], seq 7, win 1000, length 0",
                line(Frames.TCP6));
    }

    @Test
    void udp() {
        assertEquals("IP 10.0.0.1.5000 > 10.0.0.2.53: UDP, length 20", line(Frames.UDP));
        assertEquals("IP6 2001:db8::1.5000 > 2001:db8::2.53: UDP, length 12", line(Frames.UDP6));
        assertEquals("IP6 2001:db8::1.1 > 2001:db8::2.2: UDP, length 4", line(Frames.UDP6_EXTENSIONS));
    }

    @Test
    void vlanTagsPrefixTheNetworkLayer() {
        assertEquals("vlan 100, IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 4", line(Frames.VLAN_UDP));
        assertEquals("vlan 100, vlan 200, IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 4", line(Frames.QINQ_UDP));
    }

    @Test
    void linuxCookedV2NamesInterfaceAndDirection() {
        assertEquals("ifindex 1 In IP 127.0.0.1.56692 > 127.0.0.1.9999: UDP, length 5",
                line(Hex.bytes(Frames.SLL2_UDP), LinkType.LINUX_SLL2));
    }

    @Test
    void arp() {
        assertEquals("ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28", line(Frames.ARP_REQUEST));
        assertEquals("ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28", line(Frames.ARP_REPLY));
    }

    @Test
    void icmp() {
        assertEquals("IP 10.244.1.5 > 10.244.2.7: ICMP echo request, id 7, seq 1, length 64", line(Frames.ICMP_ECHO));
        assertEquals("IP 10.0.0.254 > 10.244.1.5: ICMP unreachable - need to frag (mtu 1450) for "
                + "10.244.1.5.40000 > 10.244.2.7.80 tcp, length 36", line(Frames.ICMP_NEED_FRAG_8));
        assertEquals("IP 10.0.0.254 > 10.0.0.1: ICMP time exceeded in-transit for 10.0.0.1.33434 > 8.8.8.8.33435 udp, "
                + "length 36", line(Frames.ICMP_TIME_EXCEEDED));
    }

    @Test
    void icmpv6() {
        assertEquals("IP6 2001:db8::fe > 2001:db8::1: ICMP6, packet too big, mtu 1450 for "
                + "2001:db8::1.40000 > 2001:db8::2.443 tcp, length 68", line(Frames.ICMP6_PACKET_TOO_BIG));
        assertEquals("IP6 fe80::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fe80::2, length 32",
                line(Frames.ICMP6_NEIGHBOR_SOLICITATION));
    }

    @Test
    void fragments() {
        assertEquals("IP 10.0.0.1.7001 > 10.0.0.2.7000: frag id 573, offset 0, flags [+], UDP, length 3000",
                line(Frames.UDP_FIRST_FRAGMENT));
        assertEquals("IP 10.0.0.1 > 10.0.0.2: frag id 573, offset 1480, flags [+], proto UDP, length 32",
                line(Frames.UDP_MIDDLE_FRAGMENT));
        assertEquals("IP6 2001:db8::1 > 2001:db8::2: frag id 305419896, offset 1448, flags [none], proto UDP, length 16",
                line(Frames.UDP6_LAST_FRAGMENT));
    }

    @Test
    void truncatedAndMalformedEndTheLine() {
        byte[] udp = Hex.bytes(Frames.UDP);
        assertEquals("IP 10.0.0.1.5000 > 10.0.0.2.53: UDP, length 20 [truncated]",
                PacketSummary.text(new PacketDecoder().decode(udp, 0, udp.length - 4, udp.length, LinkType.ETHERNET)));
        assertEquals("IP 10.0.0.1.5000 > 10.0.0.2.53: UDP, length 20 [malformed: ipv4.total-length.bad, "
                + "udp.length.bad]", line(Arrays.copyOf(udp, udp.length - 4), LinkType.ETHERNET));
        byte[] tcp = Hex.bytes(Frames.TCP_DATA);
        assertEquals("IP 10.0.0.1.40000 > 10.0.0.2.80: [|tcp] [truncated]",
                PacketSummary.text(new PacketDecoder().decode(tcp, 0, 14 + 20 + 6, tcp.length, LinkType.ETHERNET)));
        byte[] badSum = Hex.bytes(Frames.UDP);
        badSum[14 + 11] ^= 1;
        assertEquals("IP 10.0.0.1.5000 > 10.0.0.2.53: UDP, length 20 [ipv4.checksum.bad]",
                line(badSum, LinkType.ETHERNET));
    }

    @Test
    void quotesCutByTheirIcmpErrorAreNotFlaggedTruncated() {
        assertTrue(!line(Frames.ICMP_NEED_FRAG).contains("[truncated]"));
    }

    @Test
    void unknownPayloads() {
        byte[] lldp = Hex.bytes("0180c200000e02000000000188cc0207040200000000010403020001");
        assertEquals("ethertype LLDP (0x88cc), length 14", line(lldp, LinkType.ETHERNET));
        byte[] gre = Hex.bytes(Frames.UDP);
        gre[14 + 9] = 47;
        assertEquals("IP 10.0.0.1 > 10.0.0.2: ip-proto-47, length 28 [ipv4.checksum.bad]",
                line(gre, LinkType.ETHERNET));
        assertEquals("LINKTYPE_147, length 4 [unsupported]", line(Hex.bytes("01020304"), 147));
    }

    @Test
    void vxlanTunnelOpensTheInnerPacketWithABar() {
        assertEquals("IP 10.0.0.1.40000 > 10.0.0.2.8472: VXLAN vni 1 | 10.244.1.5 > 10.244.2.7: ICMP echo request, "
                + "id 7, seq 1, length 64", tunnelLine(Hex.bytes(Frames.VXLAN_ICMP_ECHO), LinkType.ETHERNET));
    }

    @Test
    void innerArpNamesItsMacs() throws IOException {
        List<TestCaptures.Frame> frames = TestCaptures.read(SharedData.file("pcap/tcpdump/vxlan.pcap"));
        TestCaptures.Frame f = frames.get(1);
        assertEquals("IP 192.168.202.1.42710 > 192.168.203.1.4789: VXLAN vni 100 | 00:30:88:01:00:02 > "
                + "ff:ff:ff:ff:ff:ff, ARP, Request who-has 192.168.203.3 tell 192.168.203.5, length 28",
                tunnelLine(f.bytes(), f.linkType()));
    }

    @Test
    void ipInIpWithNoTunnelLayer() {
        TestCaptures.Frame f = TestCaptures.read(SharedData.file("pcap/suricata-verify/bug-7725-01_ip_in_ip.pcap"))
                .get(0);
        assertEquals("IP 10.0.0.94 > 10.1.0.237: IP-in-IP | 192.168.0.94 > 192.168.0.237: ICMP echo request, id 26, "
                + "seq 1, length 64", tunnelLine(f.bytes(), f.linkType()));
    }

    @Test
    void repeatedMessageLayersAreJoined() {
        byte[] b = Hex.bytes(Frames.TCP_DATA);
        b[14 + 22] = 0;
        b[14 + 23] = (byte) 179;
        assertEquals("IP 10.0.0.1.40000 > 10.0.0.2.179: Flags [P.], seq 2:13, ack 101, win 502, length 11: "
                + "MSG 5; MSG 6", tunnelLine(b, LinkType.ETHERNET));
    }

    @Test
    void realMalformedCaptures() {
        assertEquals("IP [|ip] [malformed: ipv4.header.short]", first("pcap/tcpdump/ipv4_invalid_length.pcap"));
        assertEquals("IP 140.211.9.206 > 45.33.127.156: ip-proto-17, length 64 [malformed: ipv4.header-length.bad]",
                first("pcap/tcpdump/ipv4_invalid_hdr_length.pcap"));
        assertEquals("IP 140.211.9.206.39095 > 45.33.127.156.53: UDP, length 56 [malformed: ipv4.total-length.bad]",
                first("pcap/tcpdump/ipv4_invalid_total_length.pcap"));
        assertEquals("IP 192.168.1.100.12345 > 9.9.9.9.53: UDP, length 29", first("pcap/tcpdump/LINKTYPE_RAW_ipv4.pcap"));
        // the outer and the quoted header both fail their checksum: the id is printed once
        assertEquals("IP 62.220.31.247 > 62.225.245.115: ICMP unreachable - port for 62.225.245.115.9109 > "
                + "62.220.31.247.1027 udp, length 13891 [malformed: ipv4.total-length.bad] [ipv4.checksum.bad]",
                first("pcap/tcpdump/icmp-cksum-oobr-1.pcap"));
    }

    @Test
    void realNeedFragNamesTheQuotedFlow() {
        List<TestCaptures.Frame> frames =
                TestCaptures.read(SharedData.file("pcap/suricata-verify/filestore-5408_input_needfrag.pcap"));
        TestCaptures.Frame f = frames.get(8); // tcpdump -# frame 9
        assertEquals("IP 74.121.139.112 > 172.16.133.54: ICMP unreachable - need to frag (mtu 1500) for "
                + "172.16.133.54.64540 > 74.121.139.112.80 tcp, length 556", line(f.bytes(), f.linkType()));
    }

    /** TCP and ARP lines equal tcpdump's own (-n -S), for every such frame of these captures. */
    @Test
    void tcpAndArpLinesMatchTcpdump() throws IOException {
        String[][] captures = {
            {"pcap/tcpdump/bgp-4byte-asn.pcap", "bgp-4byte-asn.pcap"},
            {"pcap/suricata-verify/filestore-5408_input_needfrag.pcap", "filestore-5408_input_needfrag.pcap"},
            {"pcap/tcpdump/bgp-infinite-loop.pcap", "bgp-infinite-loop.pcap"},
            {"pcap/tcpdump/bgp-enhanced-route-refresh-subtype.pcapng", "bgp-enhanced-route-refresh-subtype.pcapng"},
            {"pcap/tcpdump/bgp-lu-multiple-labels.pcap", "bgp-lu-multiple-labels.pcap"},
        };
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (String[] c : captures) {
            Map<Integer, String> expected = golden(c[1]);
            List<TestCaptures.Frame> frames = TestCaptures.read(SharedData.file(c[0]));
            PacketDecoder decoder = new PacketDecoder();
            TextLine out = new TextLine();
            for (Map.Entry<Integer, String> e : expected.entrySet()) {
                TestCaptures.Frame f = frames.get(e.getKey() - 1);
                out.clear();
                PacketSummary.append(decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType()), out);
                String ours = out.toString();
                // tcpdump prints no trailer for a snaplen cut; with the BGP decoder bound, ": BGP ..." follows
                String mine = ours.replace(" [truncated]", "");
                boolean same = mine.equals(e.getValue()) || mine.startsWith(e.getValue() + ": ");
                if (!same) {
                    mismatches.add(c[1] + " #" + e.getKey() + "\n  tcpdump: " + e.getValue() + "\n  ours:    " + ours);
                }
                compared++;
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(263, compared);
    }

    private static String first(String file) {
        TestCaptures.Frame f = TestCaptures.read(SharedData.file(file)).get(0);
        return PacketSummary.text(new PacketDecoder().decode(f.bytes(), 0, f.bytes().length, f.wireLength(),
                f.linkType()));
    }

    private static Map<Integer, String> golden(String name) throws IOException {
        Path p = Paths.get("src", "test", "resources", "golden", name + ".tcpdump.txt");
        Map<Integer, String> lines = new TreeMap<>();
        for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (!l.startsWith("#") && !l.isBlank()) {
                int tab = l.indexOf('\t');
                lines.put(Integer.parseInt(l.substring(0, tab)), l.substring(tab + 1));
            }
        }
        return lines;
    }
}
