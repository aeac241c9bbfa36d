package io.hoptrace.decoders.state;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code ip -j route} (also {@code -6}, {@code show table all}). */
public final class IpJsonRouteParser {
    private IpJsonRouteParser() {
    }

    public static IpJsonRoutes parse(String text) {
        IpJsonInput in = IpJsonInput.read(text, "ip -j route");
        List<IpJsonRoute> routes = new ArrayList<>();
        for (Map<String, Object> m : in.elements) {
            IpJsonRoute r = route(in, m);
            if (r != null) {
                routes.add(r);
            }
        }
        return new IpJsonRoutes(routes, in.sortedProblems());
    }

    private static IpJsonRoute route(IpJsonInput in, Map<String, Object> m) {
        String dst = in.string(m, "dst");
        if (dst == null) {
            in.problem(m, "route without \"dst\"");
            return null;
        }
        InetAddress network = null;
        int prefix = 0;
        if (!dst.equals("default")) {
            int slash = dst.indexOf('/');
            network = InetLiteral.parse(slash < 0 ? dst : dst.substring(0, slash));
            long bits = slash < 0 ? -2 : StateLines.unsignedDecimal(dst.substring(slash + 1));
            int max = network == null ? 0 : network.getAddress().length * 8;
            prefix = bits == -2 ? max : (int) bits;
            if (network == null || bits == -1 || prefix > max) {
                in.problem(m, "route destination '" + dst + "' is not \"default\", an address or a prefix");
                return null;
            }
        }
        InetAddress gateway = in.address(m, "gateway");
        InetAddress prefsrc = in.address(m, "prefsrc");
        List<IpJsonNexthop> nexthops = new ArrayList<>();
        for (Map<String, Object> h : in.objects(m, "nexthops")) {
            nexthops.add(new IpJsonNexthop(in.address(h, "gateway"), in.string(h, "dev"), in.number(h, "weight"),
                    in.strings(h, "flags")));
        }
        InetAddress known = network != null ? network : gateway != null ? gateway : prefsrc != null ? prefsrc
                : nexthops.isEmpty() ? null : nexthops.get(0).gateway();
        String family = known == null ? null : known instanceof Inet6Address ? "inet6" : "inet";
        String type = in.string(m, "type");
        return new IpJsonRoute(in.line(m), type == null ? "unicast" : type, dst, network, prefix, family, gateway,
                in.string(m, "dev"), in.string(m, "protocol"), in.string(m, "scope"), prefsrc, in.number(m, "metric"),
                mtu(in, m), in.string(m, "table"), in.strings(m, "flags"), nexthops);
    }

    /** "metrics":[{"mtu":1400}], or [{"mtu":["lock",1400]}] when the mtu is locked. */
    private static long mtu(IpJsonInput in, Map<String, Object> m) {
        for (Map<String, Object> metrics : in.objects(m, "metrics")) {
            Object v = metrics.get("mtu");
            if (v instanceof List) {
                for (Object o : (List<?>) v) {
                    if (o instanceof Long) {
                        return (Long) o;
                    }
                }
            } else if (v != null) {
                return in.number(metrics, "mtu");
            }
        }
        return -1;
    }
}
