package io.hoptrace.rules.catalog.overlay;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code overlay.overhead}: tunnel headers as a share of the bytes between two nodes. VXLAN adds 50 bytes to each
 * packet (3% of a full 1500-byte packet) and IP-in-IP 20; the share grows with small packets: chatty RPCs, DNS,
 * bare ACKs. Worth knowing above a share, over enough packets to mean something; nothing is broken.
 */
public final class OverheadRule implements Rule {
    public static final String ID = "overlay.overhead";

    static final Threshold<Double> SHARE = Threshold.ofDouble("overlay.overhead.share", 0.10,
            "share of the bytes between two nodes that are tunnel headers before it is reported");
    static final Threshold<Long> MIN_PACKETS = Threshold.ofLong("overlay.overhead.min-packets", 1000,
            "encapsulated packets between two nodes before their share means something");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "encapsulation overhead: tunnel header bytes as a share of the traffic between two nodes";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(SHARE, MIN_PACKETS);
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        double share = v.thresholds().getDouble(SHARE);
        long min = v.thresholds().getLong(MIN_PACKETS);
        List<Finding> out = new ArrayList<>();
        for (Tunnels.NodePair p : Tunnels.pairs(v, null)) {
            if (p.packets < min || p.share() <= share) {
                continue;
            }
            out.add(finding(v, p));
        }
        return out;
    }

    private static Finding finding(AnalysisView v, Tunnels.NodePair p) {
        long perPacket = Math.round((double) p.tunnelBytes / p.packets);
        long inner = Math.round((double) p.innerBytes / p.packets);
        String summary = String.format(Locale.ROOT, "%s headers are %.0f%% of the bytes between %s and %s: %d bytes "
                        + "on each of %,d packets whose own size averages %d bytes (%,d of %,d bytes)",
                Tunnels.typeName(p.type), 100 * p.share(), Tunnels.endpoint(v, p.a), Tunnels.endpoint(v, p.b),
                perPacket, p.packets, inner, p.tunnelBytes, p.tunnelBytes + p.innerBytes);
        String fix = "nothing is broken: small packets make the tunnel's share large. To spend less, route pod "
                + "traffic between nodes on one subnet without a tunnel (Flannel host-gw or DirectRouting, Calico "
                + "CrossSubnet), or send fewer, larger packets (connection reuse, batching)";
        Finding.Builder f = Finding.of(ID, Severity.INFO, summary).fix(fix).dedupKey(p.type + " " + p.a + " " + p.b);
        for (var t : p.tunnels) {
            f.packet(t.first());
            f.evidence(String.format(Locale.ROOT, "%s %s > %s: %,d packets, %,d header bytes, %,d inner bytes",
                    t.type(), t.outerSrc(), t.outerDst(), t.packets(), t.tunnelBytes(), t.innerBytes()));
        }
        f.node(p.tunnels.get(0).node());
        v.nodeOfAddress(p.a).ifPresent(n -> f.object(ObjectRef.node(n)));
        v.nodeOfAddress(p.b).ifPresent(n -> f.object(ObjectRef.node(n)));
        int[] j = Tunnels.journeyIn(v, p);
        if (j != null) {
            f.journey(j[0], j[1]);
        }
        return f.build();
    }
}
