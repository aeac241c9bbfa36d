package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipvsadm-save -n} lines: {@code -A -t 10.0.0.1:443 -s rr -p 10800 [-M 255.255.255.0] [-b flags] [pe sip]
 * [ops]} and {@code -a -t 10.0.0.1:443 -r 10.244.1.5:6443 -m -w 1 [-x 0 -y 0]}, long options too.
 */
final class IpvsSaveLines {
    /** ipvsadm's defaults when a switch is left out (a hand-written file may). */
    private static final String DEFAULT_SCHEDULER = "wlc";
    private static final long DEFAULT_PERSISTENCE_SECONDS = 300;

    private IpvsSaveLines() {
    }

    record RealServerLine(String serviceKey, IpvsRealServer server) {
    }

    /** The virtual service a -A or -a line names, and where its options start. */
    private record ServiceSpec(IpvsProtocol protocol, InetAddress address, int port, long mark, boolean ipv6) {
        String key() {
            return IpvsService.keyOf(protocol, address, port, mark, ipv6);
        }
    }

    static IpvsService service(int line, List<String> t, String hint) throws UnreadableLine {
        ServiceSpec spec = null;
        String scheduler = DEFAULT_SCHEDULER;
        List<String> flags = new ArrayList<>();
        long timeout = -1;
        String mask = null;
        String engine = null;
        boolean ops = false;
        boolean ipv6Switch = false;
        for (int i = 1; i < t.size(); i++) {
            String w = t.get(i);
            switch (w) {
                case "-t": case "--tcp-service": case "-u": case "--udp-service": case "--sctp-service":
                case "-f": case "--fwmark-service":
                    spec = spec(w, value(t, ++i, w), hint);
                    break;
                case "-6": case "--ipv6":
                    ipv6Switch = true;
                    break;
                case "-s": case "--scheduler":
                    scheduler = value(t, ++i, w);
                    break;
                case "-p": case "--persistent":
                    timeout = DEFAULT_PERSISTENCE_SECONDS;
                    if (i + 1 < t.size() && StateLines.unsignedDecimal(t.get(i + 1)) >= 0) {
                        timeout = StateLines.unsignedDecimal(t.get(++i));
                    }
                    break;
                case "-M": case "--netmask":
                    mask = value(t, ++i, w);
                    break;
                case "-b": case "--sched-flags":
                    for (String f : value(t, ++i, w).split(",")) {
                        if (!f.isEmpty()) {
                            flags.add(f);
                        }
                    }
                    break;
                case "pe": case "--pe":
                    engine = value(t, ++i, w);
                    break;
                case "-o": case "--ops": case "ops":
                    ops = true;
                    break;
                default:
                    throw new UnreadableLine("unexpected '" + w + "' in an -A line");
            }
        }
        if (spec == null) {
            throw new UnreadableLine("-A line without -t, -u, --sctp-service or -f");
        }
        boolean ipv6 = spec.ipv6() || ipv6Switch;
        IpvsPersistence persistence = null;
        if (timeout >= 0) {
            persistence = mask == null ? new IpvsPersistence(timeout, ipv6 ? 128 : 32, null)
                    : persistence(timeout, mask, ipv6);
        } else if (mask != null) {
            throw new UnreadableLine("-M without -p: a netmask only means something for a persistent service");
        }
        return new IpvsService(line, spec.protocol(), spec.address(), spec.port(), spec.mark(), ipv6, scheduler,
                flags, persistence, engine, ops, null, null, List.of());
    }

