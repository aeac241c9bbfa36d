package io.hoptrace.decoders.transport;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.TextLine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.cut;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.ethernetDefaults;
import static io.hoptrace.decoders.TestDecoding.layers;
import static io.hoptrace.decoders.TestDecoding.put16;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UdpDecoderTest {
    private static final int UDP = 14 + 20;

    @Test
    void decodesPortsAndLength() {
        Dissection d = ethernet(Frames.UDP);
        assertEquals(List.of("eth", "ip", "udp", "data"), layers(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals(5000, UdpDecoder.sourcePort(d, 2));
        assertEquals(53, UdpDecoder.destinationPort(d, 2));
        assertEquals(28, UdpDecoder.length(d, 2));
        assertEquals(20, UdpDecoder.payloadLength(d, 2));
        assertEquals(UDP + 8, d.offset(3));
        TextLine t = new TextLine();
        d.decoder(2).summarize(d, 2, t);
        assertEquals("UDP, length 20", t.toString());
    }

    @Test
    void checksumMismatchIsANote() {
        byte[] b = Hex.bytes(Frames.UDP);
        b[b.length - 1] = 'y';
        assertEquals(List.of("udp.checksum.bad"), anomalies(ethernet(b)));
    }

    @Test
    void checksumNotVerifiedByDefault() {
        byte[] b = Hex.bytes(Frames.UDP);
        b[b.length - 1] = 'y';
        assertEquals(List.of(), anomalies(ethernetDefaults(b)));
    }

    @Test
    void zeroChecksumMeansNoneOverIpv4() {
        byte[] b = put16(Hex.bytes(Frames.UDP), UDP + 6, 0);
        assertEquals(List.of(), anomalies(ethernet(b)));
    }

    @Test
    void zeroChecksumOverIpv6IsNoted() {
        byte[] b = put16(Hex.bytes(Frames.UDP6), 14 + 40 + 6, 0);
        assertEquals(List.of("udp.checksum.missing"), anomalies(ethernet(b)));
    }

    @Test
    void ipv6ChecksumVerifies() {
        assertEquals(List.of(), anomalies(ethernet(Frames.UDP6)));
        byte[] b = Hex.bytes(Frames.UDP6);
        b[b.length - 2] ^= 1;
        assertEquals(List.of("udp.checksum.bad"), anomalies(ethernet(b)));
    }

    @Test
    void lengthBelowEightIsMalformed() {
        byte[] b = put16(Hex.bytes(Frames.UDP), UDP + 4, 7);
        Dissection d = ethernet(b);
        assertEquals(List.of("eth", "ip", "udp"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(2));
        assertEquals(List.of("udp.length.bad"), anomalies(d));
    }

    @Test
    void lengthPastTheIpPayloadIsMalformed() {
        byte[] b = put16(Hex.bytes(Frames.UDP), UDP + 4, 40);
        Dissection d = ethernet(b);
        assertEquals(LayerStatus.MALFORMED, d.status(2));
        assertEquals(List.of("udp.length.bad"), anomalies(d));
    }

    @Test
    void lengthPastACutFrameIsTruncated() {
        byte[] b = Hex.bytes(Frames.UDP);
        Dissection d = cut(b, UDP + 12, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, d.status(2));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void shortHeaderCutBySnaplenIsTruncated() {
        byte[] b = Hex.bytes(Frames.UDP);
        Dissection d = cut(b, UDP + 5, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, d.status(2));
        TextLine t = new TextLine();
        d.decoder(2).summarize(d, 2, t);
        assertEquals("[|udp]", t.toString());
    }

    @Test
    void shorterThanTheIpPayloadEndsWhereUdpSays() {
        byte[] b = put16(Hex.bytes(Frames.UDP), UDP + 4, 20);
        b[UDP + 6] = 0;
        b[UDP + 7] = 0;
        Dissection d = ethernet(b);
        assertEquals(UDP + 20, d.end(2));
        assertEquals(12, d.end(3) - d.offset(3));
    }

    @Test
    void firstFragmentLengthRunningOnIsNotMalformed() {
        Dissection d = ethernet(Frames.UDP_FIRST_FRAGMENT);
        assertEquals(LayerStatus.OK, d.status(2));
        assertEquals(3000, UdpDecoder.payloadLength(d, 2));
        assertEquals(List.of(), anomalies(d), "checksum not checked on a fragment");
    }
}
