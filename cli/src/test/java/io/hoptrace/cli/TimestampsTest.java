package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoptrace.decoders.TextLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void isoAgreesWithJavaTimeOverFourCenturies() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Instant.parse("1800-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        byte[] buf = new byte[Timestamps.ISO_MAX];
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(min, max);
            long nanos = second * 1_000_000_000L;
            nanos += random.nextLong(1_000_000_000L);
            String expected = ISO.format(Instant.ofEpochSecond(0, 0).plusNanos(nanos));
            assertEquals(expected, ascii(buf, Timestamps.iso(nanos, buf)), "at " + nanos);
        }
    }

    @Test
    void leapDaysAndEdges() {
        byte[] buf = new byte[Timestamps.ISO_MAX];
        for (String t : new String[] {"1970-01-01T00:00:00.000000000Z", "2000-02-29T23:59:59.999999999Z",
                "2100-03-01T00:00:00.000000001Z", "1969-12-31T23:59:59.999999999Z", "2038-01-19T03:14:08.000000000Z"}) {
            Instant i = Instant.parse(t);
            long nanos = i.getEpochSecond() * 1_000_000_000L + i.getNano();
            assertEquals(t, ascii(buf, Timestamps.iso(nanos, buf)));
        }
    }

    @Test
    void timeColumnCachesTheSecondButNotTheFraction() {
        TimeColumn c = new TimeColumn(TimeColumn.Style.DATE_TIME, false);
        TextLine line = new TextLine();
        c.append(line, 1_368_908_504_837_063_123L);
        c.append(line, 1_368_908_504_900_000_000L);
        c.append(line, 1_368_908_505_000_001_000L);
        assertEquals("2013-05-18 20:21:44.837063 2013-05-18 20:21:44.900000 2013-05-18 20:21:45.000001 ",
                line.toString());
    }

    @Test
    void cachedSecondGivesWhatAFreshColumnGives() {
        // neighbours in time (the cache's case), jumps back and forth, and the extremes where a subtraction
        // overflows: the column reused over the sequence prints what a new column prints for each value
        SplittableRandom random = new SplittableRandom(3);
        long[] values = new long[20_000];
        long t = 1_368_908_504_837_063_123L;
        for (int i = 0; i < values.length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> t = random.nextLong();
                case 1 -> t = random.nextBoolean() ? Long.MIN_VALUE + random.nextLong(3_000_000_000L)
                        : Long.MAX_VALUE - random.nextLong(3_000_000_000L);
                case 2 -> t -= random.nextLong(2_000_000_000L);
                default -> t += random.nextLong(300_000_000L);
            }
            values[i] = t;
        }
        values[0] = Long.MAX_VALUE - 5;
        values[1] = Long.MIN_VALUE;
        for (TimeColumn.Style style : new TimeColumn.Style[] {TimeColumn.Style.TIME_OF_DAY, TimeColumn.Style.EPOCH,
                TimeColumn.Style.DATE_TIME}) {
            for (boolean nanos : new boolean[] {false, true}) {
                TimeColumn reused = new TimeColumn(style, nanos);
                TextLine line = new TextLine();
                TextLine fresh = new TextLine();
                for (long v : values) {
                    reused.append(line.clear(), v);
                    new TimeColumn(style, nanos).append(fresh.clear(), v);
                    assertEquals(fresh.toString(), line.toString(), style + " at " + v);
                }
            }
        }
    }

    @Test
    void fractionDigitsAgreeWithDivision() {
        byte[] buf = new byte[9];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 200_000; i++) {
            long nanos = i < 1000 ? i * 999_999L : random.nextLong(1_000_000_000L);
            assertEquals(nanos / 1000, Timestamps.micros(nanos));
            assertEquals(String.format("%09d", nanos), ascii(buf, Timestamps.digits(nanos, 9, buf, 0)));
            assertEquals(String.format("%06d", nanos / 1000), ascii(buf, Timestamps.digits(nanos / 1000, 6, buf, 0)));
        }
        assertEquals("12345", ascii(buf, Timestamps.digits(9_876_512_345L, 5, buf, 0)), "high digits dropped");
        assertEquals("7", ascii(buf, Timestamps.digits(1_234_567L, 1, buf, 0)));
    }

    @Test
    void deltasCarryTheirSignAndRestartPerFile() {
        TimeColumn c = new TimeColumn(TimeColumn.Style.SINCE_PREVIOUS, true);
        TextLine line = new TextLine();
        c.append(line, 10_000_000_000L);
        c.append(line, 13_723_000_005L);
        c.append(line, 13_000_000_000L);
        c.beginFile();
        c.append(line, 99_000_000_000L);
        assertEquals(" 00:00:00.000000000  00:00:03.723000005 -00:00:00.723000005  00:00:00.000000000 ",
                line.toString());
    }

    @Test
    void sinceFirstCountsHoursPastADay() {
        TimeColumn c = new TimeColumn(TimeColumn.Style.SINCE_FIRST, false);
        TextLine line = new TextLine();
        c.append(line, 0);
        line.clear();
        c.append(line, (30 * 3600 + 61) * 1_000_000_000L + 5_000);
        assertEquals(" 30:01:01.000005 ", line.toString());
    }

    @Test
    void epochSeconds() {
        TimeColumn c = new TimeColumn(TimeColumn.Style.EPOCH, false);
        TextLine line = new TextLine();
        c.append(line, 1_368_908_504_000_063_999L);
        assertEquals("1368908504.000063 ", line.toString());
    }

    @Test
    void noneWritesNothing() {
        TextLine line = new TextLine();
        new TimeColumn(TimeColumn.Style.NONE, false).append(line, 123);
        assertEquals("", line.toString());
    }

    private static String ascii(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }
}
