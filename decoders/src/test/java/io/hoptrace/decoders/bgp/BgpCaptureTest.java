package io.hoptrace.decoders.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TestCaptures;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.Tshark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BGP on the real captures of data/pcap/tcpdump. Well-formed captures: for every packet, decoded with a stream
 * table as hoptrace decodes a file, the message types, OPEN fields and capability codes, NOTIFICATION codes,
 * prefixes (withdrawn, NLRI, MP_REACH/MP_UNREACH IPv4 and IPv6), next hops, AS numbers, LOCAL_PREF, MED and
 * ROUTE-REFRESH families equal what tshark 4.0 reports (see {@link BgpTsharkFields}). Fuzzed captures (the
 * tcpdump regression files for out-of-bounds reads and undefined behaviour): every packet decodes, summarizes and
 * describes without an exception, with and without a stream table, and the damage shows as anomalies.
 */
class BgpCaptureTest {
    /** Fields not compared for a file, and why. */
    private static final Map<String, Set<String>> NOT_COMPARED = Map.of(
            // labeled unicast (SAFI 4) NLRI carry MPLS labels: kept as bytes here, decoded by tshark
            "bgp-aigp-2.pcap", Set.of("bgp.mp_reach_nlri_ipv4_prefix"),
            "bgp-lu-multiple-labels.pcap", Set.of("bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_unreach_nlri_ipv4_prefix"),
            // tshark 4.0 does not know RFC 9072 extended optional parameters; see extendedOptionalParameters()
            "bgp-extended-optional-parameters-length.pcapng", Set.of("bgp.cap.type"));

    @ParameterizedTest
    @ValueSource(strings = {
        "bgp-4byte-asn.pcap", "bgp-addpath.pcap", "bgp-aigp-2.pcap", "bgp-bfd-cease.pcap", "bgp-bgpsec.pcap",
        "bgp-cease-hard-reset.pcap", "bgp-encap.pcap", "bgp-enhanced-route-refresh-subtype.pcapng",
        "bgp-enhanced-route-refresh.pcapng", "bgp-evpn.pcap", "bgp-extended-msg.pcapng",
        "bgp-extended-optional-parameters-length.pcapng", "bgp-extended-shutdown-msg.pcapng",
        "bgp-infinite-loop.pcap", "bgp-large-community.pcap", "bgp-link-bw-extcommunity.pcapng",
        "bgp-lu-multiple-labels.pcap", "bgp-malformed-hard-reset.pcap", "bgp-orf.pcapng", "bgp-ovs.pcapng",
        "bgp-role.pcapng", "bgp-rt-prefix.pcap", "bgp-shutdown-communication.pcapng",
        "bgp-shutdown-msg-variations.pcap", "bgp_notification_rr_msg_error.pcap",
        "bgpsec_invalid_signature_block_length.pcap", "mpbgp-linklocal-nexthop.pcap",
    })
    void everyPacketMatchesTshark(String file) {
        assumeTrue(Tshark.available(), "tshark not installed");
        Path path = SharedData.file("pcap/tcpdump/" + file);
        List<Tshark.Row> rows = Tshark.fields(path, List.of(), BgpTsharkFields.FIELDS);
        List<TestCaptures.Frame> frames = TestCaptures.read(path);
        assertEquals(rows.size(), frames.size(), file);
        PacketDecoder decoder = new PacketDecoder();
        decoder.dissection().streams(new StreamTable());
        Set<String> skip = NOT_COMPARED.getOrDefault(file, Set.of());
        int messages = 0;
        for (TestCaptures.Frame f : frames) {
            Dissection d = decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
            Map<String, List<String>> mine = BgpTsharkFields.of(d);
            Tshark.Row row = rows.get(f.number() - 1);
            for (String name : BgpTsharkFields.FIELDS) {
                if (!skip.contains(name)) {
                    assertEquals(row.all(name), mine.get(name), file + " packet " + f.number() + " " + name);
                }
            }
            messages += mine.get("bgp.type").size();
            exercise(d, file + " packet " + f.number());
        }
        assertTrue(messages > 0, file + ": no BGP message decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "bgp-aigp-oobr.pcap", "bgp-as-path-oobr.pcap", "bgp-bgp_capabilities_print-oobr-1.pcap",
        "bgp-bgp_capabilities_print-oobr-2.pcap", "bgp-infinite-loop.pcap", "bgp-ub.pcap",
        "bgp_mp_reach_nlri-oobr.pcap", "bgp_mvpn_6_and_7_oobr.pcap", "bgp_pmsi_tunnel-oobr.pcap",
        "bgp_vpn_rt-oobr.pcap", "bgp-malformed-hard-reset.pcap",
    })
    void fuzzedCapturesDecodeWithAnomaliesAndNoException(String file) {
        Path path = SharedData.file("pcap/tcpdump/" + file);
        for (boolean stateful : new boolean[] {false, true}) {
            PacketDecoder decoder = new PacketDecoder();
            decoder.dissection().streams(stateful ? new StreamTable() : null);
            int bgpLayers = 0;
            int damaged = 0;
            for (TestCaptures.Frame f : TestCaptures.read(path)) {
                String where = file + " packet " + f.number() + (stateful ? " (stream table)" : "");
                try {
                    Dissection d = decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
                    for (int i = 0; i < d.layerCount(); i++) {
                        if (d.protocol(i) == Protocol.BGP) {
                            bgpLayers++;
                            damaged += d.status(i) != LayerStatus.OK || hasAnomaly(d, i) ? 1 : 0;
                        }
                    }
                    exercise(d, where);
                } catch (RuntimeException e) {
                    fail(where + ": " + e, e);
                }
            }
            assertTrue(bgpLayers > 0, file + ": no BGP layer");
            assertTrue(damaged > 0, file + ": no BGP anomaly or bad status");
        }
    }

