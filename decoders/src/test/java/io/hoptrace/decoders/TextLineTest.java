package io.hoptrace.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextLineTest {
    @Test
    void numbersAgreeWithLongToString() {
        long[] edges = {0, 9, 10, 99, 100, 9_999, 10_000, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 4_294_967_295L,
                Long.MAX_VALUE, -1, -10, Integer.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE};
        for (long v : edges) {
            assertEquals("x" + v, new TextLine(16).append('x').append(v).toString());
        }
        SplittableRandom random = new SplittableRandom(1);
        TextLine line = new TextLine(16);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), line.clear().append(v).toString());
        }
    }

    @Test
    void textEscapesControlsAndReplacesNonAscii() {
        assertEquals("a\\x00b\\x7fc?d\\x1b", new TextLine(16).append("a\u0000b\u007fc\u00e9d\u001b").toString());
        assertEquals("x?y", new TextLine(16).append("x\u0141y").toString());
    }

    @Test
    void textGrowsTheBuffer() {
        String s = "0123456789".repeat(50) + "\n" + "z".repeat(100);
        assertEquals("0123456789".repeat(50) + "\\x0a" + "z".repeat(100), new TextLine(16).append(s).toString());
    }

    @Test
    void printableBytesEscapeTheRestAndGrow() {
        byte[] b = new byte[300];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 3 == 0 ? 0x01 : 'a');
        }
        String expected = "\\x01aa".repeat(100);
        assertEquals(expected, new TextLine(16).appendPrintable(b, 0, b.length).toString());
        assertEquals("aa\\xff", new TextLine(16).appendPrintable(new byte[] {'a', 'a', (byte) 0xff}, 0, 3).toString());
    }
}
