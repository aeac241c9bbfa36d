package io.hoptrace.decoders.state;

/** Packet and byte counters as {@code iptables-save -c} prints them: {@code [packets:bytes]}. */
public record IptablesCounters(long packets, long bytes) {
    /** {@code [0:0]}, shared: most chains and rules of a restore input or a fresh node have it. */
    public static final IptablesCounters ZERO = new IptablesCounters(0, 0);

    /** Parses {@code text[from, to)} as {@code [12:3456]}, without copying; null when it is not that shape. */
    public static IptablesCounters parse(String text, int from, int to) {
        if (to - from < 5 || text.charAt(from) != '[' || text.charAt(to - 1) != ']') {
            return null;
        }
        long p = 0;
        long b = 0;
        int i = from + 1;
        int digits = 0;
        for (; i < to - 1 && text.charAt(i) != ':'; i++, digits++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || digits > 18) {
                return null;
            }
            p = p * 10 + (c - '0');
        }
        if (digits == 0 || i >= to - 1) {
            return null;
        }
        digits = 0;
        for (i++; i < to - 1; i++, digits++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || digits > 18) {
                return null;
            }
            b = b * 10 + (c - '0');
        }
        return digits == 0 ? null : p == 0 && b == 0 ? ZERO : new IptablesCounters(p, b);
    }

    /** Parses {@code [12:3456]}; null when the text is not that shape. */
    public static IptablesCounters parse(String text) {
        if (text.length() < 5 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            long p = Long.parseLong(text.substring(1, colon));
            long b = Long.parseLong(text.substring(colon + 1, text.length() - 1));
            return p >= 0 && b >= 0 ? new IptablesCounters(p, b) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "[" + packets + ":" + bytes + "]";
    }
}
