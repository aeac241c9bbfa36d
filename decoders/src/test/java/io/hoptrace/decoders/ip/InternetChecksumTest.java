package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Hex;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InternetChecksumTest {
    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the sum of 0001 f203 f4f5 f6f7 is ddf2
        byte[] b = Hex.bytes("0001f203f4f5f6f7");
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.add(0, b, 0, b.length)));
        assertEquals(0x220d, InternetChecksum.complement(InternetChecksum.add(0, b, 0, b.length)));
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        byte[] b = Hex.bytes("0001f203f4f5f6f7aa");
        assertEquals(InternetChecksum.fold(0xddf2 + 0xaa00),
                InternetChecksum.fold(InternetChecksum.add(0, b, 0, b.length)));
        byte[] six = Hex.bytes("0001f203f4f5");
        assertEquals(0x0001 + 0xf203 + 0xf4f5 - 0xffff,
                InternetChecksum.fold(InternetChecksum.add(0, six, 0, 6)));
    }

    @Test
    void verifiesARealIpv4Header() {
        // 10.0.0.1 > 10.0.0.2 UDP header from scapy, checksum 0x66b7
        byte[] b = Hex.bytes("4500003000040000401166b70a0000010a000002");
        assertTrue(InternetChecksum.verifies(InternetChecksum.add(0, b, 0, 20)));
        b[8] = 63;
        assertFalse(InternetChecksum.verifies(InternetChecksum.add(0, b, 0, 20)));
    }

    @Test
    void unalignedOffsetsGiveTheSameSum() {
        byte[] b = Hex.bytes("ff0001f203f4f5f6f7");
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.add(0, b, 1, 8)));
    }

    @Test
    void foldMatchesRepeatedFoldingForLargeSums() {
        long[] sums = {0, 1, 0xFFFF, 0x10000, 0x1FFFE, 0x2FFFE, 0xFFFF_FFFFL, 0x1_0000_0000L, 0x1_FFFF_FFFFL,
            0xFFFF_0000_FFFFL, Long.MAX_VALUE};
        for (long sum : sums) {
            assertEquals(foldByLoop(sum), InternetChecksum.fold(sum), Long.toHexString(sum));
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            long sum = random.nextLong() >>> random.nextInt(1, 64);
            assertEquals(foldByLoop(sum), InternetChecksum.fold(sum), Long.toHexString(sum));
        }
    }

    @Test
    void everyLengthAndAlignmentMatchesWordByWordSum() {
        byte[] b = new byte[80];
        new SplittableRandom(2).nextBytes(b);
        for (int off = 0; off < 8; off++) {
            for (int len = 0; off + len <= b.length; len++) {
                long words = 0;
                for (int i = 0; i < len; i += 2) {
                    words += (b[off + i] & 0xFF) << 8 | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
                }
                assertEquals(foldByLoop(words), InternetChecksum.fold(InternetChecksum.add(0, b, off, len)),
                        "offset " + off + ", length " + len);
            }
        }
    }

    private static int foldByLoop(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
