package io.hoptrace.decoders.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.decoders.TestCaptures;
import io.hoptrace.decoders.TestDecoding;
import io.hoptrace.decoders.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VXLAN and IP-in-IP on real captures (data/pcap): for every packet, the VNIs and the addresses of every IP layer
 * (outer and inner, in order) must be what tshark 4.0 decodes, run by the test with
 * {@code -d udp.port==8472,vxlan}; layers inside a tunnel must be one level deeper.
 */
class TunnelCaptureTest {
    private static final String[] FIELDS = {"vxlan.vni", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst"};

    @ParameterizedTest
    @ValueSource(strings = {
        "pcap/tcpdump/vxlan.pcap",
        "pcap/tcpdump/vxlan_port_8472.pcap",
        "pcap/tcpdump/gso-ipv4-vxlan-ipv4.pcap",
        "pcap/suricata-verify/vxlan-non-zero-reserved-fields_input.pcap",
        "pcap/suricata-verify/vxlan-decoder-01_input.pcap",
        "pcap/suricata-verify/vxlan-decoder-03_vxlan.pcap",
        "pcap/suricata-verify/detect-arp-04-vxlan_vxlan-arp.pcap",
        "pcap/suricata-verify/bug-7725-01_ip_in_ip.pcap",
        "pcap/suricata-verify/bug-4571-01_ipv4_over_ipv4.pcap",
    })
    void everyPacketMatchesTshark(String file) {
        assumeTrue(Tshark.available(), "tshark not installed");
        Path path = SharedData.file(file);
        List<Tshark.Row> rows = Tshark.fields(path, List.of("-d", "udp.port==8472,vxlan"), FIELDS);
        List<TestCaptures.Frame> frames = TestCaptures.read(path);
        assertEquals(rows.size(), frames.size(), file);
        PacketDecoder decoder = new PacketDecoder();
        int tunnelled = 0;
        for (TestCaptures.Frame f : frames) {
            Dissection d = decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
            Map<String, List<String>> mine = fields(d);
            Tshark.Row row = rows.get(f.number() - 1);
            for (String name : FIELDS) {
                assertEquals(row.all(name), mine.get(name), file + " packet " + f.number() + " " + name);
            }
            tunnelled += checkDepths(d, file + " packet " + f.number());
        }
        assertTrue(tunnelled > 0, file + " has no tunnelled packet");
    }

    /** Every layer after a tunnel is one level deeper than the tunnel; returns 1 when the frame has a tunnel. */
    private static int checkDepths(Dissection d, String where) {
        int expected = 0;
        boolean tunnel = false;
        for (int i = 0; i < d.layerCount(); i++) {
            if (d.quoted(i)) {
                continue;
            }
            assertEquals(expected, d.depth(i), where + " layer " + i + " " + d);
            boolean ipInIp = (d.protocol(i) == Protocol.IPV4 || d.protocol(i) == Protocol.IPV6)
                    && i + 1 < d.layerCount() && (d.protocol(i + 1) == Protocol.IPV4 || d.protocol(i + 1) == Protocol.IPV6);
            if (d.protocol(i) == Protocol.VXLAN || ipInIp) {
                expected++;
                tunnel = true;
            }
        }
        return tunnel ? 1 : 0;
    }

    private static Map<String, List<String>> fields(Dissection d) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        for (String name : FIELDS) {
            f.put(name, new ArrayList<>());
        }
        for (int i = 0; i < d.layerCount(); i++) {
            byte[] b = d.bytes(i);
            int o = d.offset(i);
            if (d.protocol(i) == Protocol.VXLAN && d.headerLength(i) >= VxlanDecoder.HEADER_LENGTH) {
                f.get("vxlan.vni").add(String.valueOf(VxlanDecoder.vni(b, o)));
            } else if (d.protocol(i) == Protocol.IPV4 && d.headerLength(i) >= 20) {
                f.get("ip.src").add(Bytes.ipv4(b, o + 12));
                f.get("ip.dst").add(Bytes.ipv4(b, o + 16));
            } else if (d.protocol(i) == Protocol.IPV6 && d.headerLength(i) >= 40) {
                f.get("ipv6.src").add(Bytes.ipv6(b, o + 8));
                f.get("ipv6.dst").add(Bytes.ipv6(b, o + 24));
            }
        }
        return f;
    }

    @Test
    void reservedBitsInEveryPacketOfTheSuricataCaptureAreFlaggedButDecoded() {
        Path path = SharedData.file("pcap/suricata-verify/vxlan-non-zero-reserved-fields_input.pcap");
        PacketDecoder decoder = new PacketDecoder();
        for (TestCaptures.Frame f : TestCaptures.read(path)) {
            Dissection d = decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
            assertTrue(TestDecoding.anomalies(d).contains("vxlan.reserved.not-zero"), "packet " + f.number());
            int vxlan = d.find(Protocol.VXLAN, 0);
            assertEquals(11, VxlanDecoder.vni(d.bytes(vxlan), d.offset(vxlan)));
            assertEquals(Protocol.ETHERNET, d.protocol(vxlan + 1));
        }
    }

    /**
     * BIG TCP (IPv4 total length 0): tshark 4.0 stops at the outer UDP; tcpdump 4.99's expected output
     * (bigtcp-ipv4-vxlan-ipv4.out) shows VXLAN vni 5001 and the inner 192.168.1.2 > 192.168.1.1, as we do.
     */
    @Test
    void bigTcpVxlanMatchesTcpdump() {
        Path path = SharedData.file("pcap/tcpdump/bigtcp-ipv4-vxlan-ipv4.pcap");
        TestCaptures.Frame f = TestCaptures.read(path).get(0);
        Dissection d = new PacketDecoder().decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
        Map<String, List<String>> mine = fields(d);
        assertEquals(List.of("5001"), mine.get("vxlan.vni"));
        assertEquals(List.of("10.25.132.11", "192.168.1.2"), mine.get("ip.src"));
        assertEquals(List.of("10.25.132.13", "192.168.1.1"), mine.get("ip.dst"));
    }
}
