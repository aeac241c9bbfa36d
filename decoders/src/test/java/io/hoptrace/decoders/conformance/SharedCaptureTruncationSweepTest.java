package io.hoptrace.decoders.conformance;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TestCaptures;
import io.hoptrace.decoders.TextLine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every frame of every capture in ../shared/data, the malformed ones included, cut at every length, decodes and
 * prints without an exception. Each cut is decoded twice: as a snaplen cut (the wire length is the frame's, so
 * nothing may be called malformed that the full frame was not) and as a frame that really is that short.
 */
class SharedCaptureTruncationSweepTest {
    @Test
    void everyCutOfEveryFrameOfEverySharedCaptureDecodes() {
        PacketDecoder decoder = new PacketDecoder();
        Dissection reused = decoder.dissection();
        TextLine line = new TextLine();
        long cuts = 0;
        for (Path file : SharedData.captures()) {
            reused.streams(new StreamTable());
            for (TestCaptures.Frame f : TestCaptures.read(file)) {
                byte[] b = f.bytes();
                LayerStatus full = decoder.decode(b, 0, b.length, f.wireLength(), f.linkType()).worstStatus();
                for (int n = 0; n <= b.length; n++) {
                    try {
                        Dissection snap = decoder.decode(b, 0, n, Math.max(f.wireLength(), b.length), f.linkType());
                        PacketSummary.append(snap, line.clear());
                        if (full != LayerStatus.MALFORMED && snap.worstStatus() == LayerStatus.MALFORMED) {
                            fail(file.getFileName() + " packet " + f.number() + " cut by snaplen at " + n
                                    + " is called malformed: " + snap);
                        }
                        Dissection shortFrame = decoder.decode(b, 0, n, n, f.linkType());
                        PacketSummary.append(shortFrame, line.clear());
                        cuts += 2;
                    } catch (RuntimeException e) {
                        fail(file.getFileName() + " packet " + f.number() + " cut at " + n + ": " + e, e);
                    }
                }
            }
        }
        assertTrue(cuts > 500_000, "cuts decoded: " + cuts);
    }

    @Test
    void theSweepCoversEveryCapture() {
        assertEquals(65, SharedData.captures().size(), "captures in ../shared/data/pcap (INDEX.tsv)");
    }
}
