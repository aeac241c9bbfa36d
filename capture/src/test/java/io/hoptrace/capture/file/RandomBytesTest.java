package io.hoptrace.capture.file;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.SharedData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files never make the readers throw (beyond CaptureFormatException at open) or loop: real and hand-made
 * captures with random bytes overwritten, and random bytes behind a valid magic number.
 */
class RandomBytesTest {
    private static final int ROUNDS = 1500;

    @TempDir
    Path dir;

    @Test
    void mutatedPcap() throws Exception {
        mutate(Files.readAllBytes(SharedData.file("pcap/tcpdump/vxlan.pcap")), 1);
    }

    @Test
    void mutatedPcapng() throws Exception {
        mutate(Samples.multiSection().capture().bytes(), 2);
    }

    @Test
    void mutatedRealPcapng() throws Exception {
        mutate(Files.readAllBytes(SharedData.file("pcap/tcpdump/bgp-role.pcapng")), 3);
    }

    @Test
    void randomBytesBehindAValidStart() throws Exception {
        Random random = new Random(4);
        byte[] pcapHeader = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, 0xA1B23C4D, 200, 1).bytes();
        byte[] sectionHeader = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).bytes();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] tail = new byte[random.nextInt(600)];
            random.nextBytes(tail);
            if (round % 3 == 0) {
                // plausible small block lengths, so that reading goes on for a while
                ByteBuffer b = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i + 8 <= tail.length; i += 4 * (1 + random.nextInt(8))) {
                    b.putInt(i, random.nextInt(8));
                }
            }
            read(CaptureBytes.concat(round % 2 == 0 ? pcapHeader : sectionHeader, tail), round);
        }
    }

    private void mutate(byte[] original, long seed) throws Exception {
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes = original.clone();
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            read(bytes, round);
        }
    }

    private void read(byte[] bytes, int round) throws Exception {
        Path file = Files.write(dir.resolve("damaged-" + round), bytes);
        try {
            Frame.Read read = Frame.readAll(file, 64);
            assertTrue(read.frames().size() <= bytes.length / 12, "round " + round);
            if (read.problem() != null) {
                assertTrue(read.problem().byteOffset() <= bytes.length, read.problem().toString());
                assertTrue(read.problem().lastGoodPacket() == read.frames().size(), read.problem().toString());
            }
        } catch (CaptureFormatException expected) {
            // a damaged header: not a capture any more
        } finally {
            Files.delete(file);
        }
    }
}
