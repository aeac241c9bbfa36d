package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.List;

/** Line and token helpers shared by the node-state text parsers. */
final class StateLines {
    private StateLines() {
    }

    /** The lines of a text, without their terminators ({@code \n}, {@code \r\n}); index 0 is line 1. */
    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.substring(start, end));
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(text.endsWith("\r") ? text.substring(start, n - 1) : text.substring(start));
        }
        return lines;
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

    /** A port number written in decimal, or -1. */
    static int port(String s) {
        long v = s.length() <= 5 ? unsignedDecimal(s) : -1;
        return v >= 0 && v <= 65535 ? (int) v : -1;
    }
}
