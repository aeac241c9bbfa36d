package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule does when it matches: {@code -j NAME} (a target extension or a chain) or {@code -g CHAIN} (goto),
 * with the options written after it. DNAT/SNAT destinations and MARK operations are typed.
 */
public record IptablesTarget(String name, boolean isGoto, List<Option> options) {
    public IptablesTarget {
        options = List.copyOf(options);
    }

    /** One target option, e.g. {@code --to-destination 10.180.0.1:80} or the flag {@code --random-fully}. */
    public record Option(String name, List<String> values) {
        public Option {
            values = List.copyOf(values);
        }

        public String value() {
            return String.join(" ", values);
        }
    }

    /** A DNAT/SNAT address[:port[-port]] as written; {@code address} is null when there is none ({@code :0}). */
    public record NatDestination(String text, IpPrefix address, int portLow, int portHigh) {
        /** Parses {@code 10.1.1.1:80}, {@code [fd00::1]:80}, {@code 10.1.1.1-10.1.1.9}, {@code :0}; null if unreadable. */
        public static NatDestination parse(String text) {
            String addr = text;
            String ports = null;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    return null;
                }
                addr = text.substring(1, close);
                if (close + 1 < text.length()) {
                    if (text.charAt(close + 1) != ':') {
                        return null;
                    }
                    ports = text.substring(close + 2);
                }
            } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
                addr = text.substring(0, text.indexOf(':'));
                ports = text.substring(text.indexOf(':') + 1);
            }
            int dash = addr.indexOf('-');
            String first = dash >= 0 ? addr.substring(0, dash) : addr;
            IpPrefix ip = first.isEmpty() ? null : IpPrefix.host(first);
            if (!first.isEmpty() && ip == null) {
                return null;
            }
            int lo = -1;
            int hi = -1;
            if (ports != null) {
                int d = ports.indexOf('-');
                lo = IptablesConditions.port(d >= 0 ? ports.substring(0, d) : ports);
                hi = d >= 0 ? IptablesConditions.port(ports.substring(d + 1)) : lo;
                if (lo < 0 || hi < 0) {
                    return null;
                }
            }
            return new NatDestination(text, ip, lo, hi);
        }

        public boolean hasPort() {
            return portLow >= 0;
        }
    }

    /** A MARK/CONNMARK change: the new mark is {@code (old & ~clear) ^ flip}. */
    public record MarkAction(String option, long clear, long flip) {
        public long apply(long mark) {
            return ((mark & ~clear) ^ flip) & 0xffffffffL;
        }
    }

    public boolean isChainLike() {
        return !name.isEmpty() && !BUILT_IN_TARGETS.contains(name);
    }

    /** Every {@code --to-destination} / {@code --to-source} value (several on the buggy rule of kubernetes#114537). */
    public List<NatDestination> natDestinations() {
        List<NatDestination> out = new ArrayList<>();
        for (Option o : options) {
            if (o.name.equals("--to-destination") || o.name.equals("--to-source") || o.name.equals("--to")) {
                for (String v : o.values) {
                    NatDestination d = NatDestination.parse(v);
                    out.add(d != null ? d : new NatDestination(v, null, -1, -1));
                }
            }
        }
        return out;
    }

    /** The MARK operation, or null when this is not a MARK target or its option is unreadable. */
    public MarkAction markAction() {
        if (!name.equals("MARK")) {
            return null;
        }
        for (Option o : options) {
            if (o.values.isEmpty()) {
                continue;
            }
            long[] vm = IptablesConditions.valueMask(o.values.get(0));
            if (vm == null) {
                return null;
            }
            long v = vm[0];
            long m = vm[1];
            switch (o.name) {
                case "--set-xmark":
                    return new MarkAction(o.name, m, v);
                case "--set-mark":
                    // (mark & ~mask) | value, written as xor over the cleared bits
                    return new MarkAction(o.name, m | v, v);
                case "--or-mark":
                    return new MarkAction(o.name, v, v);
                case "--xor-mark":
                    return new MarkAction(o.name, 0, v);
                case "--and-mark":
                    return new MarkAction(o.name, ~v & 0xffffffffL, 0);
                default:
                    break;
            }
        }
        return null;
    }

    public Option option(String optionName) {
        for (Option o : options) {
            if (o.name.equals(optionName)) {
                return o;
            }
        }
        return null;
    }

    /** Targets provided by iptables extensions (as opposed to user chains). */
    public static final java.util.Set<String> BUILT_IN_TARGETS = java.util.Set.of(
            "ACCEPT", "DROP", "REJECT", "RETURN", "QUEUE", "NFQUEUE", "DNAT", "SNAT", "MASQUERADE", "REDIRECT",
            "NETMAP", "MARK", "CONNMARK", "LOG", "NFLOG", "ULOG", "TRACE", "NOTRACK", "CT", "CHECKSUM", "TPROXY",
            "TCPMSS", "TOS", "DSCP", "TTL", "HL", "CLASSIFY", "AUDIT", "SET", "SECMARK", "CONNSECMARK", "IDLETIMER",
            "LED", "RATEEST", "TEE", "SYNPROXY", "HMARK", "CLUSTERIP", "ECN");
}
