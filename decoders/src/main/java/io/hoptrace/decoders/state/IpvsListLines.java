package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Service and real-server lines of {@code ipvsadm -Ln} (all layouts) and {@code /proc/net/ip_vs}. */
final class IpvsListLines {
    private IpvsListLines() {
    }

    /**
     * "TCP  10.0.0.1:443 rr persistent 10800 mask 255.255.255.0", "FWM  100 IPv6 wlc", "UDP  [fd00::a]:53 sh
     * (sh-fallback,sh-port) ops"; in --stats/--rate the scheduler is replaced by five numbers; /proc writes
     * "persistent &lt;timeout&gt; &lt;hex mask&gt;" (the timeout is kept as printed: the kernel stores it in
     * jiffies, ipvsadm converts to seconds; no saved /proc line with persistence was at hand to confirm).
     */
    static IpvsService service(int line, IpvsProtocol protocol, List<String> t, IpvsParser.Layout layout, boolean hex,
                               String hint) throws UnreadableLine {
        if (t.size() < 2) {
            throw new UnreadableLine("virtual service line without an address");
        }
        int i = 1;
        InetAddress address = null;
        int port = 0;
        long mark = 0;
        boolean ipv6;
        if (protocol == IpvsProtocol.FWM) {
            mark = hex ? StateLines.unsignedHex(t.get(1)) : StateLines.unsignedDecimal(t.get(1));
            if (mark < 0) {
                throw new UnreadableLine("'" + t.get(1) + "' is not a firewall mark");
            }
            i = 2;
            ipv6 = i < t.size() && t.get(i).equals("IPv6");
            if (ipv6) {
                i++;
            }
        } else {
            IpvsEndpointText.Endpoint e = IpvsEndpointText.parse(t.get(1), hex, hint);
            address = e.address();
            port = e.port();
            ipv6 = address.getAddress().length == 16;
            i = 2;
        }
        if (layout == IpvsParser.Layout.STATS || layout == IpvsParser.Layout.RATE) {
            IpvsCounters c = counters(t, i, layout);
            return new IpvsService(line, protocol, address, port, mark, ipv6, null, List.of(), null, null, false,
                    layout == IpvsParser.Layout.STATS ? c : null, layout == IpvsParser.Layout.RATE ? c : null,
                    List.of());
        }
        if (i >= t.size()) {
            throw new UnreadableLine("virtual service line without a scheduler");
        }
        String scheduler = t.get(i++);
        List<String> flags = new ArrayList<>();
        IpvsPersistence persistence = null;
        String engine = null;
        boolean ops = false;
        while (i < t.size()) {
            String w = t.get(i++);
            if (w.startsWith("(")) {
                StringBuilder sb = new StringBuilder(w);
                while (!sb.toString().endsWith(")") && i < t.size()) {
                    sb.append(t.get(i++));
                }
                if (!sb.toString().endsWith(")")) {
                    throw new UnreadableLine("scheduler flags without ')'");
                }
                for (String f : sb.substring(1, sb.length() - 1).split(",")) {
                    if (!f.isEmpty()) {
                        flags.add(f);
                    }
                }
            } else if (w.equals("persistent")) {
                long timeout = i < t.size() ? StateLines.unsignedDecimal(t.get(i++)) : -1;
                if (timeout < 0) {
                    throw new UnreadableLine("'persistent' without a timeout");
                }
                if (hex && i < t.size() && t.get(i).length() == 8) {
                    persistence = hexMask(timeout, StateLines.unsignedHex(t.get(i++)), ipv6);
                } else if (i + 1 < t.size() && t.get(i).equals("mask")) {
                    i++;
                    persistence = IpvsSaveLines.persistence(timeout, t.get(i++), ipv6);
                } else {
                    persistence = new IpvsPersistence(timeout, ipv6 ? 128 : 32, null);
                }
            } else if (w.equals("pe") && i < t.size()) {
                engine = t.get(i++);
            } else if (w.equals("ops")) {
                ops = true;
            } else {
                throw new UnreadableLine("unexpected '" + w + "' after the scheduler");
            }
        }
        return new IpvsService(line, protocol, address, port, mark, ipv6, scheduler, flags, persistence, engine, ops,
                null, null, List.of());
    }

