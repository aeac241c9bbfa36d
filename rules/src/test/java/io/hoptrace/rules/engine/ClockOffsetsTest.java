package io.hoptrace.rules.engine;

import io.hoptrace.rules.model.ClockOffset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock offset estimate on synthetic sightings: packets between nodes with known offsets and latencies. */
class ClockOffsetsTest {
    private static final long T0 = 1_795_277_587_000_000_000L;
    private static final long WINDOW = 1_000_000_000L;
    private static final int IN = Observation.DIR_IN;
    private static final int OUT = Observation.DIR_OUT;

    private long fp = 1;

    /**
     * A pod-to-pod packet from node {@code from} to node {@code to}: seen on the sender's veth (TTL 64) and wire
     * (out, 63), then on the receiver's wire (in, 63) and veth (62). Clocks read true time plus their offset.
     */
    private void packet(ClockOffsets c, int from, long fromOffset, int to, long toOffset, long at, long latency) {
        long f = fp++ * 0x9E3779B97F4A7C15L;
        c.add(from, f, at + fromOffset, 64, IN);
        c.add(from, f, at + 20_000 + fromOffset, 63, OUT);
        c.add(to, f, at + 20_000 + latency + toOffset, 63, IN);
        c.add(to, f, at + 40_000 + latency + toOffset, 62, OUT);
    }

