package io.hoptrace.decoders.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TestCaptures;
import io.hoptrace.decoders.Tshark;
import io.hoptrace.decoders.link.PppDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PPP, MPLS and Geneve on the real captures of data/pcap/tcpdump: for every packet, the PPP protocol, every MPLS
 * stack entry, the Geneve VNI and options and the addresses of every IPv4 layer (outer, inner and quoted, in
 * order) must be what tshark 4.0 decodes; the inner packet of MPLS in UDP and of Geneve is one level deeper.
 */
class PppMplsGeneveCaptureTest {
    private static final String[] FIELDS = {"ppp.address", "ppp.control", "ppp.protocol", "mpls.label", "mpls.exp",
        "mpls.bottom", "mpls.ttl", "geneve.vni", "geneve.proto_type", "geneve.option.class", "geneve.option.type",
        "geneve.option.length", "ip.src", "ip.dst"};

    @ParameterizedTest
    @ValueSource(strings = {
        "pcap/tcpdump/geneve.pcap",
        "pcap/tcpdump/geneve-gcp.pcap",
        "pcap/tcpdump/mpls-over-udp.pcap",
        "pcap/tcpdump/mpls-traceroute.pcap",
        "pcap/tcpdump/mpls-ldp-hello.pcap",
        "pcap/tcpdump/bgp_vpn_attrset.pcap",
    })
    void everyPacketMatchesTshark(String file) {
        assumeTrue(Tshark.available(), "tshark not installed");
        Path path = SharedData.file(file);
        List<Tshark.Row> rows = Tshark.fields(path, List.of(), FIELDS);
        List<TestCaptures.Frame> frames = TestCaptures.read(path);
        assertEquals(rows.size(), frames.size(), file);
        PacketDecoder decoder = new PacketDecoder();
        decoder.dissection().streams(new StreamTable());
        int compared = 0;
        for (TestCaptures.Frame f : frames) {
            Dissection d = decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
            String where = file + " packet " + f.number() + " " + d;
            Map<String, List<String>> mine = fields(d);
            Tshark.Row row = rows.get(f.number() - 1);
            for (String name : FIELDS) {
                assertEquals(numbers(row.all(name)), mine.get(name), where + " " + name);
                compared += mine.get(name).size();
            }
            assertEquals(LayerStatus.OK, d.worstStatus(), where);
            checkDepths(d, where);
        }
        assertTrue(compared > frames.size() * 2, file + ": only " + compared + " values compared");
    }

    /** tshark prints some of these fields in hex: every value becomes a decimal string. */
    private static List<String> numbers(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.add(v.startsWith("0x") ? String.valueOf(Long.parseLong(v.substring(2), 16)) : v);
        }
        return out;
    }

    /** Layers after an MPLS-in-UDP stack or a Geneve header are one level deeper; MPLS over PPP stays level. */
    private static void checkDepths(Dissection d, String where) {
        int expected = 0;
        for (int i = 0; i < d.layerCount(); i++) {
            if (d.quoted(i)) {
                continue;
            }
            assertEquals(expected, d.depth(i), where + " layer " + i);
            if (d.protocol(i) == Protocol.GENEVE
                    || d.protocol(i) == Protocol.MPLS && ((MplsDecoder) d.decoder(i)).isTunnel()) {
                expected++;
            }
        }
    }

    private static Map<String, List<String>> fields(Dissection d) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        for (String name : FIELDS) {
            f.put(name, new ArrayList<>());
        }
        for (int i = 0; i < d.layerCount(); i++) {
            byte[] b = d.bytes(i);
            int o = d.offset(i);
            switch (d.protocol(i)) {
                case PPP -> {
                    if (PppDecoder.hasAddressControl(d, i)) {
                        f.get("ppp.address").add(String.valueOf(Bytes.u8(b, o)));
                        f.get("ppp.control").add(String.valueOf(Bytes.u8(b, o + 1)));
                    }
                    f.get("ppp.protocol").add(String.valueOf(PppDecoder.protocolNumber(d, i)));
                }
                case MPLS -> {
                    for (int k = 0; k < MplsDecoder.entries(d, i); k++) {
                        f.get("mpls.label").add(String.valueOf(MplsDecoder.label(d, i, k)));
                        f.get("mpls.exp").add(String.valueOf(MplsDecoder.trafficClass(d, i, k)));
                        f.get("mpls.bottom").add(MplsDecoder.bottomOfStack(d, i, k) ? "1" : "0");
                        f.get("mpls.ttl").add(String.valueOf(MplsDecoder.ttl(d, i, k)));
                    }
                }
                case GENEVE -> geneve(d, i, f);
                case IPV4 -> {
                    if (d.headerLength(i) >= 20) {
                        f.get("ip.src").add(Bytes.ipv4(b, o + 12));
                        f.get("ip.dst").add(Bytes.ipv4(b, o + 16));
                    }
                }
                default -> {
                }
            }
        }
        return f;
    }

    /** tshark gives the options length first, then each option's whole length. */
    private static void geneve(Dissection d, int i, Map<String, List<String>> f) {
        byte[] b = d.bytes(i);
        int o = d.offset(i);
        f.get("geneve.vni").add(String.valueOf(GeneveDecoder.vni(b, o)));
        f.get("geneve.proto_type").add(String.valueOf(GeneveDecoder.protocolType(b, o)));
        f.get("geneve.option.length").add(String.valueOf(GeneveDecoder.optionsLength(b, o)));
        for (int p = o + GeneveDecoder.HEADER_LENGTH; p < d.payloadOffset(i); p += GeneveDecoder.optionLength(b, p)) {
            f.get("geneve.option.class").add(String.valueOf(Bytes.u16(b, p)));
            f.get("geneve.option.type").add(String.valueOf(Bytes.u8(b, p + 2)));
            f.get("geneve.option.length").add(String.valueOf(GeneveDecoder.optionLength(b, p)));
        }
    }

    /** The first lines of the MPLS captures read as tcpdump prints them (with the tunnel bar for MPLS in UDP). */
    @Test
    void summariesReadLikeTcpdump() {
        assertEquals("MPLS (label 100704, tc 0, [S], ttl 1) IP 12.4.4.4.42315 > 12.1.1.1.33435: UDP, length 12",
                firstSummary("pcap/tcpdump/mpls-traceroute.pcap"));
        assertEquals("IP 10.100.12.170.58699 > 10.100.13.157.6635: MPLS (label 21, tc 0, [S], ttl 63) | "
                + "10.3.0.10 > 10.1.0.10: ICMP echo request, id 42731, seq 16, length 64",
                firstSummary("pcap/tcpdump/mpls-over-udp.pcap"));
        assertEquals("IP 20.0.0.1.12618 > 20.0.0.2.6081: Geneve vni 10, 1 option, critical | "
                + "30.0.0.1 > 30.0.0.2: ICMP echo request, id 10578, seq 23, length 64",
                firstSummary("pcap/tcpdump/geneve.pcap"));
        assertEquals("IP 192.168.100.254.62974 > 192.168.100.3.6081: Geneve vni 0, 3 options | "
                + "192.168.100.2.2905 > 192.168.100.1.8080: Flags [none], win 512, length 0",
                firstSummary("pcap/tcpdump/geneve-gcp.pcap"));
    }

    private static String firstSummary(String file) {
        TestCaptures.Frame f = TestCaptures.read(SharedData.file(file)).get(0);
        return PacketSummary.text(new PacketDecoder().decode(f.bytes(), 0, f.bytes().length, f.wireLength(),
                f.linkType()));
    }
}
