package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.Protocol;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.copy;
import static io.hoptrace.decoders.TestDecoding.cut;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.ethernetDefaults;
import static io.hoptrace.decoders.TestDecoding.fixIpv4Checksum;
import static io.hoptrace.decoders.TestDecoding.layers;
import static io.hoptrace.decoders.TestDecoding.put16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv4DecoderTest {
    private static final int IP = 14;

    @Test
    void decodesHeaderAndHandsPayloadToUdp() {
        Dissection d = ethernet(Frames.UDP);
        assertEquals(List.of("eth", "ip", "udp", "data"), layers(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertEquals(IP, d.offset(1));
        assertEquals(20, d.headerLength(1));
        assertEquals(IP + 48, d.end(1));
        assertEquals(64, Ipv4Decoder.ttl(d, 1));
        assertEquals(4, Ipv4Decoder.identification(d, 1));
        assertEquals(17, Ipv4Decoder.protocol(d, 1));
        assertEquals(0x0a000001, Ipv4Decoder.source(d, 1));
        assertEquals(0x0a000002, Ipv4Decoder.destination(d, 1));
        assertFalse(Ipv4Decoder.isFragment(d, 1));
    }

    @Test
    void optionsMoveThePayload() {
        Dissection d = ethernet(Frames.IPV4_OPTIONS);
        assertEquals(28, d.headerLength(1));
        assertEquals(IP + 28, d.offset(2));
        assertEquals(Protocol.UDP, d.protocol(2));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void optionLengthRunningPastTheHeaderIsAnomalyButDecodingGoesOn() {
        byte[] b = Hex.bytes(Frames.IPV4_OPTIONS);
        b[IP + 21] = 12; // record-route length 12 in an 8-byte options area
        Dissection d = ethernet(fixIpv4Checksum(b, IP));
        assertEquals(List.of("ipv4.option-length.bad"), anomalies(d));
        assertEquals(List.of("eth", "ip", "udp", "data"), layers(d));
    }

    @Test
    void checksumMismatchIsAnomalyNotStatus() {
        byte[] b = Hex.bytes(Frames.UDP);
        b[IP + 11] ^= 1;
        Dissection d = ethernet(b);
        assertEquals(List.of("ipv4.checksum.bad"), anomalies(d));
        assertEquals(LayerStatus.OK, d.status(1));
        assertEquals(IP + 10, d.anomalyOffset(0));
    }

    @Test
    void headerChecksumVerifiedEvenWhenPayloadChecksumsAreNot() {
        byte[] b = Hex.bytes(Frames.UDP);
        b[IP + 11] ^= 1;
        assertEquals(List.of("ipv4.checksum.bad"), anomalies(ethernetDefaults(b)));
    }

    @Test
    void fewerThan20BytesIsMalformedWhenTheFrameWasNotCut() {
        byte[] b = Arrays.copyOf(Hex.bytes(Frames.UDP), IP + 19);
        Dissection d = ethernet(b);
        assertEquals(List.of("eth", "ip"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertEquals(List.of("ipv4.header.short"), anomalies(d));
    }

    @Test
    void fewerThan20BytesIsTruncatedWhenSnaplenCutTheFrame() {
        byte[] b = Hex.bytes(Frames.UDP);
        Dissection d = cut(b, IP + 19, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, d.status(1));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void headerLengthBelowFiveWordsIsMalformedAndStops() {
        byte[] b = Hex.bytes(Frames.UDP);
        b[IP] = 0x44;
        Dissection d = ethernet(b);
        assertEquals(List.of("eth", "ip"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertEquals(List.of("ipv4.header-length.bad"), anomalies(d));
    }

    @Test
    void headerLengthPastTheDataIsMalformed() {
        byte[] b = Arrays.copyOf(Hex.bytes(Frames.UDP), IP + 24);
        b[IP] = 0x4f; // 60-byte header
        Dissection d = ethernet(b);
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertEquals(List.of("ipv4.header-length.short"), anomalies(d));
    }

    @Test
    void versionOtherThanFourIsMalformed() {
        byte[] b = Hex.bytes(Frames.UDP);
        b[IP] = 0x65;
        Dissection d = ethernet(b);
        assertEquals(List.of("ipv4.version.bad"), anomalies(d));
        assertEquals(LayerStatus.MALFORMED, d.status(1));
    }

    @Test
    void totalLengthPastTheDataIsMalformedWhenNothingWasCut() {
        byte[] b = Hex.cut(Frames.UDP, 4);
        Dissection d = ethernet(b);
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertTrue(anomalies(d).contains("ipv4.total-length.bad"));
        assertEquals(b.length, d.end(1));
    }

    @Test
    void totalLengthPastTheDataIsTruncatedWhenSnaplenCut() {
        byte[] b = Hex.bytes(Frames.UDP);
        Dissection d = cut(b, b.length - 4, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, d.status(1));
        assertEquals(LayerStatus.TRUNCATED, d.status(2));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void totalLengthBelowTheHeaderLengthIsMalformed() {
        byte[] b = fixIpv4Checksum(put16(Hex.bytes(Frames.UDP), IP + 2, 16), IP);
        Dissection d = ethernet(b);
        assertEquals(List.of("eth", "ip"), layers(d));
        assertEquals(List.of("ipv4.total-length.bad"), anomalies(d));
    }

    @Test
    void ethernetPaddingAfterTheTotalLengthIsIgnored() {
        byte[] frame = Hex.bytes(Frames.UDP);
        byte[] padded = Arrays.copyOf(frame, frame.length + 12);
        Dissection d = ethernet(padded);
        assertEquals(List.of(), anomalies(d));
        assertEquals(frame.length, d.end(1));
        assertEquals(frame.length, d.end(2));
        assertEquals(padded.length, d.end(0));
    }

    @Test
    void totalLengthZeroTakesTheCapturedLengthWithANote() {
        byte[] b = fixIpv4Checksum(put16(Hex.bytes(Frames.TCP_DATA), IP + 2, 0), IP);
        Dissection d = ethernet(b);
        assertEquals(List.of("ipv4.total-length.zero"), anomalies(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertEquals(b.length, d.end(1));
        assertEquals(List.of("eth", "ip", "tcp", "data"), layers(d));
    }

    @Test
    void firstFragmentHandsOnAndTheTransportIsNotMalformed() {
        Dissection d = ethernet(Frames.UDP_FIRST_FRAGMENT);
        assertEquals(List.of("eth", "ip", "udp", "data"), layers(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
        assertEquals(List.of(), anomalies(d));
        assertTrue(Ipv4Decoder.isFragment(d, 1));
        assertTrue(Ipv4Decoder.moreFragments(d, 1));
        assertEquals(0, Ipv4Decoder.fragmentOffset(d, 1));
        assertFalse(d.fragmentPayload(), "the fragment context ends with the IP layer");
    }

    @Test
    void laterFragmentIsFragmentStatusWithNoHandOff() {
        Dissection d = ethernet(Frames.UDP_MIDDLE_FRAGMENT);
        assertEquals(List.of("eth", "ip"), layers(d));
        assertEquals(LayerStatus.FRAGMENT, d.status(1));
        assertEquals(1480, Ipv4Decoder.fragmentOffset(d, 1));
        assertEquals(573, Ipv4Decoder.identification(d, 1));
        assertTrue(Ipv4Decoder.moreFragments(d, 1));
        assertFalse(Ipv4Decoder.dontFragment(d, 1));
    }

    @Test
    void dontFragmentFlag() {
        Dissection d = ethernet(Frames.TCP_DATA);
        assertTrue(Ipv4Decoder.dontFragment(d, 1));
        assertFalse(Ipv4Decoder.isFragment(d, 1));
    }

    @Test
    void unboundProtocolBecomesData() {
        byte[] b = fixIpv4Checksum(copy(Hex.bytes(Frames.UDP)), IP);
        b[IP + 9] = 47;
        Dissection d = ethernet(fixIpv4Checksum(b, IP));
        assertEquals(List.of("eth", "ip", "data"), layers(d));
        assertEquals(IP + 20, d.offset(2));
    }
}
