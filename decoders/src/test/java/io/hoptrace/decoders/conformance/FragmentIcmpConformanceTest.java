package io.hoptrace.decoders.conformance;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.decoders.TestCaptures;
import io.hoptrace.decoders.Tshark;
import io.hoptrace.decoders.ip.IcmpDecoder;
import io.hoptrace.decoders.ip.Ipv4Decoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fragment and ICMP captures of ../shared/data: for every packet, every IPv4 header hoptrace decodes (the
 * packet's own and the one an ICMP error quotes, in order) and every ICMP header equal what tshark reports.
 * tshark's own IP reassembly is off so that each frame is compared as captured. Fragment offsets: afs.pcap
 * carries 200 real fragments (offsets 1480, 2960, 4440), the suricata defrag captures small ones.
 */
class FragmentIcmpConformanceTest {
    private static final String[] IP_FIELDS = {"ip.src", "ip.dst", "ip.id", "ip.proto", "ip.ttl", "ip.len",
        "ip.flags.df", "ip.flags.mf", "ip.frag_offset"};
    private static final String[] ICMP_FIELDS = {"icmp.type", "icmp.code", "icmp.mtu"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "pcap/tcpdump/afs.pcap",
        "pcap/suricata-verify/bug-6887-defrag-ipv4-tcp-syn_frag-ip-tcp-syn.pcap",
        "pcap/suricata-verify/exception-policy-defrag-01_ipv4frags.pcap",
        "pcap/suricata-verify/filestore-5408_input_needfrag.pcap",
        "pcap/tcpdump/icmp-cksum-oobr-1.pcap",
        "pcap/tcpdump/ipv4_invalid_total_length.pcap",
        "pcap/tcpdump/LINKTYPE_IPV4.pcap",
        "pcap/tcpdump/LINKTYPE_RAW_ipv4.pcap",
        "pcap/suricata-verify/bug-7725-01_ip_in_ip.pcap",
    })
    void ipv4AndIcmpFieldsMatchTshark(String relative) {
        Assumptions.assumeTrue(Tshark.available(), "tshark is not installed");
        Path file = SharedData.file(relative);
        List<String> fields = new ArrayList<>(List.of(IP_FIELDS));
        fields.addAll(List.of(ICMP_FIELDS));
        List<Tshark.Row> rows = Tshark.fields(file, List.of("-o", "ip.defragment:FALSE", "-o", "ip.check_checksum:FALSE",
                        // sFlow samples carry other packets' headers; hoptrace does not decode sFlow
                        "--disable-protocol", "sflow"),
                fields.toArray(String[]::new));
        List<TestCaptures.Frame> frames = TestCaptures.read(file);
        assertEquals(rows.size(), frames.size(), relative + ": packet count");
        PacketDecoder decoder = new PacketDecoder();
        int icmpSeen = 0;
        for (int n = 0; n < frames.size(); n++) {
            TestCaptures.Frame f = frames.get(n);
            Tshark.Row row = rows.get(n);
            Dissection d = decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
            String where = relative + " packet " + f.number();
            List<String[]> ours = ipv4Values(d);
            for (int k = 0; k < IP_FIELDS.length; k++) {
                List<String> theirs = row.all(IP_FIELDS[k]);
                List<String> mine = new ArrayList<>();
                for (String[] v : ours) {
                    mine.add(v[k]);
                }
                assertEquals(theirs, mine, where + ": " + IP_FIELDS[k]);
            }
            int icmp = d.find(Protocol.ICMP, 0);
            if (!row.all("icmp.type").isEmpty()) {
                assertTrue(icmp >= 0, where + ": tshark sees ICMP, hoptrace does not");
                icmpSeen++;
                assertEquals(row.first("icmp.type"), String.valueOf(IcmpDecoder.type(d, icmp)), where + ": icmp.type");
                assertEquals(row.first("icmp.code"), String.valueOf(IcmpDecoder.code(d, icmp)), where + ": icmp.code");
                if (!row.all("icmp.mtu").isEmpty()) {
                    assertEquals(row.first("icmp.mtu"), String.valueOf(IcmpDecoder.mtu(d, icmp)), where + ": icmp.mtu");
                }
            }
        }
        if (relative.contains("needfrag")) {
            assertTrue(icmpSeen >= 6, relative + ": the six fragmentation-needed errors were compared");
        }
    }

    /** Every IPv4 header with its addresses, as tshark lists them: the packet's own, then any quoted one. */
    private static List<String[]> ipv4Values(Dissection d) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < d.layerCount(); i++) {
            if (d.protocol(i) != Protocol.IPV4 || d.end(i) - d.offset(i) < Ipv4Decoder.MIN_HEADER) {
                continue;
            }
            byte[] b = d.bytes(i);
            int o = d.offset(i);
            out.add(new String[] {
                io.hoptrace.decoders.Bytes.ipv4(b, o + 12),
                io.hoptrace.decoders.Bytes.ipv4(b, o + 16),
                "0x" + String.format("%04x", Ipv4Decoder.identification(d, i)),
                String.valueOf(Ipv4Decoder.protocol(d, i)),
                String.valueOf(Ipv4Decoder.ttl(d, i)),
                String.valueOf(Ipv4Decoder.totalLength(d, i)),
                Ipv4Decoder.dontFragment(d, i) ? "1" : "0",
                Ipv4Decoder.moreFragments(d, i) ? "1" : "0",
                // tshark 4.0 reports the field as carried: in units of 8 bytes
                String.valueOf(Ipv4Decoder.fragmentOffset(d, i) / 8),
            });
        }
        return out;
    }
}
