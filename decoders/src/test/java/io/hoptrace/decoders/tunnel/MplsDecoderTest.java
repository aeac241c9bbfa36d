package io.hoptrace.decoders.tunnel;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MPLS label stacks on byte literals: over Ethernet (same depth) and in UDP (a tunnel), and broken stacks. */
class MplsDecoderTest {
    /** IP(10.244.1.5>10.244.2.7, id 10)/ICMP(echo request, id 7, seq 1)/8 zero bytes, built with scapy 2.5. */
    private static final String INNER_IPV4 = "45000024000a0000400161dc0af401050af402070800f7f7000700010000000000000000";

    private static Dissection decodeStack(String hex, int wire) {
        return decodeStack(TestHex.bytes(hex), wire);
    }

    private static Dissection decodeStack(byte[] b, int wire) {
        Dissection d = new Dissection(DecoderRegistry.standard(DecoderConfig.defaults()))
                .reset(b, 0, b.length, wire, LinkType.ETHERNET);
        MplsDecoder.INSTANCE.decode(d, b, 0, b.length);
        return d;
    }

    @Test
    void twoLabelsOverEthernetThenIpAtTheSameDepth() {
        Dissection d = TestDecoding.ethernet(Frames.MPLS_ICMP_ECHO);
        assertEquals(List.of("eth", "mpls", "ip", "icmp"), layers(d));
        assertEquals(8, d.headerLength(1));
        assertEquals(2, MplsDecoder.entries(d, 1));
        assertEquals(16, MplsDecoder.label(d, 1, 0));
        assertFalse(MplsDecoder.bottomOfStack(d, 1, 0));
        assertEquals(64, MplsDecoder.ttl(d, 1, 0));
        assertEquals(100704, MplsDecoder.label(d, 1, 1));
        assertEquals(5, MplsDecoder.trafficClass(d, 1, 1));
        assertTrue(MplsDecoder.bottomOfStack(d, 1, 1));
        assertEquals(63, MplsDecoder.ttl(d, 1, 1));
        assertEquals(0, d.depth(2), "MPLS over a link is not a tunnel");
        assertEquals(List.of(), anomalies(d));
        assertEquals("MPLS (label 16, tc 0, ttl 64) (label 100704, tc 5, [S], ttl 63) IP 10.0.0.1 > 10.0.0.2: "
                + "ICMP echo request, id 7, seq 2, length 16", PacketSummary.text(d));
        FieldDump f = FieldDump.of(d, 1);
        assertEquals(List.of("16", "100704"), f.all("stack\\[\\d\\]\\.label"));
        assertEquals(List.of("false", "true"), f.all("stack\\[\\d\\]\\.bottom"));
        assertTrue(f.lines().contains("stack[1].ttl=63 @21+1"), f.toString());
    }

    @Test
    void mplsInUdpIsATunnel() {
        Dissection d = TestDecoding.ethernet(Frames.MPLS_UDP_ICMP_ECHO);
        assertEquals(List.of("eth", "ip", "udp", "mpls", "ip", "icmp"), layers(d));
        assertEquals(0, d.depth(3), "the stack belongs to the outer packet, as a VXLAN header does");
        assertEquals(1, d.depth(4));
        assertEquals(21, MplsDecoder.label(d, 3, 0));
        assertEquals("IP 10.0.0.1.40000 > 10.0.0.2.6635: MPLS (label 21, tc 0, [S], ttl 63) | "
                + "10.244.1.5 > 10.244.2.7: ICMP echo request, id 7, seq 1, length 16", PacketSummary.text(d));
    }

    @Test
    void ipv6PayloadByItsFirstNibble() {
        Dissection d = decodeStack("00010140 6000000000003b40" + "00000000000000000000000000000001"
                + "00000000000000000000000000000002", 52);
        assertEquals(List.of("mpls", "ipv6"), layers(d));
    }

    @Test
    void payloadThatIsNeitherIpv4NorIpv6StaysData() {
        // a pseudowire control word (first nibble 0) in front of an Ethernet frame
        Dissection d = decodeStack("00010140 00000001 020000000002020000000001", 24);
        assertEquals(List.of("mpls", "data"), layers(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
    }

    @Test
    void stackWithoutBottomBitRunningToTheEndIsMalformed() {
        Dissection d = decodeStack("00010040 00020040 00030040", 12);
        assertEquals(List.of("mpls"), layers(d));
        assertEquals(3, MplsDecoder.entries(d, 0));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("mpls.bottom.missing"), anomalies(d));
        FieldDump.of(d, 0);
    }

    @Test
    void stackWithoutBottomBitAndATrailingPartialEntry() {
        Dissection d = decodeStack("00010040 0002", 6);
        assertEquals(1, MplsDecoder.entries(d, 0));
        assertEquals(List.of("mpls.bottom.missing"), anomalies(d));
    }

    @Test
    void stackCutBySnaplenIsTruncatedNotMalformed() {
        Dissection d = decodeStack("00010040 00020040", 100);
        assertEquals(LayerStatus.TRUNCATED, d.status(0));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void fewerThanFourBytesIsAShortHeader() {
        Dissection d = decodeStack("000101", 3);
        assertEquals(List.of("mpls"), layers(d));
        assertEquals(0, MplsDecoder.entries(d, 0));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("mpls.header.short"), anomalies(d));
        FieldDump.of(d, 0);
        byte[] frame = TestHex.bytes(Frames.MPLS_ICMP_ECHO);
        Dissection cut = new PacketDecoder().decode(frame, 0, 16, frame.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, cut.status(1));
        assertEquals("[|MPLS] [truncated]", PacketSummary.text(cut));
    }

    @Test
    void depthLimitStopsMplsInUdpButNotMplsOverALink() {
        DecoderRegistry r = DecoderRegistry.standard(new DecoderConfig(Set.of(4789), Set.of(179), 0));
        Dissection udp = new PacketDecoder(r).decode(TestHex.bytes(Frames.MPLS_UDP_ICMP_ECHO), LinkType.ETHERNET);
        assertEquals(List.of("eth", "ip", "udp", "mpls"), layers(udp));
        assertEquals(List.of("encap.too-deep"), anomalies(udp));
        Dissection link = new PacketDecoder(r).decode(TestHex.bytes(Frames.MPLS_ICMP_ECHO), LinkType.ETHERNET);
        assertEquals(List.of("eth", "mpls", "ip", "icmp"), layers(link));
    }

    @Test
    void configuredUdpPortsAreBoundAndOthersAreNot() {
        DecoderRegistry def = DecoderRegistry.standard(DecoderConfig.defaults());
        assertSame(MplsDecoder.IN_UDP, def.udpPorts(50000, 6635));
        assertEquals(Set.of(6635), DecoderConfig.defaults().mplsUdpPorts());
        DecoderRegistry custom = DecoderRegistry.standard(DecoderConfig.defaults().withMplsUdpPorts(Set.of(6636)));
        assertSame(MplsDecoder.IN_UDP, custom.udpPorts(6636, 50000));
        assertNotSame(MplsDecoder.IN_UDP, custom.udpPorts(6635, 50000));
        assertSame(MplsDecoder.INSTANCE, def.etherType(0x8847));
        assertSame(MplsDecoder.INSTANCE, def.etherType(0x8848));
    }

    @Test
    void everyCutOfTheStackDecodes() {
        byte[] b = TestHex.bytes("00010040 0002" + "0140" + INNER_IPV4);
        for (int n = 0; n <= b.length; n++) {
            byte[] part = Arrays.copyOf(b, n);
            decodeStack(part, n);
            decodeStack(part, b.length);
        }
    }
}
