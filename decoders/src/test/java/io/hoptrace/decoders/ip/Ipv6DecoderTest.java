package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.Protocol;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.cut;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.layers;
import static io.hoptrace.decoders.TestDecoding.put16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv6DecoderTest {
    private static final int IP = 14;

    @Test
    void decodesFixedHeader() {
        Dissection d = ethernet(Frames.UDP6);
        assertEquals(List.of("eth", "ipv6", "udp", "data"), layers(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals(40, d.headerLength(1));
        assertEquals(20, Ipv6Decoder.payloadLength(d, 1));
        assertEquals(64, Ipv6Decoder.hopLimit(d, 1));
        assertEquals(17, Ipv6Decoder.upperProtocol(d, 1));
        assertFalse(Ipv6Decoder.isFragment(d, 1));
    }

    @Test
    void extensionHeadersAreWalkedToTheUpperLayer() {
        Dissection d = ethernet(Frames.UDP6_EXTENSIONS);
        assertEquals(List.of("eth", "ipv6", "udp", "data"), layers(d));
        assertEquals(40 + 8 + 8, d.headerLength(1));
        assertEquals(IP + 56, d.offset(2));
        assertEquals(17, Ipv6Decoder.upperProtocol(d, 1));
        assertEquals(List.of(), anomalies(d), "UDP checksum verified past the extension headers");
    }

    @Test
    void extensionHeaderRunningPastThePayloadIsMalformed() {
        byte[] b = put16(Hex.bytes(Frames.UDP6_EXTENSIONS), IP + 4, 12); // HBH 8 fits, dest-opts 8 does not
        Dissection d = ethernet(b);
        assertEquals(List.of("eth", "ipv6"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertEquals(List.of("ipv6.extension.short"), anomalies(d));
        assertEquals(48, d.headerLength(1));
    }

    @Test
    void extensionHeaderCutBySnaplenIsTruncated() {
        byte[] b = Hex.bytes(Frames.UDP6_EXTENSIONS);
        Dissection d = cut(b, IP + 44, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, d.status(1));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void authenticationHeaderLengthCountsFourOctetUnitsPlusTwo() {
        // IPv6 (next 51) / AH (next 17, payload len 4 => 24 bytes) / UDP 1 > 2, length 8, no checksum
        String ah = "1104000000000100000000010000000000000000000000000000000000000000";
        String v6 = "6000000000203340" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002";
        Dissection d = new PacketDecoder().decode(Hex.bytes(v6 + ah.substring(0, 48) + "0001000200080000"),
                LinkType.IPV6);
        assertEquals(List.of("ipv6", "udp"), layers(d));
        assertEquals(40 + 24, d.headerLength(0));
    }

    @Test
    void espEndsTheChain() {
        String v6 = "6000000000103240" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002";
        Dissection d = new PacketDecoder().decode(Hex.bytes(v6 + "00001234000000010102030405060708"),
                LinkType.IPV6);
        assertEquals(List.of("ipv6", "data"), layers(d));
        assertEquals(50, Ipv6Decoder.upperProtocol(d, 0));
    }

    @Test
    void tooManyExtensionHeadersStopWithAnAnomaly() {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            chain.append(i < 19 ? "3c00" : "3b00").append("010400000000");
        }
        String v6 = "6000000000a03c40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002";
        Dissection d = new PacketDecoder().decode(Hex.bytes(v6 + chain), LinkType.IPV6);
        assertEquals(List.of("ipv6.extension.too-many"), anomalies(d));
        assertEquals(40 + 8 * Ipv6Decoder.MAX_EXTENSIONS, d.headerLength(0));
    }

    @Test
    void noNextHeaderHandsNothingOn() {
        String v6 = "6000000000083c40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002";
        Dissection d = new PacketDecoder().decode(Hex.bytes(v6 + "3b00010400000000"), LinkType.IPV6);
        assertEquals(List.of("ipv6"), layers(d));
        assertEquals(LayerStatus.OK, d.status(0));
    }

    @Test
    void firstFragmentHandsOnWithoutMalformedTransport() {
        Dissection d = ethernet(Frames.UDP6_FIRST_FRAGMENT);
        assertEquals(List.of("eth", "ipv6", "udp", "data"), layers(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertEquals(List.of(), anomalies(d));
        assertTrue(Ipv6Decoder.isFragment(d, 1));
        assertTrue(Ipv6Decoder.moreFragments(d, 1));
        assertEquals(0x12345678L, Ipv6Decoder.identification(d, 1));
        assertEquals(17, Ipv6Decoder.upperProtocol(d, 1));
    }

    @Test
    void laterFragmentIsFragmentStatus() {
        Dissection d = ethernet(Frames.UDP6_LAST_FRAGMENT);
        assertEquals(List.of("eth", "ipv6"), layers(d));
        assertEquals(LayerStatus.FRAGMENT, d.status(1));
        assertEquals(1448, Ipv6Decoder.fragmentOffset(d, 1));
        assertFalse(Ipv6Decoder.moreFragments(d, 1));
    }

    @Test
    void payloadLengthPastTheDataIsMalformedOrTruncated() {
        byte[] b = Hex.bytes(Frames.UDP6);
        Dissection malformed = ethernet(Arrays.copyOf(b, b.length - 3));
        assertEquals(LayerStatus.MALFORMED, malformed.status(1));
        assertEquals("ipv6.payload-length.bad", malformed.anomaly(0).id());
        Dissection truncated = cut(b, b.length - 3, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, truncated.status(1));
        assertEquals(LayerStatus.TRUNCATED, truncated.status(2));
    }

    @Test
    void payloadLengthZeroIsNotedAndTheCaptureDecides() {
        byte[] b = put16(Hex.bytes(Frames.TCP6), IP + 4, 0);
        Dissection d = ethernet(b);
        assertEquals(List.of("ipv6.payload-length.zero"), anomalies(d));
        assertEquals(List.of("eth", "ipv6", "tcp"), layers(d));
        assertEquals(b.length, d.end(1));
    }

    @Test
    void shortHeaderAndBadVersion() {
        byte[] b = Hex.bytes(Frames.UDP6);
        Dissection shortOne = ethernet(Arrays.copyOf(b, IP + 39));
        assertEquals(List.of("ipv6.header.short"), anomalies(shortOne));
        b[IP] = 0x40;
        Dissection v4 = ethernet(b);
        assertEquals(List.of("ipv6.version.bad"), anomalies(v4));
        assertEquals(Protocol.IPV6, v4.protocol(1));
    }
}
