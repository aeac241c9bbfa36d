package io.hoptrace.decoders.tunnel;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.DecoderRegistry;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.TestDecoding;
import io.hoptrace.decoders.TestHex;
import io.hoptrace.decoders.TextLine;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Geneve headers and options on byte literals, called directly and inside a whole frame. */
class GeneveDecoderTest {
    /** Ether(0a:58:0a:f4:01:05>0a:58:0a:f4:02:07)/IP(10.244.1.5>10.244.2.7, id 9)/ICMP(echo, id 7, seq 1)/8 zeros. */
    private static final String INNER_ETHERNET = "0a580af402070a580af40105 0800"
            + "4500002400090000400161dd0af401050af402070800f7f7000700010000000000000000";
    /** The same IP packet without its Ethernet header. */
    private static final String INNER_IPV4 = "4500002400090000400161dd0af401050af402070800f7f7000700010000000000000000";

    private static Dissection decode(String hex, int wire) {
        return decode(TestHex.bytes(hex), wire);
    }

    private static Dissection decode(byte[] b, int wire) {
        Dissection d = new Dissection(DecoderRegistry.standard(DecoderConfig.defaults()))
                .reset(b, 0, b.length, wire, LinkType.ETHERNET);
        GeneveDecoder.INSTANCE.decode(d, b, 0, b.length);
        return d;
    }

    private static Dissection decode(String hex) {
        byte[] b = TestHex.bytes(hex);
        return decode(b, b.length);
    }