    @Test
    void bothDirectionsCancelTheLatency() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        Random r = new Random(7);
        long offset = 7_300_000_000L;
        for (int i = 0; i < 200; i++) {
            long at = T0 + i * 10_000_000L;
            packet(c, 0, 0, 1, offset, at, 30_000 + r.nextInt(5_000));
            packet(c, 1, offset, 0, 0, at + 1_000_000, 30_000 + r.nextInt(5_000));
        }
        ClockOffset b = c.estimate().get(0);
        assertEquals("node-b", b.node());
        assertEquals("node-a", b.reference());
        assertTrue(b.applied());
        assertEquals(offset, b.offsetNanos(), 3_000, "the 30 us latency cancels");
        assertEquals(400, b.pairs());
        assertTrue(b.sentence().startsWith("node-b's clock is 7.3 s ahead of node-a (from 400 packets seen on both); "
                + "times corrected"), b.sentence());
    }

    @Test
    void everySampledPacketArrivesAfterItLeftOnceCorrected() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        long offset = -400_000_000L;
        // most packets from node-a take 200 us, a quarter 10 us; node-b's take 20 us: the medians alone would put
        // node-b's clock 90 us late, and the fast packets from node-a would arrive 80 us before they left
        for (int i = 0; i < 60; i++) {
            packet(c, 0, 0, 1, offset, T0 + i * 1_000_000L, i % 4 == 0 ? 10_000 : 200_000);
            packet(c, 1, offset, 0, 0, T0 + i * 1_000_000L + 500_000, 20_000);
        }
        ClockOffset b = c.estimate().get(0);
        assertTrue(b.applied());
        assertEquals(offset + 10_000, b.offsetNanos(), "bounded by the fastest packet from node-a");
        assertTrue(b.sentence().startsWith("node-b's clock is 0.39999 s behind node-a"), b.sentence());
    }

    @Test
    void oneClockIsReportedButNotCorrected() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        for (int i = 0; i < 20; i++) {
            packet(c, 0, 0, 1, 0, T0 + i * 1_000_000L, 12_000);
            packet(c, 1, 0, 0, 0, T0 + i * 1_000_000L + 500_000, 8_000);
        }
        ClockOffset b = c.estimate().get(0);
        assertTrue(b.estimated());
        assertFalse(b.applied(), "no packet arrives before it left: the offset cannot be told from the latency");
        assertEquals(2_000, b.offsetNanos());
        assertEquals("node-b's clock is 2 us ahead of node-a (from 40 packets seen on both); not corrected (the clocks "
                + "agree within the wire latency)", b.sentence());
    }

    @Test
    void oneDirectionOnlyIsCorrectedWithACaveat() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        for (int i = 0; i < 40; i++) {
            packet(c, 0, 0, 1, 3_000_000_000L, T0 + i * 1_000_000L, 20_000 + i * 100);
        }
        ClockOffset b = c.estimate().get(0);
        assertTrue(b.applied());
        assertEquals(3_000_000_000L, b.offsetNanos(), 25_000);
        assertTrue(b.note().contains("one direction only"), b.note());
    }

    @Test
    void tooFewPacketsInCommonIsNotAnEstimate() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        for (int i = 0; i < 3; i++) {
            packet(c, 0, 0, 1, 5_000_000_000L, T0 + i * 1_000_000L, 20_000);
        }
        c.add(0, 12345, T0, 64, OUT);
        c.add(1, 54321, T0, 64, IN);
        ClockOffset b = c.estimate().get(0);
        assertFalse(b.estimated());
        assertFalse(b.applied());
        assertEquals("node-b's clock offset to node-a could not be estimated (only 3 packets seen on both it and "
                + "another node); its times are used as captured", b.sentence());
    }

    @Test
    void packetsThatDisagreeAreNotAnEstimate() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        Random r = new Random(1);
        for (int i = 0; i < 60; i++) {
            long skew = r.nextInt(60) * 1_000_000_000L;
            packet(c, 0, 0, 1, skew, T0 + i * 1_000_000L, 20_000);
            packet(c, 1, skew, 0, 0, T0 + i * 1_000_000L + 500_000, 20_000);
        }
        ClockOffset b = c.estimate().get(0);
        assertFalse(b.estimated(), b.sentence());
        assertTrue(b.note().contains("disagree"), b.note());
    }

    @Test
    void aNodeSharingPacketsOnlyWithAnotherIsReachedThroughIt() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b", "node-c"), WINDOW);
        long b = 2_000_000_000L;
        long cc = -5_000_000_000L;
        for (int i = 0; i < 30; i++) {
            long at = T0 + i * 1_000_000L;
            packet(c, 0, 0, 1, b, at, 20_000);
            packet(c, 1, b, 0, 0, at + 100_000, 20_000);
            packet(c, 1, b, 2, cc, at + 200_000, 20_000);
            packet(c, 2, cc, 1, b, at + 300_000, 20_000);
        }
        List<ClockOffset> all = c.estimate();
        assertEquals("node-b", all.get(0).reference(), "the node with the most packets in common");
        ClockOffset a = all.stream().filter(o -> o.node().equals("node-a")).findFirst().orElseThrow();
        ClockOffset third = all.stream().filter(o -> o.node().equals("node-c")).findFirst().orElseThrow();
        assertEquals(-b, a.offsetNanos(), 1_000);
        assertEquals(cc - b, third.offsetNanos(), 1_000);
        assertTrue(third.applied());
    }

    @Test
    void aPacketRepeatedOnANodeWithinTheWindowIsLeftOut() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        for (int i = 0; i < 20; i++) {
            long f = 1000 + i;
            // the same fingerprint twice on node-a, 2 s apart: which one node-b saw cannot be told
            c.add(0, f, T0 + i * 1_000_000L, 63, OUT);
            c.add(0, f, T0 + 2_000_000_000L + i * 1_000_000L, 63, OUT);
            c.add(1, f, T0 + 7_000_000_000L + i * 1_000_000L, 63, IN);
        }
        assertFalse(c.estimate().get(0).estimated());
    }

    @Test
    void packetsWhoseDirectionCannotBeToldAreNotAnEstimate() {
        ClockOffsets c = new ClockOffsets(List.of("node-a", "node-b"), WINDOW);
        for (int i = 0; i < 30; i++) {
            // the same capture on both nodes, shifted: equal TTLs, out on both
            c.add(0, 500 + i, T0 + i * 1_000_000L, 63, OUT);
            c.add(1, 500 + i, T0 + 4_000_000_000L + i * 1_000_000L, 63, OUT);
        }
        ClockOffset b = c.estimate().get(0);
        assertFalse(b.estimated());
        assertEquals("only 0 of the 30 packets seen on both it and another node show which way they went (by TTL, or "
                + "out on one and in on the other)", b.note());
    }

    @Test
    void amounts() {
        assertEquals("7.3 s", ClockOffset.amount(7_300_000_000L));
        assertEquals("7.012 s", ClockOffset.amount(7_012_000_000L));
        assertEquals("1.000004 s", ClockOffset.amount(1_000_004_000L));
        assertEquals("0.25 ms", ClockOffset.amount(250_000L));
        assertEquals("4 us", ClockOffset.amount(4_000L));
        assertEquals("under 1 us", ClockOffset.amount(400L));
    }
}
