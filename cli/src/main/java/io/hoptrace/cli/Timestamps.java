package io.hoptrace.cli;

/**
 * UTC calendar arithmetic on epoch nanoseconds, writing ASCII digits into arrays: java.time would allocate a
 * few objects per packet, which at a million packets costs more than the rest of the line.
 */
final class Timestamps {
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final long UINT32_LIMIT = 1L << 32;
    /** "00" to "99". */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private Timestamps() {
    }

    /** Writes {@code YYYY-MM-DD} for the UTC day of {@code epochSecond}; returns the position after it. */
    static int date(long epochSecond, byte[] dst, int pos) {
        // civil-from-days (H. Hinnant): exact for the proleptic Gregorian calendar, no tables
        long z = Math.floorDiv(epochSecond, SECONDS_PER_DAY) + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            // outside what four digits hold: a corrupt timestamp; print it plainly rather than wrap around
            byte[] text = Long.toString(year).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, dst, pos, text.length);
            pos += text.length;
        } else {
            pos = digits(year, 4, dst, pos);
        }
        dst[pos++] = '-';
        pos = digits(month, 2, dst, pos);
        dst[pos++] = '-';
        return digits(day, 2, dst, pos);
    }

    /** Writes {@code HH:MM:SS} for the UTC time of day of {@code epochSecond}. */
    static int timeOfDay(long epochSecond, byte[] dst, int pos) {
        return hms(Math.floorMod(epochSecond, SECONDS_PER_DAY), dst, pos);
    }

    /** Writes {@code H:MM:SS} with at least two hour digits (more for long spans). */
    static int hms(long seconds, byte[] dst, int pos) {
        long hours = seconds / 3600;
        pos = digits(hours, Math.max(2, digitCount(hours)), dst, pos);
        dst[pos++] = ':';
        pos = digits(seconds / 60 % 60, 2, dst, pos);
        dst[pos++] = ':';
        return digits(seconds % 60, 2, dst, pos);
    }

    /**
     * Writes {@code v} (non-negative) as exactly {@code width} digits, zero-padded, two digits per step; below
     * 2^32 the division by 100 is a multiplication and a shift (exact there), which C1 would not find itself.
     */
    static int digits(long v, int width, byte[] dst, int pos) {
        int p = pos + width;
        while (p - pos >= 2) {
            long q = v < UINT32_LIMIT ? (v * 0x51EB851FL) >>> 37 : v / 100;
            int r = (int) (v - q * 100) << 1;
            dst[--p] = DIGIT_PAIRS[r + 1];
            dst[--p] = DIGIT_PAIRS[r];
            v = q;
        }
        if (p > pos) {
            dst[--p] = (byte) ('0' + v % 10);
        }
        return pos + width;
    }

    /** Microseconds of a fraction below one second, {@code nanos / 1000}, as a multiplication and a shift. */
    static long micros(long nanosOfSecond) {
        return (nanosOfSecond * 0x10624DD3L) >>> 38;
    }

    static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Capacity an ISO-8601 timestamp needs in {@link #iso}. */
    static final int ISO_MAX = 40;

    /** Writes {@code 2013-05-18T20:21:44.837063000Z} (always nine fraction digits); returns the length. */
    static int iso(long epochNanos, byte[] dst) {
        long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        int pos = date(second, dst, 0);
        dst[pos++] = 'T';
        pos = timeOfDay(second, dst, pos);
        dst[pos++] = '.';
        pos = digits(Math.floorMod(epochNanos, NANOS_PER_SECOND), 9, dst, pos);
        dst[pos++] = 'Z';
        return pos;
    }
}
