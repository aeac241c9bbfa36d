package io.hoptrace.decoders.bgp;

import static io.hoptrace.decoders.bgp.BgpBytes.attr;
import static io.hoptrace.decoders.bgp.BgpBytes.cap;
import static io.hoptrace.decoders.bgp.BgpBytes.capsParam;
import static io.hoptrace.decoders.bgp.BgpBytes.keepalive;
import static io.hoptrace.decoders.bgp.BgpBytes.notification;
import static io.hoptrace.decoders.bgp.BgpBytes.open;
import static io.hoptrace.decoders.bgp.BgpBytes.update;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TestHex;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The decode path allocates nothing for whole messages, stateless or with a stream table (split messages are the
 * documented exception: one array per reassembled message). Measured with the JVM's per-thread allocation counter.
 */
class BgpAllocationTest {
    private static final String MESSAGES = open(65001, 90, "01010101", capsParam(cap(1, "00010001"), cap(65, "0000fde9")))
            + update("18 0af401", attr(0x40, 1, "00") + attr(0x40, 2, "02 02 0000fde9 0000fdea") + attr(0x40, 3, "0a000001")
                    + attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 40 20010db800000001"), "18 0af402")
            + notification(6, 2, "03626965") + keepalive();

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void wholeMessagesAllocateNothing() {
        byte[] payload = TestHex.bytes(MESSAGES);
        byte[] frame = TestHex.concat(TestHex.bytes("45000000 0001 0000 40 06 0000 0a000001 0a000002"
                + "00b3 9c40 00000001 00000000 5018 ffff 0000 0000"), payload);
        StreamTable table = new StreamTable();
        Dissection stateless = new Dissection(BgpBytes.REGISTRY);
        Dissection stateful = new Dissection(BgpBytes.REGISTRY).streams(table);
        long seq = 1;
        // warm up (class loading, the stream's first lookup, JIT)
        for (int i = 0; i < 20_000; i++) {
            seq = round(stateless, stateful, frame, payload.length, seq);
        }
        long before = allocatedBytes();
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            seq = round(stateless, stateful, frame, payload.length, seq);
        }
        long perRound = (allocatedBytes() - before) / rounds;
        assertTrue(perRound < 8, "decode allocated " + perRound + " bytes per pair of frames");
    }

    @Test
    void summariesAllocateNothingEither() {
        byte[] b = TestHex.bytes(MESSAGES + update("", attr(0x40, 1, "00") + attr(0x40, 2, "02 01 fde9")
                + attr(0x80, 14, "0001 80 0c 0000000000000000 0a000001 00 70000001000000010000000a0001"), "")
                + BgpBytes.msg(5, "0002 01 01"));
        Dissection d = new Dissection(BgpBytes.REGISTRY);
        io.hoptrace.decoders.TextLine line = new io.hoptrace.decoders.TextLine(4096);
        for (int i = 0; i < 20_000; i++) {
            summarizeAll(d, b, line);
        }
        long before = allocatedBytes();
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            summarizeAll(d, b, line);
        }
        long perRound = (allocatedBytes() - before) / rounds;
        assertTrue(perRound < 8, "summaries allocated " + perRound + " bytes per frame: " + line);
    }

    private static void summarizeAll(Dissection d, byte[] b, io.hoptrace.decoders.TextLine line) {
        d.reset(b, 0, b.length, b.length, 1);
        BgpDecoder.INSTANCE.decode(d, b, 0, b.length);
        line.clear();
        for (int i = 0; i < d.layerCount(); i++) {
            d.decoder(i).summarize(d, i, line);
        }
        if (d.layerCount() != 6) {
            throw new AssertionError(d.toString());
        }
    }

    private static long round(Dissection stateless, Dissection stateful, byte[] frame, int payload, long seq) {
        stateless.reset(frame, 0, frame.length, frame.length, 228);
        BgpDecoder.INSTANCE.decode(stateless, frame, 40, frame.length);
        frame[24] = (byte) (seq >>> 24);
        frame[25] = (byte) (seq >>> 16);
        frame[26] = (byte) (seq >>> 8);
        frame[27] = (byte) seq;
        stateful.reset(frame, 0, frame.length, frame.length, 228);
        stateful.addLayer(Protocol.IPV4, BgpBytes.REGISTRY.data(), frame, 0, 20, frame.length);
        stateful.addLayer(Protocol.TCP, BgpBytes.REGISTRY.data(), frame, 20, 20, frame.length);
        BgpDecoder.INSTANCE.decode(stateful, frame, 40, frame.length);
        if (stateful.layerCount() != 6 || stateless.layerCount() != 4) {
            throw new AssertionError(stateful + " / " + stateless);
        }
        return (seq + payload) & 0xFFFFFFFFL;
    }
}
