package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameRingTest {
    private static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 13 + i);
        }
        return b;
    }

    private static byte[] bytes(FrameRing.Record r) {
        return Arrays.copyOfRange(r.data, r.offset, r.offset + r.length);
    }

    @Test
    void framesComeOutInOrderWithTheirMetadata() {
        FrameRing ring = new FrameRing(1024);
        assertTrue(ring.offer(111, 1500, frame(60, 1), 0, 60));
        assertTrue(ring.offer(222, 70, frame(70, 2), 0, 70));
        FrameRing.Record r = new FrameRing.Record();
        assertTrue(ring.peek(r));
        assertEquals(111, r.timestampNanos);
        assertEquals(1500, r.wireLength);
        assertEquals(60, r.length);
        byte[] first = bytes(r);
        ring.release(r);
        assertTrue(ring.peek(r));
        assertEquals(222, r.timestampNanos);
        assertTrue(Arrays.equals(frame(60, 1), first));
        assertTrue(Arrays.equals(frame(70, 2), bytes(r)));
        ring.release(r);
        assertFalse(ring.peek(r));
        assertTrue(ring.isEmpty());
        assertEquals(0, ring.dropped());
        assertEquals(2, ring.offered());
    }

    @Test
    void aFullRingDropsAndCounts() {
        FrameRing ring = new FrameRing(1024);
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            accepted += ring.offer(i, 100, frame(100, i), 0, 100) ? 1 : 0;
        }
        assertEquals(1024 / FrameRing.recordBytes(100), accepted);
        assertEquals(20 - accepted, ring.dropped());
        FrameRing.Record r = new FrameRing.Record();
        assertTrue(ring.peek(r));
        ring.release(r);
        assertTrue(ring.offer(99, 100, frame(100, 99), 0, 100), "released room is reused");
    }

    @Test
    void aFrameThatDoesNotFitBeforeTheEndStartsAtZero() {
        FrameRing ring = new FrameRing(512); // a record of at most half the ring always fits an empty ring
        FrameRing.Record r = new FrameRing.Record();
        for (int i = 0; i < 100; i++) {
            int length = 20 + (i * 53) % 150;
            assertTrue(ring.offer(i, length, frame(length, i), 0, length), "frame " + i);
            assertTrue(ring.peek(r));
            assertEquals(i, r.timestampNanos);
            assertTrue(Arrays.equals(frame(length, i), bytes(r)), "frame " + i);
            assertTrue(r.offset + r.length <= ring.capacity());
            ring.release(r);
        }
    }

    @Test
    void aFrameLargerThanTheRingIsDropped() {
        FrameRing ring = new FrameRing(128);
        assertFalse(ring.offer(1, 200, frame(200, 1), 0, 200));
        assertEquals(1, ring.dropped());
    }

    /** One thread offers numbered frames of random lengths while another drains: nothing is lost or torn. */
    @Test
    void producerAndConsumerThreads() throws Exception {
        FrameRing ring = new FrameRing(4096);
        int frames = 300_000;
        Thread producer = new Thread(() -> {
            Random random = new Random(7);
            byte[] scratch = new byte[300];
            for (int i = 0; i < frames; i++) {
                int length = 1 + random.nextInt(300);
                for (int j = 0; j < length; j++) {
                    scratch[j] = (byte) (i + j);
                }
                ring.offer(i, length, scratch, 0, length);
            }
        });
        producer.start();
        FrameRing.Record r = new FrameRing.Record();
        long received = 0;
        long last = -1;
        while (producer.isAlive() || !ring.isEmpty()) {
            if (!ring.peek(r)) {
                Thread.onSpinWait();
                continue;
            }
            int i = (int) r.timestampNanos;
            assertTrue(i > last, "in order");
            assertEquals(r.length, r.wireLength);
            for (int j = 0; j < r.length; j++) {
                if (r.data[r.offset + j] != (byte) (i + j)) {
                    throw new AssertionError("frame " + i + " torn at byte " + j);
                }
            }
            last = i;
            received++;
            ring.release(r);
        }
        producer.join();
        assertEquals(frames, received + ring.dropped());
        assertEquals(frames, ring.offered());
        assertTrue(received > 0);
    }
}
