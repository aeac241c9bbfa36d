package io.hoptrace.decoders.bgp;

import static io.hoptrace.decoders.bgp.BgpBytes.attr;
import static io.hoptrace.decoders.bgp.BgpBytes.cap;
import static io.hoptrace.decoders.bgp.BgpBytes.capsParam;
import static io.hoptrace.decoders.bgp.BgpBytes.keepalive;
import static io.hoptrace.decoders.bgp.BgpBytes.notification;
import static io.hoptrace.decoders.bgp.BgpBytes.open;
import static io.hoptrace.decoders.bgp.BgpBytes.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TestHex;
import io.hoptrace.decoders.TextLine;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every message cut at every length, every byte of every message changed, and random bytes: decoding, summaries,
 * describe and the rule accessors must never throw, and a cut is never MALFORMED.
 */
class BgpRobustnessTest {
    private static final String STREAM = open(23456, 90, "01010101", capsParam(cap(1, "00010001"), cap(65, "fa56ea01"),
            cap(64, "8078 0001 01 80"), cap(69, "00010103"), cap(73, "026e31 00")))
            + update("18 0af401", attr(0x40, 1, "00") + attr(0x40, 2, "02 02 fde9 5ba0") + attr(0x40, 3, "0a000001")
                    + attr(0xc0, 8, "fde90064") + attr(0xc0, 17, "02 01 fa56ea01") + attr(0xc0, 32, "000000010000000200000003")
                    + attr(0x80, 14, "0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00 40 20010db800000001")
                    + attr(0x80, 15, "0002 01 40 20010db800000009"), "18 0af402")
            + notification(6, 2, "03" + BgpBytes.text("bye")) + notification(6, 9, "0603") + keepalive()
            + BgpBytes.msg(5, "0002 01 01");

    private static void exercise(Dissection d) {
        for (int i = 0; i < d.layerCount(); i++) {
            TextLine t = new TextLine();
            d.decoder(i).summarize(d, i, t);
            FieldDump.of(d, i);
            if (BgpDecoder.isWholeMessage(d, i)) {
                byte[] b = d.bytes(i);
                int m = d.offset(i);
                switch (BgpMessage.type(b, m)) {
                    case BgpMessage.OPEN -> {
                        BgpOpen.as(b, m);
                        BgpOpen.capability(b, m, 6);
                    }
                    case BgpMessage.UPDATE -> {
                        BgpUpdate.announced(b, m);
                        BgpUpdate.withdrawn(b, m);
                        BgpUpdate.asPath(b, m);
                        BgpUpdate.nextHop(b, m);
                        BgpUpdate.originAs(b, m);
                        BgpUpdate.isEndOfRib(b, m);
                    }
                    case BgpMessage.NOTIFICATION -> BgpNotification.communication(b, m);
                    default -> {
                    }
                }
            }
        }
    }

    @Test
    void theWholeStreamDecodesCleanly() {
        Dissection d = BgpBytes.decode(STREAM);
        assertEquals(6, d.layerCount());
        assertEquals(LayerStatus.OK, d.worstStatus(), BgpBytes.anomalies(d).toString());
        exercise(d);
    }

    @Test
    void everyCutOfTheStreamIsNeverMalformed() {
        byte[] all = TestHex.bytes(STREAM);
        for (int n = 1; n < all.length; n++) {
            Dissection d = BgpBytes.decode(TestHex.hex(all, 0, n));
            assertTrue(d.worstStatus() != LayerStatus.MALFORMED, "cut at " + n + ": " + d);
            exercise(d);
        }
    }

    @Test
    void everySplitPointReassemblesTheSameMessages() {
        byte[] all = TestHex.bytes(STREAM);
        for (int n = 1; n < all.length; n++) {
            BgpBytes.Session s = new BgpBytes.Session(new StreamTable());
            Dissection a = s.segment(1, TestHex.hex(all, 0, n));
            int whole = 0;
            for (int i = 0; i < a.layerCount(); i++) {
                whole += BgpDecoder.isWholeMessage(a, i) ? 1 : 0;
            }
            exercise(a);
            Dissection b = s.segment(1 + n, TestHex.hex(all, n, all.length - n));
            for (int i = 0; i < b.layerCount(); i++) {
                whole += BgpDecoder.isWholeMessage(b, i) ? 1 : 0;
            }
            exercise(b);
            assertEquals(6, whole, "split at " + n);
            assertEquals(LayerStatus.OK, a.worstStatus(), "split at " + n);
            assertEquals(LayerStatus.OK, b.worstStatus(), "split at " + n);
        }
    }

    @Test
    void everyByteChangedToEveryInterestingValue() {
        byte[] all = TestHex.bytes(STREAM);
        int[] values = {0x00, 0x01, 0x02, 0x04, 0x0f, 0x10, 0x20, 0x21, 0x40, 0x7f, 0x80, 0x81, 0xfe, 0xff};
        for (int i = 0; i < all.length; i++) {
            for (int v : values) {
                byte[] b = all.clone();
                b[i] = (byte) v;
                Dissection d = new Dissection(BgpBytes.REGISTRY).reset(b, 0, b.length, b.length, 1);
                BgpDecoder.INSTANCE.decode(d, b, 0, b.length);
                exercise(d);
            }
        }
    }

    @Test
    void randomBytesAndRandomBytesAfterAMarker() {
        Random r = new Random(179);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[r.nextInt(120)];
            r.nextBytes(b);
            if (b.length >= 19 && r.nextBoolean()) {
                java.util.Arrays.fill(b, 0, 16, (byte) 0xFF);
                b[16] = 0;
                b[17] = (byte) b.length;
                b[18] = (byte) (1 + r.nextInt(5));
            }
            Dissection d = new Dissection(BgpBytes.REGISTRY).reset(b, 0, b.length, b.length, 1);
            BgpDecoder.INSTANCE.decode(d, b, 0, b.length);
            exercise(d);
        }
    }
}
