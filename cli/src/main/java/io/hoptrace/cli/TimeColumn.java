package io.hoptrace.cli;

import io.hoptrace.decoders.TextLine;

/**
 * The time column of a packet line, in tcpdump's styles ({@code -t} repeated 0 to 5 times), in UTC. The
 * date-and-time part changes once a second at most, so it is formatted once per second and copied after that.
 */
final class TimeColumn {
    /** tcpdump's {@code -t} styles, indexed by how many times {@code -t} was given. */
    enum Style {
        /** {@code 20:21:44.837063} */
        TIME_OF_DAY,
        /** no time column ({@code -t}) */
        NONE,
        /** {@code 1368908504.837063}: seconds since the epoch ({@code -tt}) */
        EPOCH,
        /** {@code  00:00:00.045135}: since the previous packet ({@code -ttt}) */
        SINCE_PREVIOUS,
        /** {@code 2013-05-18 20:21:44.837063} ({@code -tttt}) */
        DATE_TIME,
        /** since the first packet of the file ({@code -ttttt}) */
        SINCE_FIRST;

        static Style fromCount(int count) {
            if (count < 0 || count >= values().length) {
                throw new IllegalArgumentException("-t can be given at most " + (values().length - 1) + " times");
            }
            return values()[count];
        }
    }

    private final Style style;
    private final boolean nanos;
    private final byte[] cache = new byte[48];
    private int cacheLength;
    /** Epoch nanoseconds at which the second in {@link #cache} starts, when {@link #startKnown}. */
    private long cachedSecondStart;
    private boolean startKnown;
    private long previous;
    private long first;
    private boolean started;

    TimeColumn(Style style, boolean nanos) {
        this.style = style;
        this.nanos = nanos;
    }

    /** Deltas start again with each file, as packet numbers do. */
    void beginFile() {
        started = false;
    }

    /** Appends the column and the space after it (nothing for {@link Style#NONE}). */
    void append(TextLine line, long epochNanos) {
        switch (style) {
            case NONE -> {
                return;
            }
            case TIME_OF_DAY, DATE_TIME, EPOCH -> appendAbsolute(line, epochNanos);
            case SINCE_PREVIOUS, SINCE_FIRST -> appendDelta(line, epochNanos);
            default -> throw new IllegalStateException(style.name());
        }
        line.append(' ');
    }

    private void appendAbsolute(TextLine line, long epochNanos) {
        // within the cached second the fraction is a subtraction; both tests keep an overflow from passing for it
        long fraction = epochNanos - cachedSecondStart;
        if (!startKnown || epochNanos < cachedSecondStart || fraction < 0
                || fraction >= Timestamps.NANOS_PER_SECOND) {
            long second = Math.floorDiv(epochNanos, Timestamps.NANOS_PER_SECOND);
            fraction = Math.floorMod(epochNanos, Timestamps.NANOS_PER_SECOND);
            // the second's first nanosecond as a long, unless it lies below Long.MIN_VALUE
            startKnown = second > Long.MIN_VALUE / Timestamps.NANOS_PER_SECOND;
            cachedSecondStart = startKnown ? second * Timestamps.NANOS_PER_SECOND : 0;
            cacheLength = switch (style) {
                case EPOCH -> epochSeconds(second);
                case DATE_TIME -> Timestamps.timeOfDay(second, cache, appendSpace(Timestamps.date(second, cache, 0)));
                default -> Timestamps.timeOfDay(second, cache, 0);
            };
            cache[cacheLength] = '.';
        }
        // the fraction goes after the cached part, so the column is one copy into the line
        int end = nanos ? Timestamps.digits(fraction, 9, cache, cacheLength + 1)
                : Timestamps.digits(Timestamps.micros(fraction), 6, cache, cacheLength + 1);
        line.appendPrintable(cache, 0, end);
    }

    private int appendSpace(int pos) {
        cache[pos] = ' ';
        return pos + 1;
    }

    private int epochSeconds(long second) {
        byte[] text = Long.toString(second).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, cache, 0, text.length);
        return text.length;
    }

    private void appendDelta(TextLine line, long epochNanos) {
        if (!started) {
            started = true;
            first = epochNanos;
            previous = epochNanos;
        }
        long delta = epochNanos - (style == Style.SINCE_FIRST ? first : previous);
        previous = epochNanos;
        // tcpdump marks the sign in a column of its own: ' ' or '-' (captures are not always in time order)
        line.append(delta < 0 ? '-' : ' ');
        long abs = Math.abs(delta);
        int n = Timestamps.hms(abs / Timestamps.NANOS_PER_SECOND, cache, 0);
        startKnown = false;
        line.appendPrintable(cache, 0, n);
        appendFraction(line, abs % Timestamps.NANOS_PER_SECOND);
    }

    private void appendFraction(TextLine line, long nanosOfSecond) {
        line.append('.');
        if (nanos) {
            line.appendPadded(nanosOfSecond, 9);
        } else {
            line.appendPadded(nanosOfSecond / 1000, 6);
        }
    }
}
