package io.hoptrace.decoders.link;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.TextLine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArpDecoderTest {
    private static String text(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void request() {
        Dissection d = ethernet(Frames.ARP_REQUEST);
        assertEquals(List.of("eth", "arp"), layers(d));
        assertTrue(ArpDecoder.isEthernetIpv4(d, 1));
        assertEquals(ArpDecoder.REQUEST, ArpDecoder.operation(d, 1));
        assertEquals("ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28", text(d, 1));
    }

    @Test
    void reply() {
        Dissection d = ethernet(Frames.ARP_REPLY);
        assertEquals("ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28", text(d, 1));
    }

    @Test
    void paddingCountsInTheLengthAsTcpdumpPrintsIt() {
        byte[] padded = Arrays.copyOf(Hex.bytes(Frames.ARP_REQUEST), 60);
        assertEquals("ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46", text(ethernet(padded), 1));
    }

    @Test
    void addressesPastTheFrameAreShort() {
        Dissection d = ethernet(Arrays.copyOf(Hex.bytes(Frames.ARP_REQUEST), 14 + 20));
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertEquals(List.of("arp.header.short"), anomalies(d));
    }

    @Test
    void otherHardwareIsSummarizedGenerically() {
        byte[] b = Hex.bytes(Frames.ARP_REQUEST);
        b[14 + 1] = 6; // IEEE 802
        assertEquals("ARP, htype 6, ptype 0x800, op 1, length 28", text(ethernet(b), 1));
    }
}
