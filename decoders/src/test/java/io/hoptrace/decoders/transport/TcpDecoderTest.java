package io.hoptrace.decoders.transport;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.DecoderRegistry;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.cut;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.ethernetDefaults;
import static io.hoptrace.decoders.TestDecoding.fixIpv4Checksum;
import static io.hoptrace.decoders.TestDecoding.layers;
import static io.hoptrace.decoders.TestDecoding.put16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpDecoderTest {
    private static final int TCP = 14 + 20;

    private static String text(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void synWithOptions() {
        Dissection d = ethernet(Frames.TCP_SYN);
        assertEquals(List.of("eth", "ip", "tcp"), layers(d));
        assertEquals(List.of(), anomalies(d), "checksum verifies");
        assertEquals(40000, TcpDecoder.sourcePort(d, 2));
        assertEquals(80, TcpDecoder.destinationPort(d, 2));
        assertEquals(1, TcpDecoder.sequence(d, 2));
        assertEquals(TcpDecoder.SYN, TcpDecoder.flags(d, 2));
        assertEquals(40, d.headerLength(2));
        assertEquals(1460, TcpDecoder.mss(d, 2));
        assertEquals(7, TcpDecoder.windowScale(d, 2));
        assertTrue(TcpDecoder.sackPermitted(d, 2));
        assertEquals(64240, TcpDecoder.window(d, 2));
        assertEquals("Flags [S], seq 1, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
                text(d, 2));
    }

    @Test
    void dataSegmentHandsPayloadOn() {
        Dissection d = ethernet(Frames.TCP_DATA);
        assertEquals(List.of("eth", "ip", "tcp", "data"), layers(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals(TcpDecoder.PSH | TcpDecoder.ACK, TcpDecoder.flags(d, 2));
        assertEquals(101, TcpDecoder.acknowledgment(d, 2));
        assertEquals(11, TcpDecoder.payloadLength(d, 2));
        assertEquals(-1, TcpDecoder.mss(d, 2));
        assertEquals("Flags [P.], seq 2:13, ack 101, win 502, length 11", text(d, 2));
    }

    @Test
    void checksumMismatchIsANote() {
        byte[] b = Hex.bytes(Frames.TCP_DATA);
        b[b.length - 1] ^= 0x20;
        Dissection d = ethernet(b);
        assertEquals(List.of("tcp.checksum.bad"), anomalies(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
    }

    @Test
    void checksumNotVerifiedByDefault() {
        byte[] b = Hex.bytes(Frames.TCP_DATA);
        b[b.length - 1] ^= 0x20;
        assertEquals(List.of(), anomalies(ethernetDefaults(b)));
    }

    @Test
    void checksumOverIpv6PseudoHeader() {
        Dissection ok = ethernet(Frames.TCP6);
        assertEquals(List.of(), anomalies(ok));
        byte[] b = Hex.bytes(Frames.TCP6);
        b[14 + 8 + 15] ^= 1; // source address is in the pseudo-header
        assertEquals(List.of("tcp.checksum.bad"), anomalies(ethernet(b)));
    }

    @Test
    void checksumIsNotCheckedWhenTheSegmentWasCut() {
        byte[] b = Hex.bytes(Frames.TCP_DATA);
        b[b.length - 1] ^= 0x20;
        Dissection d = cut(b, b.length - 1, b.length, LinkType.ETHERNET);
        assertEquals(List.of(), anomalies(d));
        assertEquals(LayerStatus.TRUNCATED, d.status(2));
    }

    @Test
    void dataOffsetBelowFiveIsMalformed() {
        byte[] b = Hex.bytes(Frames.TCP_DATA);
        b[TCP + 12] = 0x40;
        Dissection d = ethernet(b);
        assertEquals(List.of("eth", "ip", "tcp"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(2));
        assertEquals(List.of("tcp.data-offset.bad"), anomalies(d));
    }

    @Test
    void dataOffsetPastTheSegmentIsMalformedUnlessCut() {
        byte[] b = Hex.bytes(Frames.TCP_SYN_ACK); // 24-byte header
        b[TCP + 12] = (byte) 0xf0;
        Dissection d = ethernet(b);
        assertEquals(LayerStatus.MALFORMED, d.status(2));
        assertEquals(List.of("tcp.data-offset.short"), anomalies(d));
        byte[] syn = Hex.bytes(Frames.TCP_SYN);
        Dissection truncated = cut(syn, TCP + 30, syn.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, truncated.status(2));
        assertEquals(List.of(), anomalies(truncated));
    }

    @Test
    void shortHeaderIsMalformedOrTruncated() {
        byte[] b = Hex.bytes(Frames.TCP_DATA);
        byte[] shortFrame = fixIpv4Checksum(put16(Arrays.copyOf(b, TCP + 10), 14 + 2, 30), 14);
        Dissection d = ethernet(shortFrame);
        assertEquals(LayerStatus.MALFORMED, d.status(2));
        assertEquals(List.of("tcp.header.short"), anomalies(d));
        Dissection cutOne = cut(b, TCP + 10, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, cutOne.status(2));
        assertEquals("[|tcp]", text(cutOne, 2));
    }

    @Test
    void badOptionLengthIsAnAnomalyAndDecodingContinues() {
        byte[] b = Hex.bytes(Frames.TCP_SYN);
        b[TCP + 20 + 18] = 9; // wscale length 3 -> 9, past the header
        Dissection d = ethernet(b);
        assertTrue(anomalies(d).contains("tcp.option-length.bad"));
        assertEquals(LayerStatus.OK, d.status(2));
        assertEquals(1460, TcpDecoder.mss(d, 2), "options before the bad one still read");
        assertEquals(-1, TcpDecoder.windowScale(d, 2));
        assertTrue(text(d, 2).contains("options [mss 1460,sackOK,TS val 1 ecr 0,nop,bad opt]"), text(d, 2));
    }

    @Test
    void optionLengthZeroDoesNotLoop() {
        byte[] b = Hex.bytes(Frames.TCP_SYN);
        b[TCP + 21] = 0; // MSS length 0
        Dissection d = ethernet(b);
        assertTrue(anomalies(d).contains("tcp.option-length.bad"));
        assertEquals(-1, TcpDecoder.mss(d, 2));
    }

    @Test
    void wrongFixedLengthIsAnAnomaly() {
        byte[] b = Hex.bytes(Frames.TCP_SYN);
        b[TCP + 21] = 3; // MSS must be 4 long
        Dissection d = ethernet(b);
        assertTrue(anomalies(d).contains("tcp.option-length.bad"));
    }

    @Test
    void sackBlocksAndUnknownKindsAreKept() {
        // ACK with options: nop, nop, SACK {1000:2000}, kind 253 length 4, eol; data offset 10 words
        String tcp = "9c4000500000000200000065a0101f6000000000" + "0101050a000003e8000007d0" + "fd04abcd00000000";
        String ip = "4500003c000100004006" + "0000" + "0a0000010a000002";
        byte[] b = Hex.bytes("020000000002020000000001" + "0800" + ip + tcp);
        Dissection d = ethernet(fixIpv4Checksum(b, 14));
        assertTrue(text(d, 2).contains("options [nop,nop,sack 1 {1000:2000},opt-253,eol]"), text(d, 2));
        assertTrue(TcpDecoder.option(d, 2, 253) > 0);
        assertEquals(List.of("tcp.checksum.bad"), anomalies(d), "the test segment carries no checksum");
    }

    @Test
    void ecnAndNonceFlagsAreRead() {
        byte[] b = Hex.bytes(Frames.TCP_SYN);
        b[TCP + 12] |= 0x01;
        b[TCP + 13] |= (byte) 0xc0;
        Dissection d = ethernet(b);
        int flags = TcpDecoder.flags(d, 2);
        assertEquals(TcpDecoder.SYN | TcpDecoder.ECE | TcpDecoder.CWR | TcpDecoder.NS, flags);
        assertTrue(text(d, 2).startsWith("Flags [SEWN]"), text(d, 2));
    }

    @Test
    void synAckPrintsAckAndSeq() {
        assertEquals("Flags [S.], seq 100, ack 2, win 502, options [mss 1460], length 0",
                text(ethernet(Frames.TCP_SYN_ACK), 2));
    }

    @Test
    void payloadGoesToTheLowerBoundPort() {
        int[] seen = new int[1];
        LayerDecoder probe = new LayerDecoder() {
            @Override
            public Protocol protocol() {
                return Protocol.DATA;
            }

            @Override
            public void decode(Dissection d, byte[] b, int offset, int limit) {
                seen[0] = limit - offset;
            }

            @Override
            public void summarize(Dissection d, int layer, TextLine out) {
            }

            @Override
            public void describe(Dissection d, int layer, FieldSink out) {
            }
        };
        DecoderRegistry r = DecoderRegistry.standard(DecoderConfig.defaults()).bindTcpPort(80, probe);
        new PacketDecoder(r).decode(Hex.bytes(Frames.TCP_DATA), LinkType.ETHERNET);
        assertEquals(11, seen[0]);
    }
}
