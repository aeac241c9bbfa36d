package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;

import java.util.OptionalLong;

/**
 * The largest inner IP packet each hop of a journey can carry: the MTU from ip-link.json of the interface it leaves by, less the
 * tunnel headers around the packet there (on eth0, a VXLAN packet's inner packet gets the MTU minus 50). Without
 * link data only tunnels say anything, and then on an assumed 1500-byte underlay.
 */
public final class PathMtu {
    /** The underlay MTU assumed when a node's ip-link.json does not list the interface. */
    public static final int ASSUMED_UNDERLAY = 1500;

    /** The smallest capacity of a journey's hops, and the first hop that has it. */
    public record Limit(int mtu, int hop, boolean fromLinkData) {
    }

    private PathMtu() {
    }

    /** Outer IP, UDP, VXLAN and the inner Ethernet header: 50 bytes over IPv4, 70 over IPv6; IP-in-IP: the outer IP. */
    public static int overhead(Encap e) {
        boolean v6 = e.outerSrc().address().indexOf(':') >= 0;
        int ip = v6 ? 40 : 20;
        return Encap.VXLAN.equals(e.type()) ? ip + 8 + 8 + 14 : ip;
    }

    /**
     * What the hop carries for the inner packet, or -1 when nothing is known about it. An interface's MTU limits
     * what it sends, not what it receives (a bridge takes a 1500-byte frame in on a 1450 cni0), so a bare packet
     * coming in says nothing; an encapsulated one crossed the underlay, whose MTU is the same at both ends.
     */
    public static int capacity(AnalysisView v, Hop h) {
        OptionalLong mtu = v.node(h.node()).map(n -> n.mtu(h.iface())).orElse(OptionalLong.empty());
        if (!h.encapsulated()) {
            return mtu.isPresent() && h.direction() != Direction.IN ? (int) mtu.getAsLong() : -1;
        }
        int carried = mtu.isPresent() ? (int) mtu.getAsLong() : ASSUMED_UNDERLAY;
        for (Encap e : h.encap()) {
            carried -= overhead(e);
        }
        return carried;
    }

    /** The journey's smallest hop capacity, or null when no hop says anything. */
    public static Limit of(AnalysisView v, Journey j) {
        int best = Integer.MAX_VALUE;
        int at = -1;
        boolean fromLinks = false;
        for (int i = 0; i < j.hops().size(); i++) {
            Hop h = j.hops().get(i);
            int c = capacity(v, h);
            if (c > 0 && c < best) {
                best = c;
                at = i;
                fromLinks = v.node(h.node()).map(n -> n.mtu(h.iface()).isPresent()).orElse(false);
            }
        }
        return at < 0 ? null : new Limit(best, at, fromLinks);
    }
}