    /** RFC 9072 parameters, checked against tcpdump's expected output (bgp-extended-optional-parameters-length.out). */
    @Test
    void extendedOptionalParameters() {
        Path path = SharedData.file("pcap/tcpdump/bgp-extended-optional-parameters-length.pcapng");
        TestCaptures.Frame f = TestCaptures.read(path).get(0);
        Dissection d = new PacketDecoder().decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
        int bgp = d.find(Protocol.BGP, 0);
        assertEquals(LayerStatus.OK, d.status(bgp));
        byte[] b = d.bytes(bgp);
        int m = d.offset(bgp);
        assertEquals(174, BgpOpen.myAs(b, m));
        assertEquals(180, BgpOpen.holdTime(b, m));
        assertEquals(108, BgpOpen.parametersLength(b, m));
        assertEquals(List.of("1", "1", "128", "2", "70", "65", "6", "69", "73", "64", "71"),
                BgpTsharkFields.of(d).get("bgp.cap.type"));
        TextLine t = new TextLine();
        d.decoder(bgp).summarize(d, bgp, t);
        assertTrue(t.toString().startsWith("BGP OPEN as 174, hold 180, id 6.6.6.6, caps [mp ipv4-unicast, "
                + "mp ipv6-unicast, route-refresh-old, route-refresh, enhanced-route-refresh, 4-byte-as 174, "
                + "extended-message, add-path ipv4-unicast/receive ipv6-unicast/receive, fqdn exit1-debian-11"), t.toString());
    }

    /** Summaries as an SRE reads them, on the real captures. */
    @Test
    void summariesOfRealMessages() {
        assertEquals("BGP UPDATE as-path 200 1 222222 333333 4294967290, next-hop 1.0.2.1, "
                + "nlri [4.4.4.4/32, 5.5.5.5/32, 1.1.1.1/32, 2.2.2.2/32, 3.3.3.3/32]", summary("bgp-4byte-asn.pcap", 13, 0));
        assertEquals("BGP NOTIFICATION cease/hard reset: cease/peer de-configured",
                summary("bgp-cease-hard-reset.pcap", 3, 0));
        assertEquals("BGP NOTIFICATION cease/administrative shutdown \"This is a test of the shutdown communication "
                + "system.\"", summary("bgp-shutdown-communication.pcapng", 1, 0));
        assertEquals("BGP ROUTE-REFRESH ipv4-unicast begin", summary("bgp-enhanced-route-refresh-subtype.pcapng", 2, 0));
        assertEquals("BGP UPDATE as-path 1, next-hop dead:beef::1 fe80::1ff:fe01:0, nlri [4:5::/64]",
                summary("mpbgp-linklocal-nexthop.pcap", 1, 0));
        assertEquals("BGP NOTIFICATION cease/administrative reset \"0123456789\"",
                summary("bgp-shutdown-msg-variations.pcap", 1, 0));
    }

    /** The summary of the {@code nth} BGP layer of packet {@code number}, decoding the file with a stream table. */
    private static String summary(String file, int number, int nth) {
        PacketDecoder decoder = new PacketDecoder();
        decoder.dissection().streams(new StreamTable());
        for (TestCaptures.Frame f : TestCaptures.read(SharedData.file("pcap/tcpdump/" + file))) {
            Dissection d = decoder.decode(f.bytes(), 0, f.bytes().length, f.wireLength(), f.linkType());
            if (f.number() == number) {
                int layer = -1;
                for (int i = 0; i <= nth; i++) {
                    layer = d.find(Protocol.BGP, layer + 1);
                }
                TextLine t = new TextLine();
                d.decoder(layer).summarize(d, layer, t);
                return t.toString();
            }
        }
        throw new AssertionError(file + " has no packet " + number);
    }

    private static boolean hasAnomaly(Dissection d, int layer) {
        for (int i = 0; i < d.anomalyCount(); i++) {
            if (d.anomalyLayer(i) == layer) {
                return true;
            }
        }
        return false;
    }

    /** Summary, describe and the rule accessors of every layer, which must not throw. */
    private static void exercise(Dissection d, String where) {
        for (int i = 0; i < d.layerCount(); i++) {
            try {
                d.decoder(i).summarize(d, i, new TextLine());
                FieldDump.of(d, i);
                if (BgpDecoder.isWholeMessage(d, i)) {
                    byte[] b = d.bytes(i);
                    int m = d.offset(i);
                    BgpUpdate.announced(b, m);
                    BgpUpdate.withdrawn(b, m);
                    BgpUpdate.asPath(b, m);
                    BgpUpdate.nextHop(b, m);
                    BgpOpen.as(b, m);
                    BgpNotification.communication(b, m);
                }
            } catch (RuntimeException e) {
                fail(where + " layer " + i + ": " + e, e);
            }
        }
    }
}
