package io.hoptrace.decoders.state;

/** Packet and byte counters as {@code iptables-save -c} prints them: {@code [packets:bytes]}. */
public record IptablesCounters(long packets, long bytes) {
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
