package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** The routes of {@code ip -j route}, and what could not be read. */
public record IpJsonRoutes(List<IpJsonRoute> routes, List<LineProblem> problems) {
    public IpJsonRoutes {
        routes = List.copyOf(routes);
        problems = List.copyOf(problems);
    }

    /**
     * The route the main table would pick for a destination: the longest matching prefix, then the lowest metric.
     * Only unicast routes of the main table count (a dump of all tables also has local and broadcast routes, which
     * answer "is this address ours", not "where does it go"). Policy rules are not modelled.
     */
    public Optional<IpJsonRoute> lookup(InetAddress destination) {
        IpJsonRoute best = null;
        for (IpJsonRoute r : routes) {
            boolean main = r.table() == null || r.table().equals("main");
            if (!main || !"unicast".equals(r.type()) || !r.covers(destination)) {
                continue;
            }
            if (best == null || r.prefixLength() > best.prefixLength()
                    || (r.prefixLength() == best.prefixLength() && metric(r) < metric(best))) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    public List<IpJsonRoute> viaDevice(String device) {
        return routes.stream().filter(r -> device.equals(r.device())).toList();
    }

    private static long metric(IpJsonRoute r) {
        return r.metric() < 0 ? 0 : r.metric();
    }
}
