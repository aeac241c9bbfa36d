package io.hoptrace.decoders.bgp;

import static io.hoptrace.decoders.bgp.BgpBytes.anomalies;
import static io.hoptrace.decoders.bgp.BgpBytes.attr;
import static io.hoptrace.decoders.bgp.BgpBytes.cap;
import static io.hoptrace.decoders.bgp.BgpBytes.capsParam;
import static io.hoptrace.decoders.bgp.BgpBytes.fields;
import static io.hoptrace.decoders.bgp.BgpBytes.keepalive;
import static io.hoptrace.decoders.bgp.BgpBytes.open;
import static io.hoptrace.decoders.bgp.BgpBytes.summaries;
import static io.hoptrace.decoders.bgp.BgpBytes.summary;
import static io.hoptrace.decoders.bgp.BgpBytes.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TestHex;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Messages split across TCP segments of one stream, retransmissions and gaps, with a StreamTable (reassembled)
 * and without one (each segment alone). Segments come from 10.0.0.1:179 through hand-made IPv4/TCP layers.
 */
class BgpReassemblyTest {
    /** A 200-odd byte UPDATE with many prefixes, so splits can fall anywhere in it. */
    private static final String BIG_UPDATE;

    static {
        StringBuilder nlri = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            nlri.append("18 0af4").append(BgpBytes.u8(i));
        }
        BIG_UPDATE = update("", attr(0x40, 1, "00") + attr(0x40, 2, "02 01 0000fde9") + attr(0x40, 3, "0a000001"),
                nlri.toString());
    }

    private static int len(String hex) {
        return BgpBytes.strip(hex).length() / 2;
    }

    private static String[] split(String hex, int... at) {
        String h = BgpBytes.strip(hex);
        String[] parts = new String[at.length + 1];
        int from = 0;
        for (int i = 0; i < at.length; i++) {
            parts[i] = h.substring(from * 2, at[i] * 2);
            from = at[i];
        }
        parts[at.length] = h.substring(from * 2);
        return parts;
    }

    @Test
    void messageSplitAcrossTwoSegmentsIsReassembledIntoItsOwnByteArray() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String stream = keepalive() + BIG_UPDATE + keepalive();
        String[] p = split(stream, 100);
        Dissection d1 = s.segment(1000, p[0]);
        assertEquals("BGP KEEPALIVE ; BGP UPDATE, first 81 of " + len(BIG_UPDATE) + " bytes (continues)",
                summaries(d1));
        assertEquals(LayerStatus.OK, d1.worstStatus());
        assertEquals(List.of("bgp.message.continues"), anomalies(d1));

        Dissection d2 = s.segment(1100, p[1]);
        List<Integer> layers = BgpBytes.bgpLayers(d2);
        assertEquals(2, layers.size(), d2.toString());
        int u = layers.get(0);
        assertNotSame(d2.frame(), d2.bytes(u));
        assertEquals(0, d2.offset(u));
        assertEquals(len(BIG_UPDATE), d2.end(u));
        assertArrayEquals(TestHex.bytes(BIG_UPDATE), d2.bytes(u));
        assertEquals(LayerStatus.OK, d2.status(u));
        assertTrue(BgpDecoder.isWholeMessage(d2, u));
        assertEquals(40, BgpUpdate.announced(d2.bytes(u), d2.offset(u)).size());
        assertTrue(summary(d2, u).startsWith("BGP UPDATE as-path 65001, next-hop 10.0.0.1, nlri [10.244.0.0/24"));
        assertTrue(summary(d2, u).endsWith("+32 more] (reassembled)"));
        assertEquals("true", fields(d2, u).get("reassembled"));
        assertEquals("BGP KEEPALIVE", summary(d2, layers.get(1)));
        assertSame(d2.frame(), d2.bytes(layers.get(1)));
        assertEquals(List.of(), anomalies(d2));
    }

    @Test
    void messageSplitAcrossThreeSegments() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String[] p = split(BIG_UPDATE + keepalive(), 60, 130);
        assertEquals("BGP UPDATE, first 60 of " + len(BIG_UPDATE) + " bytes (continues)",
                summaries(s.segment(5, p[0])));
        Dissection d2 = s.segment(65, p[1]);
        assertEquals("BGP segment of a split message, 70 bytes", summaries(d2));
        assertEquals(LayerStatus.OK, d2.worstStatus());
        assertEquals(List.of(), anomalies(d2));
        Dissection d3 = s.segment(135, p[2]);
        assertEquals(2, BgpBytes.bgpLayers(d3).size());
        assertArrayEquals(TestHex.bytes(BIG_UPDATE), d3.bytes(BgpBytes.bgpLayers(d3).get(0)));
        assertEquals("BGP KEEPALIVE", summary(d3, BgpBytes.bgpLayers(d3).get(1)));
    }

    @Test
    void headerSplitInsideTheMarkerAndInsideTheLength() {
        for (int cut : new int[] {1, 10, 16, 17, 18}) {
            BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
            String[] p = split(keepalive() + keepalive() + BIG_UPDATE, 19 + 19 + cut);
            Dissection d1 = s.segment(1, p[0]);
            assertEquals("BGP KEEPALIVE ; BGP KEEPALIVE ; BGP message start, " + cut + " bytes (continues)",
                    summaries(d1), "cut " + cut);
            Dissection d2 = s.segment(1 + 38 + cut, p[1]);
            assertArrayEquals(TestHex.bytes(BIG_UPDATE), d2.bytes(BgpBytes.bgpLayers(d2).get(0)), "cut " + cut);
        }
    }

    @Test
    void keepaliveSplitRightAfterItsHeaderBytes() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String[] p = split(keepalive() + keepalive(), 25);
        s.segment(1, p[0]);
        Dissection d = s.segment(26, p[1]);
        assertEquals("BGP KEEPALIVE (reassembled)", summaries(d));
    }

    @Test
    void withoutAStreamTableTheSecondHalfIsAContinuation() {
        BgpBytes.Session s = new BgpBytes.Session(null);
        String[] p = split(BIG_UPDATE + keepalive(), 100);
        Dissection d1 = s.segment(1, p[0]);
        assertEquals(LayerStatus.TRUNCATED, d1.status(BgpBytes.bgpLayers(d1).get(0)));
        assertEquals(List.of("bgp.message.continues"), anomalies(d1));
        Dissection d2 = s.segment(101, p[1]);
        assertEquals("BGP continuation, " + (len(BIG_UPDATE) - 100) + " bytes ; BGP KEEPALIVE", summaries(d2));
        assertEquals(LayerStatus.OK, d2.worstStatus());
        assertEquals(List.of("bgp.segment.continuation"), anomalies(d2));
    }

    @Test
    void withoutAStreamTableThreeSegmentsNeverMalformed() {
        BgpBytes.Session s = new BgpBytes.Session(null);
        String[] p = split(BIG_UPDATE, 60, 130);
        assertEquals(LayerStatus.TRUNCATED, s.segment(1, p[0]).worstStatus());
        assertEquals(LayerStatus.OK, s.segment(61, p[1]).worstStatus());
        assertEquals(LayerStatus.OK, s.segment(131, p[2]).worstStatus());
    }

    @Test
    void aRetransmittedSegmentIsNotDecodedTwice() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String seg = keepalive() + keepalive();
        assertEquals(2, BgpBytes.bgpLayers(s.segment(7, seg)).size());
        Dissection again = s.segment(7, seg);
        assertEquals("BGP retransmission, 38 bytes", summaries(again));
        assertEquals(List.of("bgp.segment.retransmitted"), anomalies(again));
        assertEquals(LayerStatus.OK, again.worstStatus());
        assertEquals("BGP KEEPALIVE", summaries(s.segment(45, keepalive())));
    }

    @Test
    void aRetransmissionOfTheFirstHalfOfASplitMessageDoesNotDisturbReassembly() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String[] p = split(BIG_UPDATE, 100);
        s.segment(1, p[0]);
        assertEquals("BGP retransmission, 100 bytes", summaries(s.segment(1, p[0])));
        Dissection d = s.segment(101, p[1]);
        assertArrayEquals(TestHex.bytes(BIG_UPDATE), d.bytes(BgpBytes.bgpLayers(d).get(0)));
    }

    @Test
    void aSegmentOverlappingWhatWasSeenDecodesOnlyTheNewBytes() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        s.segment(1, keepalive());
        // repacketised: the old keepalive again plus a new one
        Dissection d = s.segment(1, keepalive() + BgpBytes.notification(6, 2, ""));
        assertEquals("BGP retransmission, 19 bytes ; BGP NOTIFICATION cease/administrative shutdown", summaries(d));
    }

    @Test
    void aNewConnectionOnTheSameFourTupleIsNotARetransmission() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        s.segment(3_000_000_000L, keepalive());
        Dissection d = s.segment(2_000_000_000L, open(65001, 90, "01010101", ""));
        assertEquals("BGP OPEN as 65001, hold 90, id 1.1.1.1", summaries(d));
        assertEquals(List.of(), anomalies(d));
        assertEquals("BGP KEEPALIVE", summaries(s.segment(2_000_000_029L, keepalive())));
    }

    @Test
    void aGapRestartsAtTheNextMarker() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String[] p = split(BIG_UPDATE + keepalive(), 60, 130);
        s.segment(1, p[0]);
        // the middle segment is lost
        Dissection d = s.segment(131, p[2]);
        assertEquals("BGP continuation, " + (len(BIG_UPDATE) - 130) + " bytes ; BGP KEEPALIVE", summaries(d));
        assertEquals(List.of("bgp.segment.continuation", "bgp.segment.gap"), anomalies(d));
        assertEquals(LayerStatus.OK, d.worstStatus());
    }

    @Test
    void streamsAreKeptApartByPort() {
        StreamTable t = new StreamTable();
        BgpBytes.Session a = new BgpBytes.Session(t);
        BgpBytes.Session b = new BgpBytes.Session(t);
        b.clientPort = 40001;
        String[] pa = split(BIG_UPDATE, 50);
        String[] pb = split(keepalive() + keepalive(), 30);
        a.segment(1, pa[0]);
        b.segment(1, pb[0]);
        Dissection db = b.segment(31, pb[1]);
        assertEquals("BGP KEEPALIVE (reassembled)", summaries(db));
        Dissection da = a.segment(51, pa[1]);
        assertArrayEquals(TestHex.bytes(BIG_UPDATE), da.bytes(BgpBytes.bgpLayers(da).get(0)));
        assertEquals(2, t.size());
    }

    @Test
    void extendedMessagesAreAcceptedOnlyAfterAnOpenAnnouncedThem() {
        String big = BgpBytes.msg(2, "0000 0000" + "18 0af401".repeat(1500));
        assertEquals(6023, len(big));
        BgpBytes.Session plain = new BgpBytes.Session(new StreamTable());
        plain.segment(1, keepalive());
        Dissection rejected = plain.segment(20, big);
        assertEquals(LayerStatus.MALFORMED, rejected.worstStatus());
        assertEquals(List.of("bgp.length.bad"), anomalies(rejected));

        BgpBytes.Session ext = new BgpBytes.Session(new StreamTable());
        String openExt = open(65001, 90, "01010101", capsParam(cap(6, "")));
        ext.segment(1, openExt);
        Dissection accepted = ext.segment(1 + len(openExt), big);
        assertEquals(LayerStatus.OK, accepted.worstStatus(), anomalies(accepted).toString());
        assertEquals(1500, BgpUpdate.announced(accepted.frame(), 40).size());
    }

    @Test
    void anExtendedMessageSplitAcrossSegmentsIsBufferedWhole() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String openExt = open(65001, 90, "01010101", capsParam(cap(6, "")));
        s.segment(1, openExt);
        String big = BgpBytes.msg(2, "0000 0000" + "18 0af401".repeat(3000));
        String[] p = split(big, 1448, 2896, 4344, 5792, 7240, 8688);
        long seq = 1 + len(openExt);
        Dissection last = null;
        for (String part : p) {
            last = s.segment(seq, part);
            seq += len(part);
        }
        byte[] whole = last.bytes(BgpBytes.bgpLayers(last).get(0));
        assertEquals(len(big), whole.length);
        assertEquals(LayerStatus.OK, last.worstStatus(), anomalies(last).toString());
    }

    @Test
    void snaplenCutSegmentEndsTheMessageAsTruncatedAndResynchronises() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        Dissection d = s.segment(1, keepalive() + BIG_UPDATE, 30);
        assertEquals(LayerStatus.TRUNCATED, d.status(BgpBytes.bgpLayers(d).get(1)));
        assertEquals(List.of(), anomalies(d));
        Dissection next = s.segment(1 + 19 + len(BIG_UPDATE), keepalive());
        assertEquals("BGP KEEPALIVE", summaries(next));
    }

    @Test
    void sequenceNumbersWrapAround() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        String[] p = split(BIG_UPDATE, 100);
        long seq = 0xFFFFFFFFL - 49;
        s.segment(seq, p[0]);
        Dissection d = s.segment((seq + 100) & 0xFFFFFFFFL, p[1]);
        assertArrayEquals(TestHex.bytes(BIG_UPDATE), d.bytes(BgpBytes.bgpLayers(d).get(0)));
    }

    @Test
    void pendingBytesThatAreNotAMessageAreDroppedAndTheNextSegmentScanned() {
        BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
        // a segment that ends in three 0xff bytes that are not a marker
        Dissection d1 = s.segment(1, keepalive() + "ffffff");
        assertEquals("BGP KEEPALIVE ; BGP message start, 3 bytes (continues)", summaries(d1));
        Dissection d2 = s.segment(23, "0102" + keepalive());
        assertEquals("BGP continuation, 2 bytes ; BGP KEEPALIVE", summaries(d2));
        assertTrue(Arrays.asList(LayerStatus.OK).contains(d2.worstStatus()));
    }
}