    static RealServerLine realServer(int line, List<String> t, String hint) throws UnreadableLine {
        ServiceSpec spec = null;
        IpvsEndpointText.Endpoint real = null;
        String realText = null;
        IpvsForwarding forwarding = IpvsForwarding.ROUTE; // ipvsadm's default, -g
        long weight = 1;
        long upper = IpvsRealServer.ABSENT;
        long lower = IpvsRealServer.ABSENT;
        boolean ipv6Switch = false;
        for (int i = 1; i < t.size(); i++) {
            String w = t.get(i);
            IpvsForwarding f = IpvsForwarding.ofSaveSwitch(w);
            if (f != null) {
                forwarding = f;
                continue;
            }
            switch (w) {
                case "-t": case "--tcp-service": case "-u": case "--udp-service": case "--sctp-service":
                case "-f": case "--fwmark-service":
                    spec = spec(w, value(t, ++i, w), hint);
                    break;
                case "-6": case "--ipv6":
                    ipv6Switch = true;
                    break;
                case "-r": case "--real-server":
                    realText = value(t, ++i, w);
                    break;
                case "-w": case "--weight":
                    weight = number(t, ++i, w);
                    break;
                case "-x": case "--u-threshold":
                    upper = number(t, ++i, w);
                    break;
                case "-y": case "--l-threshold":
                    lower = number(t, ++i, w);
                    break;
                case "--tun-type": case "--tun-port":
                    value(t, ++i, w); // how a tunnel is encapsulated: not needed to follow a packet's destination
                    break;
                case "--tun-nocsum": case "--tun-csum": case "--tun-remcsum":
                    break;
                default:
                    throw new UnreadableLine("unexpected '" + w + "' in an -a line");
            }
        }
        if (spec == null) {
            throw new UnreadableLine("-a line without -t, -u, --sctp-service or -f");
        }
        if (realText == null) {
            throw new UnreadableLine("-a line without -r");
        }
        real = realEndpoint(realText, spec.port(), hint);
        if (spec.protocol() == IpvsProtocol.FWM && ipv6Switch) {
            spec = new ServiceSpec(spec.protocol(), null, 0, spec.mark(), true);
        }
        long none = IpvsRealServer.ABSENT;
        IpvsRealServer server = new IpvsRealServer(line, real.address(), real.port(), forwarding, weight, none, none,
                none, upper, lower, null, null);
        return new RealServerLine(spec.key(), server);
    }

    /** "-M 255.255.255.0" for IPv4, "-M 64" (a prefix length) for IPv6. */
    static IpvsPersistence persistence(long timeout, String mask, boolean ipv6) throws UnreadableLine {
        if (ipv6) {
            long bits = StateLines.unsignedDecimal(mask);
            if (bits < 0 || bits > 128) {
                throw new UnreadableLine("'" + mask + "' is not an IPv6 prefix length");
            }
            return new IpvsPersistence(timeout, (int) bits, null);
        }
        InetAddress m = InetLiteral.parse(mask);
        if (m == null || m.getAddress().length != 4) {
            throw new UnreadableLine("'" + mask + "' is not an IPv4 netmask");
        }
        return new IpvsPersistence(timeout, InetLiteral.prefixLength(m), m);
    }

    private static ServiceSpec spec(String option, String value, String hint) throws UnreadableLine {
        if (option.equals("-f") || option.equals("--fwmark-service")) {
            long mark = StateLines.unsignedDecimal(value);
            if (mark <= 0) {
                throw new UnreadableLine("'" + value + "' is not a firewall mark");
            }
            return new ServiceSpec(IpvsProtocol.FWM, null, 0, mark, false);
        }
        IpvsProtocol p = option.equals("-t") || option.equals("--tcp-service") ? IpvsProtocol.TCP
                : option.equals("--sctp-service") ? IpvsProtocol.SCTP : IpvsProtocol.UDP;
        IpvsEndpointText.Endpoint e = IpvsEndpointText.parse(value, false, hint);
        return new ServiceSpec(p, e.address(), e.port(), 0, e.address().getAddress().length == 16);
    }

    /** -r takes host[:port]; without a port the real server listens on the virtual port. */
    private static IpvsEndpointText.Endpoint realEndpoint(String text, int servicePort, String hint)
            throws UnreadableLine {
        InetAddress bare = text.startsWith("[") && text.endsWith("]")
                ? InetLiteral.parse(text.substring(1, text.length() - 1)) : InetLiteral.parse(text);
        if (bare != null) {
            return new IpvsEndpointText.Endpoint(bare, servicePort);
        }
        return IpvsEndpointText.parse(text, false, hint);
    }

    private static String value(List<String> t, int i, String option) throws UnreadableLine {
        if (i >= t.size()) {
            throw new UnreadableLine(option + " without a value");
        }
        return t.get(i);
    }

    private static long number(List<String> t, int i, String option) throws UnreadableLine {
        long v = StateLines.unsignedDecimal(value(t, i, option));
        if (v < 0) {
            throw new UnreadableLine(option + " '" + t.get(i) + "' is not a number");
        }
        return v;
    }
}