    /** "-> 10.244.1.5:8080  Masq 1 0 0" and the other layouts' columns. */
    static IpvsRealServer realServer(int line, List<String> t, IpvsParser.Layout layout, boolean hex, String hint)
            throws UnreadableLine {
        if (t.size() < 2) {
            throw new UnreadableLine("real server line without an address");
        }
        IpvsEndpointText.Endpoint e = IpvsEndpointText.parse(t.get(1), hex, hint);
        long none = IpvsRealServer.ABSENT;
        switch (layout) {
            case STATS:
            case RATE: {
                IpvsCounters c = counters(t, 2, layout);
                return new IpvsRealServer(line, e.address(), e.port(), null, none, none, none, none, none, none,
                        layout == IpvsParser.Layout.STATS ? c : null, layout == IpvsParser.Layout.RATE ? c : null);
            }
            case PERSISTENT_CONN: {
                long[] n = numbers(t, 2, 4, "Weight PersistConn ActiveConn InActConn");
                return new IpvsRealServer(line, e.address(), e.port(), null, n[0], n[2], n[3], n[1], none, none,
                        null, null);
            }
            case THRESHOLDS: {
                long[] n = numbers(t, 2, 4, "Uthreshold Lthreshold ActiveConn InActConn");
                return new IpvsRealServer(line, e.address(), e.port(), null, none, n[2], n[3], none, n[0], n[1],
                        null, null);
            }
            default: {
                if (t.size() < 3) {
                    throw new UnreadableLine("expected Forward Weight ActiveConn InActConn after the address");
                }
                IpvsForwarding f = IpvsForwarding.ofListName(t.get(2));
                if (f == null) {
                    throw new UnreadableLine("'" + t.get(2) + "' is not a forwarding method (Masq, Route, Tunnel,"
                            + " Local, FullNat)");
                }
                long[] n = numbers(t, 3, 3, "Weight ActiveConn InActConn");
                return new IpvsRealServer(line, e.address(), e.port(), f, n[0], n[1], n[2], none, none, none,
                        null, null);
            }
        }
    }

    private static long[] numbers(List<String> t, int from, int count, String columns) throws UnreadableLine {
        if (t.size() != from + count) {
            throw new UnreadableLine("expected " + columns + " after the address, found " + (t.size() - from)
                    + " columns");
        }
        long[] n = new long[count];
        for (int k = 0; k < count; k++) {
            n[k] = StateLines.unsignedDecimal(t.get(from + k));
            if (n[k] < 0) {
                throw new UnreadableLine("'" + t.get(from + k) + "' is not a number (columns " + columns + ")");
            }
        }
        return n;
    }

    /** Five --stats or --rate columns; ipvsadm shortens large values to e.g. "123M" unless --exact. */
    private static IpvsCounters counters(List<String> t, int from, IpvsParser.Layout layout) throws UnreadableLine {
        String columns = layout == IpvsParser.Layout.STATS ? "Conns InPkts OutPkts InBytes OutBytes"
                : "CPS InPPS OutPPS InBPS OutBPS";
        if (t.size() != from + 5) {
            throw new UnreadableLine("expected " + columns + " after the address, found " + (t.size() - from)
                    + " columns");
        }
        long[] n = new long[5];
        boolean rounded = false;
        for (int k = 0; k < 5; k++) {
            String s = t.get(from + k);
            long scale = 1;
            char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            switch (last) {
                case 'K': scale = 1_000L; break;
                case 'M': scale = 1_000_000L; break;
                case 'G': scale = 1_000_000_000L; break;
                case 'T': scale = 1_000_000_000_000L; break;
                default: break;
            }
            String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
            long v = StateLines.unsignedDecimal(digits);
            if (v < 0 || v > Long.MAX_VALUE / scale) {
                throw new UnreadableLine("'" + s + "' is not a number (columns " + columns + ")");
            }
            rounded |= scale != 1;
            n[k] = v * scale;
        }
        return new IpvsCounters(n[0], n[1], n[2], n[3], n[4], rounded);
    }

    private static IpvsPersistence hexMask(long timeout, long mask, boolean ipv6) throws UnreadableLine {
        if (mask < 0) {
            throw new UnreadableLine("persistence mask is not 8 hex digits");
        }
        if (ipv6) {
            return new IpvsPersistence(timeout, (int) mask, null); // the kernel keeps the IPv6 prefix length there
        }
        InetAddress m = InetLiteral.parseKernelHex(String.format("%08X", mask));
        return new IpvsPersistence(timeout, InetLiteral.prefixLength(m), m);
    }
}
