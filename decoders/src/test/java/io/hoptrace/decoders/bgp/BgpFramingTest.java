package io.hoptrace.decoders.bgp;

import static io.hoptrace.decoders.bgp.BgpBytes.MARKER;
import static io.hoptrace.decoders.bgp.BgpBytes.anomalies;
import static io.hoptrace.decoders.bgp.BgpBytes.attr;
import static io.hoptrace.decoders.bgp.BgpBytes.decode;
import static io.hoptrace.decoders.bgp.BgpBytes.fields;
import static io.hoptrace.decoders.bgp.BgpBytes.keepalive;
import static io.hoptrace.decoders.bgp.BgpBytes.notification;
import static io.hoptrace.decoders.bgp.BgpBytes.summaries;
import static io.hoptrace.decoders.bgp.BgpBytes.summary;
import static io.hoptrace.decoders.bgp.BgpBytes.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.TestHex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing of one TCP segment on its own (no stream table): markers, lengths, several and partial messages. */
class BgpFramingTest {
    private static final String UPDATE = update("", attr(0x40, 1, "00") + attr(0x40, 2, "02 01 0000fde9")
            + attr(0x40, 3, "0a000001"), "18 0af402");

    @Test
    void severalMessagesInOneSegmentAreEachTheirOwnLayer() {
        Dissection d = decode(keepalive() + UPDATE + notification(4, 0, "") + keepalive());
        assertEquals(4, d.layerCount());
        assertEquals("BGP KEEPALIVE ; BGP UPDATE as-path 65001, next-hop 10.0.0.1, nlri [10.244.2.0/24] ; "
                + "BGP NOTIFICATION hold timer expired ; BGP KEEPALIVE", summaries(d));
        assertEquals(19, d.offset(1));
        assertEquals(19 + TestHex.bytes(UPDATE).length, d.offset(2));
        for (int i = 0; i < 4; i++) {
            assertEquals(LayerStatus.OK, d.status(i));
            assertTrue(BgpDecoder.isWholeMessage(d, i));
        }
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void oneBadMessageDoesNotStopTheNextOnes() {
        String badAttr = update("", "40 03 09 0a000001", "");
        Dissection d = decode(keepalive() + badAttr + keepalive());
        assertEquals(3, d.layerCount());
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertEquals(LayerStatus.OK, d.status(2));
        assertEquals("BGP KEEPALIVE", summary(d, 2));
    }

    @Test
    void badMarkerAfterAMessageIsMalformedAndFramingResumesAtTheNextMarker() {
        String bad = "ffffffffffffffffffffffffffff0000" + "0013" + "04";
        Dissection d = decode(keepalive() + bad + keepalive());
        assertEquals(3, d.layerCount(), d.toString());
        assertEquals(LayerStatus.MALFORMED, d.status(1));
        assertEquals(List.of("bgp.marker.bad"), anomalies(d));
        assertEquals(19, d.anomalyOffset(0));
        assertEquals(19 + 19, d.end(1));
        assertEquals("BGP bad marker, 19 bytes", summary(d, 1));
        assertEquals("false", fields(d, 1).get("marker.valid"));
        assertEquals("BGP KEEPALIVE", summary(d, 2));
        assertFalse(BgpDecoder.isWholeMessage(d, 1));
    }

    @Test
    void lengthBelow19IsMalformed() {
        Dissection d = decode(MARKER + "0012 04" + keepalive());
        assertEquals(2, d.layerCount(), d.toString());
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.length.bad"), anomalies(d));
        assertEquals(16, d.anomalyOffset(0));
        assertEquals("BGP KEEPALIVE bad length 18", summary(d, 0));
        assertEquals("BGP KEEPALIVE", summary(d, 1));
        fields(d, 0);
    }

    @Test
    void lengthAbove4096WithoutExtendedMessagesIsMalformed() {
        Dissection d = decode(MARKER + "1001 02" + "00".repeat(4078) + keepalive());
        assertEquals(2, d.layerCount(), d.toString());
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.length.bad"), anomalies(d));
        assertEquals("BGP UPDATE bad length 4097", summary(d, 0));
        assertEquals(4097, d.offset(1));
    }

    @Test
    void aMessageCutByTheSegmentEndIsTruncatedWithANoteNotMalformed() {
        String whole = keepalive() + UPDATE;
        String cut = whole.substring(0, whole.length() - 10);
        Dissection d = decode(cut);
        assertEquals(2, d.layerCount());
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals(LayerStatus.TRUNCATED, d.status(1));
        assertEquals(List.of("bgp.message.continues"), anomalies(d));
        int len = TestHex.bytes(UPDATE).length;
        assertEquals("BGP UPDATE, first " + (len - 5) + " of " + len + " bytes (cut)", summary(d, 1));
        assertEquals(String.valueOf(len), fields(d, 1).get("length"));
        assertFalse(BgpDecoder.isWholeMessage(d, 1));
    }

    @Test
    void aHeaderCutByTheSegmentEndToo() {
        Dissection d = decode(keepalive() + MARKER.substring(0, 20));
        assertEquals(2, d.layerCount());
        assertEquals(LayerStatus.TRUNCATED, d.status(1));
        assertEquals("BGP message start, 10 bytes (cut)", summary(d, 1));
        Dissection hdr = decode(keepalive() + MARKER + "00");
        assertEquals("BGP message start, 17 bytes (cut)", summary(hdr, 1));
    }

    @Test
    void leadingBytesWithoutAMarkerAreAContinuationNote() {
        String tail = UPDATE.substring(UPDATE.length() - 20);
        Dissection d = decode(tail + keepalive());
        assertEquals(2, d.layerCount());
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals(LayerStatus.OK, d.status(1));
        assertEquals(List.of("bgp.segment.continuation"), anomalies(d));
        assertEquals("BGP continuation, 10 bytes ; BGP KEEPALIVE", summaries(d));
        assertEquals("continuation", fields(d, 0).get("segment"));
    }

    @Test
    void aSegmentWithNoMarkerAtAllIsOneContinuation() {
        Dissection d = decode("0102030405060708");
        assertEquals(1, d.layerCount());
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals("BGP continuation, 8 bytes", summary(d, 0));
    }

    @Test
    void snaplenCutIsTruncatedWithoutTheSegmentationNote() {
        byte[] b = TestHex.bytes(keepalive() + UPDATE);
        Dissection d = new Dissection(BgpBytes.REGISTRY).reset(b, 0, b.length - 8, b.length, 1);
        BgpDecoder.INSTANCE.decode(d, b, 0, b.length - 8);
        assertEquals(LayerStatus.TRUNCATED, d.status(1));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void moreMessagesThanTheLayerLimitStopWithAnAnomaly() {
        Dissection d = decode(keepalive().repeat(Dissection.MAX_LAYERS + 6));
        assertEquals(Dissection.MAX_LAYERS, d.layerCount());
        assertEquals(List.of("frame.layers.too-many"), anomalies(d));
    }

    @Test
    void messagesAreFoundAfterARunOfMoreThan16Ones() {
        Dissection d = decode("ffff" + keepalive());
        assertEquals("BGP continuation, 2 bytes ; BGP KEEPALIVE", summaries(d));
    }
}
