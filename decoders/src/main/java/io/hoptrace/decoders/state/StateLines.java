package io.hoptrace.decoders.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Line and token helpers shared by the node-state text parsers. */
final class StateLines {
    private StateLines() {
    }

    /** Splits on runs of spaces and tabs; no empty tokens. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isBlankLine(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A non-negative decimal number that fits a long, or -1. */
    static long unsignedDecimal(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return s.length() > 18 && allDigits(s) ? parseBig(s, 10) : -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A non-negative hexadecimal number (no 0x) that fits a long, or -1. */
    static long unsignedHex(String s) {
        if (s.isEmpty() || s.length() > 15) {
            return s.length() > 15 ? parseBig(s, 16) : -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static long parseBig(String s, int radix) {
        try {
            long v = Long.parseLong(s, radix);
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** "1763737445" or "1763737445.123456" (seconds since 1970, up to 9 fraction digits) as an Instant, or null. */
    static Instant epochSeconds(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        long seconds = whole.length() <= 18 ? unsignedDecimal(whole) : -1;
        if (seconds < 0 || (dot >= 0 && (fraction.isEmpty() || fraction.length() > 9))) {
            return null;
        }
        long nanos = fraction.isEmpty() ? 0 : unsignedDecimal(fraction);
        if (nanos < 0) {
            return null;
        }
        for (int i = fraction.length(); i < 9; i++) {
            nanos *= 10;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** A port number written in decimal, or -1. */
    static int port(String s) {
        long v = s.length() <= 5 ? unsignedDecimal(s) : -1;
        return v >= 0 && v <= 65535 ? (int) v : -1;
    }
}
