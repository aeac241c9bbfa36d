package io.hoptrace.decoders.state;

import java.util.Locale;
import java.util.Set;

/** Typed forms of the matches kube-proxy relies on; each records whether it was negated with {@code !}. */
public final class IptablesConditions {
    private IptablesConditions() {
    }

    /** {@code -s}/{@code -d}: {@code prefix} is null when the text is not an address (the parser reports it). */
    public record Address(String text, IpPrefix prefix, boolean negated) {
    }

    /** {@code -i}/{@code -o}; a trailing {@code +} matches every interface with that prefix. */
    public record Interface(String name, boolean negated) {
        public boolean matches(String iface) {
            boolean hit = name.endsWith("+") ? iface.startsWith(name.substring(0, name.length() - 1))
                    : iface.equals(name);
            return hit != negated;
        }
    }

    /** {@code --dport 80}, {@code --dport 3000:3010}, {@code --dports 80,443,8000:8010}. */
    public record Ports(String text, int[] lows, int[] highs, boolean negated) {
        public boolean matches(int port) {
            boolean hit = false;
            for (int i = 0; i < lows.length && !hit; i++) {
                hit = port >= lows[i] && port <= highs[i];
            }
            return hit != negated;
        }

        /** Parses a port, range or comma list; null if any part is not a number 0-65535. */
        public static Ports parse(String text, boolean negated) {
            String[] parts = text.split(",");
            int[] lo = new int[parts.length];
            int[] hi = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                int colon = p.indexOf(':');
                if (colon >= 0) {
                    lo[i] = colon == 0 ? 0 : port(p.substring(0, colon));
                    hi[i] = colon == p.length() - 1 ? 65535 : port(p.substring(colon + 1));
                } else {
                    lo[i] = port(p);
                    hi[i] = lo[i];
                }
                if (lo[i] < 0 || hi[i] < 0) {
                    return null;
                }
            }
            return new Ports(text, lo, hi, negated);
        }

        @Override
        public String toString() {
            return (negated ? "! " : "") + text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ports p && p.text.equals(text) && p.negated == negated;
        }

        @Override
        public int hashCode() {
            return text.hashCode() * 2 + (negated ? 1 : 0);
        }
    }

    /** {@code -m mark --mark value[/mask]}: matches when {@code (mark & mask) == value}. */
    public record Mark(long value, long mask, boolean negated) {
        public boolean matches(long mark) {
            return ((mark & mask) == value) != negated;
        }
    }

    /** {@code -m addrtype --src-type/--dst-type LOCAL,UNICAST...}. */
    public record AddrType(Set<String> types, boolean negated) {
    }

    /** {@code -m conntrack --ctstate} or {@code -m state --state}: the states listed, upper case. */
    public record CtState(Set<String> states, boolean negated) {
    }

    /** {@code -m statistic --mode random --probability p} or {@code --mode nth --every n --packet k}. */
    public record Statistic(String mode, double probability, int every, int packet, boolean negated) {
        /** The chance this match is true for one new connection. */
        public double chance() {
            double p = mode.equals("nth") ? (every > 0 ? 1.0 / every : 0) : probability;
            return negated ? 1 - p : p;
        }
    }

    /**
     * {@code -m recent}: {@code action} is set, rcheck, update or remove; {@code seconds} is -1 when absent. Only
     * rcheck and update test history (session affinity); set and remove always match.
     */
    public record Recent(String name, String action, int seconds, boolean reap, boolean sourceSide, boolean negated) {
        public boolean testsHistory() {
            return action.equals("rcheck") || action.equals("update");
        }
    }

    /** A port 0-65535, or -1. */
    public static int port(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 65535 ? v : -1;
    }

    /** {@code 0x4000/0x4000} or {@code 16384} to [value, mask]; the mask defaults to all ones; null if unreadable. */
    public static long[] valueMask(String s) {
        int slash = s.indexOf('/');
        long v = number(slash < 0 ? s : s.substring(0, slash));
        long m = slash < 0 ? 0xffffffffL : number(s.substring(slash + 1));
        if (v < 0 || m < 0) {
            return null;
        }
        return new long[] {v, m};
    }

    /** A 32-bit number in decimal or 0x hex, or -1. */
    public static long number(String s) {
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            return v >= 0 && v <= 0xffffffffL ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Set<String> upperList(String csv) {
        return Set.copyOf(java.util.Arrays.asList(csv.toUpperCase(Locale.ROOT).split(",")));
    }
}