    private static String summary(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void optionsThenAnInnerEthernetFrameOneLevelDeeper() {
        Dissection d = TestDecoding.ethernet(Frames.GENEVE_ICMP_ECHO);
        assertEquals(List.of("eth", "ip", "udp", "geneve", "eth", "ip", "icmp"), layers(d));
        int g = 3;
        assertEquals(16, d.headerLength(g), "8 fixed bytes and one 8-byte option");
        assertEquals(0, d.depth(g));
        assertEquals(1, d.depth(g + 1));
        assertEquals(10, GeneveDecoder.vni(d.bytes(g), d.offset(g)));
        assertEquals(1, GeneveDecoder.optionCount(d, g));
        assertEquals(List.of(), anomalies(d));
        assertEquals("IP 10.0.0.1.40000 > 10.0.0.2.6081: Geneve vni 10, 1 option, critical | "
                + "10.244.1.5 > 10.244.2.7: ICMP echo request, id 7, seq 1, length 16", PacketSummary.text(d));
        FieldDump f = FieldDump.of(d, g);
        assertEquals("0", f.get("version"));
        assertEquals("8", f.get("optlen"));
        assertEquals("true", f.get("flags.c"));
        assertEquals("false", f.get("flags.o"));
        assertEquals(String.valueOf(0x6558), f.get("protocol"));
        assertEquals("258", f.get("options[0].class"));
        assertEquals("128", f.get("options[0].type"));
        assertEquals("true", f.get("options[0].critical"));
        assertEquals("8", f.get("options[0].length"));
    }

    @Test
    void ipv4ProtocolTypeCarriesIpWithoutEthernet() {
        Dissection d = decode("00000800 00000b00 " + INNER_IPV4);
        assertEquals(List.of("geneve", "ip", "icmp"), layers(d));
        assertEquals(1, d.depth(1));
        assertEquals("Geneve vni 11", summary(d, 0));
    }

    @Test
    void oamFlagAndSeveralOptions() {
        // two non-critical options: class 0x0132 type 1 with 4 bytes of data, class 0x0132 type 2 with none
        Dissection d = decode("03806558 00000100 0132 01 01 aabbccdd 0132 02 00 " + INNER_ETHERNET);
        assertEquals(List.of("geneve", "eth", "ip", "icmp"), layers(d));
        assertEquals(20, d.headerLength(0));
        assertEquals(2, GeneveDecoder.optionCount(d, 0));
        assertEquals("Geneve vni 1, oam, 2 options", summary(d, 0));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void optionsLengthPastThePacketIsMalformed() {
        // the header claims 3 words of options, one is there
        Dissection d = decode("03006558 00000100 0132 01 00");
        assertEquals(List.of("geneve"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("geneve.options-length.bad"), anomalies(d));
        assertEquals(8, d.headerLength(0));
        assertEquals(0, GeneveDecoder.optionCount(d, 0));
        FieldDump.of(d, 0);
    }

    @Test
    void optionsCutBySnaplenAreTruncated() {
        Dissection d = decode("03006558 00000100 0132 01 00", 200);
        assertEquals(LayerStatus.TRUNCATED, d.status(0));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void optionRunningPastTheOptionsAreaIsMalformedButThePayloadIsStillDecoded() {
        // options length 1 word, but the option says it has 2 words of data
        Dissection d = decode("01006558 00000100 0132 01 02 " + INNER_ETHERNET);
        assertEquals(List.of("geneve", "eth", "ip", "icmp"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("geneve.option-length.bad"), anomalies(d));
        assertEquals(8, d.anomalyOffset(0));
        assertEquals(0, GeneveDecoder.optionCount(d, 0));
        assertEquals("Geneve vni 1", summary(d, 0));
        FieldDump.of(d, 0);
    }

    @Test
    void criticalFlagThatDoesNotMatchTheOptionsIsANote() {
        Dissection d = decode("01406558 00000100 0132 01 00 " + INNER_ETHERNET);
        assertEquals(List.of("geneve.flags.critical-mismatch"), anomalies(d));
        assertEquals(LayerStatus.OK, d.status(0));
    }

    @Test
    void reservedBitsAreANote() {
        Dissection d = decode("00016558 00000101 " + INNER_ETHERNET);
        assertEquals(List.of("geneve.reserved.not-zero"), anomalies(d));
        assertEquals(4, d.layerCount());
    }

    @Test
    void unknownVersionIsUnsupported() {
        Dissection d = decode("40006558 00000100 " + INNER_ETHERNET);
        assertEquals(List.of("geneve"), layers(d));
        assertEquals(LayerStatus.UNSUPPORTED, d.status(0));
        assertEquals(List.of("geneve.version.unknown"), anomalies(d));
        assertEquals("Geneve version 1", summary(d, 0));
    }

    @Test
    void headerShorterThanEightBytes() {
        Dissection d = decode("00006558 0000");
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("geneve.header.short"), anomalies(d));
        assertEquals("Geneve (header cut at 6 bytes)", summary(d, 0));
        FieldDump.of(d, 0);
        assertEquals(LayerStatus.TRUNCATED, decode("00006558 0000", 100).status(0));
    }

    @Test
    void unknownProtocolTypeIsData() {
        Dissection d = decode("00001234 00000100 00112233");
        assertEquals(List.of("geneve", "data"), layers(d));
        assertEquals(1, d.depth(1));
    }

    @Test
    void depthLimitZeroStopsBeforeTheInnerFrame() {
        DecoderRegistry r = DecoderRegistry.standard(new DecoderConfig(Set.of(4789), Set.of(179), 0));
        Dissection d = new PacketDecoder(r).decode(TestHex.bytes(Frames.GENEVE_ICMP_ECHO), LinkType.ETHERNET);
        assertEquals(List.of("eth", "ip", "udp", "geneve"), layers(d));
        assertEquals(List.of("encap.too-deep"), anomalies(d));
        assertEquals(58, d.anomalyOffset(0));
    }

    @Test
    void configuredPortsAreBoundAndOthersAreNot() {
        DecoderRegistry def = DecoderRegistry.standard(DecoderConfig.defaults());
        assertSame(GeneveDecoder.INSTANCE, def.udpPorts(50000, 6081));
        assertEquals(Set.of(6081), DecoderConfig.defaults().genevePorts());
        DecoderRegistry custom = DecoderRegistry.standard(DecoderConfig.defaults().withGenevePorts(Set.of(6082)));
        assertSame(GeneveDecoder.INSTANCE, custom.udpPorts(6082, 50000));
        assertNotSame(GeneveDecoder.INSTANCE, custom.udpPorts(6081, 50000));
        // the three-argument constructor keeps Geneve and MPLS in UDP on their defaults
        DecoderConfig three = new DecoderConfig(Set.of(4789), Set.of(179), 3);
        assertEquals(Set.of(6081), three.genevePorts());
        assertEquals(Set.of(6635), three.mplsUdpPorts());
    }

    @Test
    void everyCutOfAHeaderWithOptionsDecodes() {
        byte[] b = TestHex.bytes("03806558 00000100 0132 01 01 aabbccdd 0132 02 00 " + INNER_ETHERNET);
        for (int n = 0; n <= b.length; n++) {
            byte[] part = Arrays.copyOf(b, n);
            for (int wire : new int[] {n, b.length}) {
                Dissection d = decode(part, wire);
                for (int i = 0; i < d.layerCount(); i++) {
                    summary(d, i);
                    FieldDump.of(d, i);
                }
                assertTrue(wire == n || d.worstStatus() != LayerStatus.MALFORMED, "cut at " + n + ": " + d);
            }
        }
    }
}
