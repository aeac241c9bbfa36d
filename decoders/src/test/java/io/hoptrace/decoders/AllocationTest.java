package io.hoptrace.decoders;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Decoding and summarizing allocate nothing per packet: measured with the JVM's per-thread allocation counter
 * over many frames after warm-up (a few hundred bytes of slack for the counter itself).
 */
class AllocationTest {
    private static final int ROUNDS = 20_000;

    @Test
    void decodeAndSummaryDoNotAllocate() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counter not available");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported());

        List<String> catalog = FrameCatalog.all();
        byte[][] frames = new byte[catalog.size()][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = Hex.bytes(catalog.get(i));
        }
        PacketDecoder decoder = new PacketDecoder(FakeTunnels.registry());
        TextLine line = new TextLine(1024);
        run(decoder, frames, line, ROUNDS); // warm-up: JIT, class init, anomaly registration
        run(decoder, PPP_FRAMES, line, ROUNDS, LinkType.PPP);

        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        long packets = run(decoder, frames, line, ROUNDS) + run(decoder, PPP_FRAMES, line, ROUNDS, LinkType.PPP);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 4096, allocated + " bytes allocated for " + packets + " packets");
    }

    /** PPP frames: MPLS then IP/UDP (mpls-traceroute.pcap's first), an LCP request, an odd protocol number. */
    private static final byte[][] PPP_FRAMES = {
        Hex.bytes("ff030281189601014500002800000000011100000c0404040c010101a54b829b00140000000000000000000000000000"),
        Hex.bytes("ff03c0210101000a050612345678"),
        Hex.bytes("ff03002000112233"),
    };

    private static long run(PacketDecoder decoder, byte[][] frames, TextLine line, int rounds) {
        return run(decoder, frames, line, rounds, LinkType.ETHERNET);
    }

    private static long run(PacketDecoder decoder, byte[][] frames, TextLine line, int rounds, int linkType) {
        long packets = 0;
        for (int r = 0; r < rounds; r++) {
            for (byte[] f : frames) {
                Dissection d = decoder.decode(f, 0, f.length, f.length, linkType);
                line.clear();
                PacketSummary.append(d, line);
                packets++;
            }
        }
        return packets;
    }
}
