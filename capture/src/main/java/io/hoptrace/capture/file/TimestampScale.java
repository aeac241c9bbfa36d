package io.hoptrace.capture.file;

/**
 * Turns a pcapng interface's timestamp units into nanoseconds since the epoch: if_tsresol is a negative power of 10
 * (high bit clear) or of 2 (high bit set), if_tsoffset adds whole seconds. Fractions of a nanosecond are dropped
 * (rounded toward zero), as libpcap does.
 */
final class TimestampScale {
    static final int DEFAULT_RESOLUTION = 6;
    private static final int MAX_DECIMAL_EXPONENT = 18;
    private static final int MAX_BINARY_EXPONENT = 62;
    /** frac * 1e9 stays below 2^63 while frac has at most 33 bits. */
    private static final int SAFE_BINARY_SHIFT = 33;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long multiply;
    private final long divide;
    private final int binaryExponent;
    private final long offsetNanos;
    final long unitsPerSecond;

    private TimestampScale(long multiply, long divide, int binaryExponent, long offsetNanos, long unitsPerSecond) {
        this.multiply = multiply;
        this.divide = divide;
        this.binaryExponent = binaryExponent;
        this.offsetNanos = offsetNanos;
        this.unitsPerSecond = unitsPerSecond;
    }

    /** Null when the resolution is finer than a long can count (10^-19 s and below, 2^-63 s and below). */
    static TimestampScale of(int tsresol, long offsetSeconds) {
        long offset = offsetSeconds * NANOS_PER_SECOND;
        int exponent = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0) {
            if (exponent > MAX_BINARY_EXPONENT) {
                return null;
            }
            return new TimestampScale(0, 0, exponent, offset, 1L << exponent);
        }
        if (exponent > MAX_DECIMAL_EXPONENT) {
            return null;
        }
        long units = pow10(exponent);
        if (exponent <= 9) {
            return new TimestampScale(pow10(9 - exponent), 1, -1, offset, units);
        }
        return new TimestampScale(1, pow10(exponent - 9), -1, offset, units);
    }

    long toNanos(long units) {
        if (binaryExponent < 0) {
            return (divide == 1 ? units * multiply : units / divide) + offsetNanos;
        }
        int shift = binaryExponent;
        long seconds = units >>> shift;
        long fraction = units & ((1L << shift) - 1);
        if (shift > SAFE_BINARY_SHIFT) {
            fraction >>>= shift - SAFE_BINARY_SHIFT;
            shift = SAFE_BINARY_SHIFT;
        }
        return seconds * NANOS_PER_SECOND + ((fraction * NANOS_PER_SECOND) >>> shift) + offsetNanos;
    }

    private static long pow10(int exponent) {
        long v = 1;
        for (int i = 0; i < exponent; i++) {
            v *= 10;
        }
        return v;
    }
}
