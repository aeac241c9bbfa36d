package io.hoptrace.decoders.link;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.TestHex;
import io.hoptrace.decoders.TextLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PPP link types on byte literals: address/control present or not, 1- and 2-byte protocols, what is not IP. */
class PppDecoderTest {
    /** IP(10.0.0.1>10.0.0.2, id 1)/UDP(5000>53)/"x"*4, built with scapy 2.5. */
    private static final String IPV4_UDP = "4500002000010000401166ca0a0000010a000002 13880035000ce725 78787878";
    /** The first frame of data/pcap/tcpdump/mpls-traceroute.pcap: PPP, MPLS label 100704, IP, UDP 42315 > 33435. */
    private static final String MPLS_TRACEROUTE = "ff030281 18960101 45000028a54c00000111f76f0c0404040c010101"
            + "a54b829b00140000000000000000000000000000";

    private static Dissection decode(String hex, int linkType) {
        return new PacketDecoder().decode(TestHex.bytes(hex), linkType);
    }

    private static Dissection cut(String hex, int captured, int linkType) {
        byte[] b = TestHex.bytes(hex);
        return new PacketDecoder().decode(b, 0, captured, b.length, linkType);
    }

    private static String summary(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void addressControlAndTwoByteProtocolCarryIpv4() {
        Dissection d = decode("ff030021" + IPV4_UDP, LinkType.PPP);
        assertEquals(List.of("ppp", "ip", "udp", "data"), layers(d));
        assertEquals(4, d.headerLength(0));
        assertEquals(4, d.offset(1));
        assertEquals(0, d.depth(1));
        assertTrue(PppDecoder.hasAddressControl(d, 0));
        assertEquals(PppDecoder.IPV4, PppDecoder.protocolNumber(d, 0));
        assertEquals(List.of(), anomalies(d));
        assertEquals("IP 10.0.0.1.5000 > 10.0.0.2.53: UDP, length 4", PacketSummary.text(d));
        assertEquals("PPP IP (0x0021), length 32", summary(d, 0));
        FieldDump f = FieldDump.of(d, 0);
        assertEquals("255", f.get("address"));
        assertEquals("3", f.get("control"));
        assertEquals("33", f.get("protocol"));
    }

    @Test
    void withoutAddressControlTheFrameStartsWithTheProtocol() {
        Dissection d = decode("0021" + IPV4_UDP, LinkType.PPP);
        assertEquals(List.of("ppp", "ip", "udp", "data"), layers(d));
        assertEquals(2, d.headerLength(0));
        assertFalse(PppDecoder.hasAddressControl(d, 0));
        assertEquals(null, FieldDump.of(d, 0).get("address"));
    }

    @Test
    void compressedOneByteProtocolField() {
        Dissection d = decode("21" + IPV4_UDP, LinkType.PPP);
        assertEquals(List.of("ppp", "ip", "udp", "data"), layers(d));
        assertEquals(1, d.headerLength(0));
        Dissection both = decode("ff0321" + IPV4_UDP, LinkType.PPP_HDLC);
        assertEquals(List.of("ppp", "ip", "udp", "data"), layers(both));
        assertEquals(3, both.headerLength(0));
        assertTrue(FieldDump.of(both, 0).lines().contains("protocol=33 @2+1"), FieldDump.of(both, 0).toString());
    }

    @Test
    void ipv6Protocol() {
        // IPv6(::1 > ::2, hlim 64) with no payload
        Dissection d = decode("ff030057 60000000 0000 3b 40" + "00000000000000000000000000000001"
                + "00000000000000000000000000000002", LinkType.PPP);
        assertEquals(List.of("ppp", "ipv6"), layers(d));
    }

    @Test
    void mplsProtocolCarriesTheLabelStackThenIp() {
        Dissection d = decode(MPLS_TRACEROUTE, LinkType.PPP);
        assertEquals(List.of("ppp", "mpls", "ip", "udp", "data"), layers(d));
        assertEquals("MPLS (label 100704, tc 0, [S], ttl 1) IP 12.4.4.4.42315 > 12.1.1.1.33435: UDP, length 12",
                PacketSummary.text(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
    }

    @Test
    void controlProtocolStaysDataAndIsNamed() {
        // LCP Configure-Request, id 1, length 10, magic number option
        Dissection d = decode("ff03c021 0101000a 0506 12345678", LinkType.PPP);
        assertEquals(List.of("ppp", "data"), layers(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertEquals("PPP LCP (0xc021), length 10", PacketSummary.text(d));
    }

    @Test
    void unknownProtocolIsDataWithItsNumber() {
        Dissection d = decode("ff03 6e21 00112233", LinkType.PPP);
        assertEquals(List.of("ppp", "data"), layers(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals("PPP unknown (0x6e21), length 4", PacketSummary.text(d));
        // an odd first byte is a compressed one-byte protocol (RFC 1661 keeps high bytes even)
        Dissection compressed = decode("ff03 43 00112233", LinkType.PPP);
        assertEquals("PPP unknown (0x0043), length 4", PacketSummary.text(compressed));
    }

    @Test
    void evenProtocolNumberIsMalformedButItsBytesAreKept() {
        Dissection d = decode("ff03 0020 00112233", LinkType.PPP);
        assertEquals(List.of("ppp", "data"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("ppp.protocol.invalid"), anomalies(d));
        assertEquals(2, d.anomalyOffset(0));
    }

    @Test
    void addressControlWithoutProtocolIsMalformedOrTruncated() {
        Dissection d = decode("ff03", LinkType.PPP);
        assertEquals(List.of("ppp"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("ppp.header.short"), anomalies(d));
        assertEquals("[|ppp] [malformed: ppp.header.short]", PacketSummary.text(d));
        FieldDump.of(d, 0);
        Dissection c = cut("ff0300" + "21" + IPV4_UDP, 3, LinkType.PPP);
        assertEquals(LayerStatus.TRUNCATED, c.status(0));
        assertEquals(List.of(), anomalies(c));
    }

    @Test
    void ciscoHdlcInAPppHdlcCaptureIsUnsupported() {
        Dissection d = decode("0f000800" + IPV4_UDP, LinkType.PPP_HDLC);
        assertEquals(List.of("data"), layers(d));
        assertEquals(LayerStatus.UNSUPPORTED, d.status(0));
        assertEquals(List.of("ppp.framing.cisco-hdlc"), anomalies(d));
        // in a plain PPP capture 0x0f is an (odd, one-byte) protocol number, not a framing
        assertEquals("ppp", layers(decode("0f000800", LinkType.PPP)).get(0));
    }

    @Test
    void linkTypeNames() {
        assertEquals("PPP", LinkType.name(LinkType.PPP));
        assertEquals("PPP_HDLC", LinkType.name(LinkType.PPP_HDLC));
    }
}
