package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.transport.TcpDecoder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.cut;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.ethernetDefaults;
import static io.hoptrace.decoders.TestDecoding.fixIpv4Checksum;
import static io.hoptrace.decoders.TestDecoding.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IcmpDecoderTest {
    private static String text(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void echoRequest() {
        Dissection d = ethernet(Frames.ICMP_ECHO);
        assertEquals(List.of("eth", "ip", "icmp"), layers(d));
        assertEquals(List.of(), anomalies(d), "checksum verifies");
        assertEquals(IcmpDecoder.ECHO_REQUEST, IcmpDecoder.type(d, 2));
        assertEquals(7, IcmpDecoder.identifier(d, 2));
        assertEquals(1, IcmpDecoder.sequence(d, 2));
        assertEquals(-1, IcmpDecoder.mtu(d, 2));
        assertEquals("ICMP echo request, id 7, seq 1, length 64", text(d, 2));
    }

    @Test
    void checksumMismatchIsAWarning() {
        byte[] b = Hex.bytes(Frames.ICMP_ECHO);
        b[b.length - 1] = 1;
        assertEquals(List.of("icmp.checksum.bad"), anomalies(ethernet(b)));
    }

    @Test
    void checksumNotVerifiedByDefault() {
        byte[] b = Hex.bytes(Frames.ICMP_ECHO);
        b[b.length - 1] = 1;
        assertEquals(List.of(), anomalies(ethernetDefaults(b)));
    }

    @Test
    void fragmentationNeededExposesTheMtuAndQuotesTheTcpHeader() {
        Dissection d = ethernet(Frames.ICMP_NEED_FRAG);
        assertEquals(List.of("eth", "ip", "icmp", "ip", "tcp"), layers(d));
        assertEquals(1450, IcmpDecoder.mtu(d, 2));
        assertFalse(d.quoted(1));
        assertFalse(d.quoted(2));
        assertTrue(d.quoted(3));
        assertTrue(d.quoted(4));
        assertEquals(3, IcmpDecoder.quotedIp(d, 2));
        assertEquals(40000, TcpDecoder.sourcePort(d, 4));
        assertEquals(1000, TcpDecoder.sequence(d, 4));
        // the quoted IP claims 576 bytes of which 40 are here: cut by ICMP, not malformed
        assertEquals(LayerStatus.TRUNCATED, d.status(3));
        assertEquals(LayerStatus.TRUNCATED, d.status(4));
        assertEquals(List.of(), anomalies(d));
        assertEquals(2, d.findLast(Protocol.ICMP));
        assertEquals(1, d.findLast(Protocol.IPV4), "flow logic sees the packet's own IP, not the quote");
        assertEquals("ICMP unreachable - need to frag (mtu 1450) for 10.244.1.5.40000 > 10.244.2.7.80 tcp, length 48",
                text(d, 2));
    }

    @Test
    void minimalQuoteWithEightBytesOfTcpIsTruncatedNotMalformed() {
        Dissection d = ethernet(Frames.ICMP_NEED_FRAG_8);
        assertEquals(List.of("eth", "ip", "icmp", "ip", "tcp"), layers(d));
        assertEquals(LayerStatus.TRUNCATED, d.status(4));
        assertEquals(8, d.headerLength(4));
        assertEquals(List.of(), anomalies(d));
        assertEquals(LayerStatus.OK, d.worstStatus(), "a short quote is expected, not a problem of the packet");
        assertEquals("ICMP unreachable - need to frag (mtu 1450) for 10.244.1.5.40000 > 10.244.2.7.80 tcp, length 36",
                text(d, 2));
    }

    @Test
    void timeExceededQuotesUdpHeader() {
        Dissection d = ethernet(Frames.ICMP_TIME_EXCEEDED);
        assertEquals(List.of("eth", "ip", "icmp", "ip", "udp"), layers(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals(LayerStatus.TRUNCATED, d.status(4), "UDP length 40 runs past the quote");
        assertEquals("ICMP time exceeded in-transit for 10.0.0.1.33434 > 8.8.8.8.33435 udp, length 36", text(d, 2));
    }

    @Test
    void portUnreachableWithAFullQuote() {
        Dissection d = ethernet(Frames.ICMP_PORT_UNREACHABLE);
        assertEquals(List.of("eth", "ip", "icmp", "ip", "udp", "data"), layers(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertTrue(d.quoted(5));
        assertEquals("ICMP unreachable - port for 10.0.0.1.5000 > 10.0.0.2.53 udp, length 56", text(d, 2));
    }

    @Test
    void redirectNamesTheGateway() {
        Dissection d = ethernet(Frames.ICMP_REDIRECT);
        assertEquals("ICMP redirect host to 10.0.0.253 for 10.0.0.1.1234 > 8.8.8.8.53 udp, length 36", text(d, 2));
    }

    @Test
    void quotedIpv4WithBadHeaderLengthIsStillMalformed() {
        byte[] b = Hex.bytes(Frames.ICMP_NEED_FRAG_8);
        b[14 + 20 + 8] = 0x43;
        Dissection d = ethernet(b);
        assertEquals(LayerStatus.MALFORMED, d.status(3));
        assertTrue(anomalies(d).contains("ipv4.header-length.bad"));
    }

    @Test
    void shortHeaderIsMalformedOrTruncated() {
        byte[] b = Hex.bytes(Frames.ICMP_ECHO);
        Dissection c = cut(b, 14 + 20 + 5, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, c.status(2));
        assertEquals("ICMP [|icmp]", text(c, 2));
        byte[] shortFrame = Arrays.copyOf(b, 14 + 20 + 5);
        shortFrame[14 + 3] = 25;
        Dissection m = ethernet(fixIpv4Checksum(shortFrame, 14));
        assertEquals(LayerStatus.MALFORMED, m.status(2));
        assertEquals(List.of("icmp.header.short"), anomalies(m));
    }

    @Test
    void errorsInsideAQuoteAreNotQuotedAgain() {
        // an ICMP error quoting an ICMP error: the inner one is decoded, its own quote is not
        byte[] inner = Arrays.copyOfRange(Hex.bytes(Frames.ICMP_TIME_EXCEEDED), 14, 14 + 56);
        String outer = "4500" + String.format("%04x", 20 + 8 + inner.length) + "00010000400100000a0000fe0a000001"
                + "0b00000000000000";
        byte[] b = fixIpv4Checksum(Hex.bytes(outer + Hex.toHex(inner)), 0);
        Dissection d = new PacketDecoder().decode(b, LinkType.RAW);
        assertEquals(List.of("ip", "icmp", "ip", "icmp"), layers(d));
    }
}
