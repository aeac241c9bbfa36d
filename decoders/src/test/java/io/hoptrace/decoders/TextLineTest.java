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

    @Test
    void numbersAroundEveryPowerOfTenAndTwo() {
        TextLine line = new TextLine(16);
        for (long base = 1; base > 0 && base < Long.MAX_VALUE / 10; base *= 10) {
            for (long v = base - 2; v <= base + 2; v++) {
                assertEquals(Long.toString(v), line.clear().append(v).toString());
            }
        }
        for (int shift = 0; shift < 63; shift++) {
            for (long v = (1L << shift) - 2; v <= (1L << shift) + 2; v++) {
                assertEquals(Long.toString(v), line.clear().append(v).toString());
            }
        }
    }

    @Test
    void paddedAndRightAligned() {
        assertEquals("000042", new TextLine(4).appendPadded(42, 6).toString());
        assertEquals("1234567", new TextLine(4).appendPadded(1_234_567, 6).toString());
        assertEquals("000000", new TextLine(4).appendPadded(0, 6).toString());
        assertEquals("0000-5", new TextLine(4).appendPadded(-5, 5).toString());
        assertEquals("    1", new TextLine(4).appendRightAligned(1, 5).toString());
        assertEquals("99999", new TextLine(4).appendRightAligned(99_999, 5).toString());
        assertEquals("1000000", new TextLine(4).appendRightAligned(1_000_000, 5).toString());
        assertEquals("x   12", new TextLine(4).append('x').appendRightAligned(12, 5).toString());
    }

    @Test
    void everyIpv4OctetInEveryPosition() {
        TextLine line = new TextLine(16);
        for (int v = 0; v < 256; v++) {
            for (int at = 0; at < 4; at++) {
                byte[] b = {10, (byte) 200, 3, 45, 99};
                b[1 + at] = (byte) v;
                String expected = (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF) + "." + (b[4] & 0xFF);
                assertEquals("x" + expected + "y", line.clear().append('x').appendIpv4(b, 1).append('y').toString());
            }
        }
        // the longest address where the buffer must grow for it
        assertEquals("0123456789255.255.255.255",
                new TextLine(16).append("0123456789").appendIpv4(new byte[] {-1, -1, -1, -1}, 0).toString());
    }

    @Test
    void repeatedStringsPrintTheSameOnceRemembered() {
        // literals (the same objects every time), equal strings made afresh, strings that need escaping and long
        // ones, many times over: well past the point where the line starts keeping strings it has seen
        String[] texts = {"Flags [", ", seq ", "a\u0000b", "caf\u00e9", "x".repeat(200), ", ", "", "IP6 ", "\u0141"};
        SplittableRandom random = new SplittableRandom(5);
        TextLine line = new TextLine(16);
        for (int i = 0; i < 20_000; i++) {
            String s = texts[random.nextInt(texts.length)];
            if (random.nextBoolean()) {
                s = new String(s.toCharArray());
            }
            assertEquals(reference(s), line.clear().append(s).toString(), s);
        }
    }

    /** What append(String) is documented to do, character by character. */
    private static String reference(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c < 0x80 ? c : '?');
            }
        }
        return sb.toString();
    }
}
