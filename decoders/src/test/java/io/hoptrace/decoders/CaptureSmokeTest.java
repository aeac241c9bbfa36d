package io.hoptrace.decoders;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every shared capture decodes without an exception; cut and scrambled frames do not throw either. */
class CaptureSmokeTest {
    @Test
    void everyCaptureDecodes() {
        List<Path> files = SharedData.captures();
        assertTrue(files.size() >= 60, "shared captures found: " + files.size());
        PacketDecoder decoder = new PacketDecoder();
        TextLine line = new TextLine();
        int frames = 0;
        for (Path f : files) {
            for (TestCaptures.Frame fr : TestCaptures.read(f)) {
                try {
                    Dissection d = decoder.decode(fr.bytes(), 0, fr.bytes().length, fr.wireLength(), fr.linkType());
                    for (int i = 0; i < d.layerCount(); i++) {
                        line.clear();
                        d.decoder(i).summarize(d, i, line);
                        d.decoder(i).describe(d, i, NullSink.INSTANCE);
                    }
                    frames++;
                } catch (RuntimeException e) {
                    fail(f.getFileName() + " frame " + fr.number() + ": " + e, e);
                }
            }
        }
        assertEquals(1328, frames, "frames in data/pcap (INDEX.tsv)");
    }

    /** Convention 8: every frame cut at every length must not throw. */
    @Test
    void everyCutOfEveryTestFrameDecodes() {
        PacketDecoder decoder = new PacketDecoder();
        for (String hex : FrameCatalog.all()) {
            byte[] b = Hex.bytes(hex);
            for (int n = 0; n <= b.length; n++) {
                for (int wire : new int[] {n, b.length}) {
                    try {
                        Dissection d = decoder.decode(b, 0, n, wire, LinkType.ETHERNET);
                        summarizeAll(d);
                    } catch (RuntimeException e) {
                        fail("cut at " + n + " of " + hex + ": " + e, e);
                    }
                }
            }
        }
    }

    @Test
    void randomBytesDoNotThrow() {
        Random random = new Random(42);
        PacketDecoder decoder = new PacketDecoder();
        int[] linkTypes = {LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
            LinkType.PPP, LinkType.PPP_HDLC};
        byte[] b = new byte[256];
        for (int round = 0; round < 200_000; round++) {
            int n = random.nextInt(b.length);
            random.nextBytes(b);
            // steer some frames into IP so the deeper decoders see random input too
            if ((round & 1) == 0 && n > 14) {
                b[12] = 0x08;
                b[13] = (byte) ((round & 2) == 0 ? 0x00 : 0xdd);
                b[14] = (byte) ((round & 2) == 0 ? 0x45 : 0x60);
                if ((round & 2) != 0) {
                    b[12] = (byte) 0x86;
                }
            }
            int lt = linkTypes[random.nextInt(linkTypes.length)];
            try {
                Dissection d = decoder.decode(b, 0, n, n + random.nextInt(2), lt);
                summarizeAll(d);
            } catch (RuntimeException e) {
                fail("random frame " + round + ": " + e, e);
            }
        }
    }

    /** Anomaly ids are lower-case dotted names ({@code proto.thing.problem}). */
    @Test
    void anomalyIdsLookRight() {
        new PacketDecoder().decode(Hex.bytes(Frames.TCP_SYN), LinkType.ETHERNET);
        for (Anomaly a : Anomaly.all()) {
            assertTrue(a.id().matches("[a-z0-9]+(\\.[a-z0-9-]+){1,3}"), a.id());
        }
    }

    private static void summarizeAll(Dissection d) {
        TextLine t = new TextLine();
        for (int i = 0; i < d.layerCount(); i++) {
            d.decoder(i).summarize(d, i, t);
            d.decoder(i).describe(d, i, NullSink.INSTANCE);
        }
    }

    /** A FieldSink that drops everything (describe must still not throw). */
    enum NullSink implements FieldSink {
        INSTANCE;

        @Override
        public void field(String name, long value, int offset, int length) {
        }

        @Override
        public void field(String name, String value, int offset, int length) {
        }

        @Override
        public void field(String name, boolean value, int offset, int length) {
        }

        @Override
        public void beginObject(String name, int offset, int length) {
        }

        @Override
        public void endObject() {
        }

        @Override
        public void beginArray(String name) {
        }

        @Override
        public void endArray() {
        }
    }
}
