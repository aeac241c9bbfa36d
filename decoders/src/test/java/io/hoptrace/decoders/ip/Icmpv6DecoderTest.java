package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.transport.TcpDecoder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.ethernetDefaults;
import static io.hoptrace.decoders.TestDecoding.layers;
import static io.hoptrace.decoders.TestDecoding.put16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Icmpv6DecoderTest {
    private static String text(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void packetTooBigExposesTheMtuAndQuotesTheOriginal() {
        Dissection d = ethernet(Frames.ICMP6_PACKET_TOO_BIG);
        assertEquals(List.of("eth", "ipv6", "icmpv6", "ipv6", "tcp"), layers(d));
        assertEquals(List.of(), anomalies(d), "checksum verifies");
        assertEquals(1450, Icmpv6Decoder.mtu(d, 2));
        assertEquals(3, Icmpv6Decoder.quotedIp(d, 2));
        assertTrue(d.quoted(4));
        assertEquals(443, TcpDecoder.destinationPort(d, 4));
        assertEquals(LayerStatus.TRUNCATED, d.status(3), "payload length 1440, 20 bytes quoted");
        assertEquals("ICMP6, packet too big, mtu 1450 for 2001:db8::1.40000 > 2001:db8::2.443 tcp, length 68",
                text(d, 2));
    }

    @Test
    void destinationUnreachable() {
        Dissection d = ethernet(Frames.ICMP6_PORT_UNREACHABLE);
        assertEquals(List.of("eth", "ipv6", "icmpv6", "ipv6", "udp", "data"), layers(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals(-1, Icmpv6Decoder.mtu(d, 2));
        assertEquals("ICMP6, destination unreachable - port for 2001:db8::1.5000 > 2001:db8::2.53 udp, length 64",
                text(d, 2));
    }

    @Test
    void echoRequest() {
        Dissection d = ethernet(Frames.ICMP6_ECHO);
        assertEquals(List.of(), anomalies(d));
        assertEquals("ICMP6, echo request, id 5, seq 2, length 16", text(d, 2));
    }

    @Test
    void checksumCoversThePseudoHeader() {
        byte[] b = Hex.bytes(Frames.ICMP6_ECHO);
        b[14 + 24 + 15] ^= 1; // destination address
        assertEquals(List.of("icmpv6.checksum.bad"), anomalies(ethernet(b)));
    }

    @Test
    void checksumNotVerifiedByDefault() {
        byte[] b = Hex.bytes(Frames.ICMP6_ECHO);
        b[14 + 24 + 15] ^= 1;
        assertEquals(List.of(), anomalies(ethernetDefaults(b)));
    }

    @Test
    void neighborDiscovery() {
        Dissection ns = ethernet(Frames.ICMP6_NEIGHBOR_SOLICITATION);
        assertEquals(List.of(), anomalies(ns));
        assertEquals("ICMP6, neighbor solicitation, who has fe80::2, length 32", text(ns, 2));
        Dissection na = ethernet(Frames.ICMP6_NEIGHBOR_ADVERTISEMENT);
        assertEquals(List.of(), anomalies(na));
        assertEquals(Icmpv6Decoder.NEIGHBOR_ADVERTISEMENT, Icmpv6Decoder.type(na, 2));
        assertEquals("ICMP6, neighbor advertisement, tgt is fe80::2, length 24", text(na, 2));
        assertEquals("ICMP6, router solicitation, length 8", text(ethernet(Frames.ICMP6_ROUTER_SOLICITATION), 2));
        assertEquals("ICMP6, router advertisement, length 16", text(ethernet(Frames.ICMP6_ROUTER_ADVERTISEMENT), 2));
    }

    @Test
    void neighborSolicitationWithoutItsTargetIsShort() {
        byte[] b = Hex.bytes(Frames.ICMP6_NEIGHBOR_SOLICITATION);
        byte[] shortFrame = put16(Arrays.copyOf(b, 14 + 40 + 12), 14 + 4, 12);
        Dissection d = ethernet(shortFrame);
        assertEquals(LayerStatus.MALFORMED, d.status(2));
        assertEquals(List.of("icmpv6.header.short"), anomalies(d));
    }
}
