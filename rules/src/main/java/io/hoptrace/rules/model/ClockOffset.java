package io.hoptrace.rules.model;

import java.util.Locale;

/**
 * How far one node's capture clock is from the reference node's, as estimated from packets both captured.
 *
 * @param node        the node
 * @param reference   the node whose clock the others are set to
 * @param estimated   false when no estimate could be made ({@code note} says why)
 * @param offsetNanos the node's clock minus the reference's (positive: ahead); 0 when not estimated
 * @param pairs       packets seen on both nodes that agree with the estimate (through intermediate nodes: the fewest
 *                    of any step)
 * @param applied     the node's times were corrected by {@code offsetNanos} before stitching
 * @param note        why it was not estimated or not applied, or a caveat; empty when there is none
 */
public record ClockOffset(String node, String reference, boolean estimated, long offsetNanos, int pairs,
                          boolean applied, String note) {
    public ClockOffset {
        note = note == null ? "" : note;
    }

    public static ClockOffset unknown(String node, String reference, String why) {
        return new ClockOffset(node, reference, false, 0, 0, false, why);
    }

    public ClockOffset notApplied(String why) {
        return new ClockOffset(node, reference, estimated, offsetNanos, pairs, false, why);
    }

    /**
     * {@code node-b's clock is 7.012 s ahead of node-a (from 412 packets seen on both); times corrected}, or why it
     * could not be estimated.
     */
    public String sentence() {
        if (!estimated) {
            return node + "'s clock offset to " + reference + " could not be estimated (" + note
                    + "); its times are used as captured";
        }
        String s = node + "'s clock " + (offsetNanos == 0 ? "matches " + reference + "'s" : "is "
                + amount(Math.abs(offsetNanos)) + (offsetNanos > 0 ? " ahead of " : " behind ") + reference)
                + " (from " + pairs + " packet" + (pairs == 1 ? "" : "s") + " seen on both)";
        s += applied ? "; times corrected" : "; not corrected";
        return note.isEmpty() ? s : s + " (" + note + ")";
    }

    /** {@code 7.012 s}, {@code 7.300004 s}, {@code 0.25 ms}, {@code 4 us}, {@code under 1 us}. */
    public static String amount(long nanos) {
        if (nanos < 1_000_000L) {
            if (nanos < 1000L) {
                return "under 1 us";
            }
            return nanos < 10_000L ? (nanos + 500) / 1000 + " us"
                    : trim(String.format(Locale.ROOT, "%.3f", nanos / 1e6)) + " ms";
        }
        return trim(String.format(Locale.ROOT, "%.6f", nanos / 1e9)) + " s";
    }

    private static String trim(String decimal) {
        String s = decimal;
        while (s.endsWith("0") && s.indexOf('.') < s.length() - 2) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
