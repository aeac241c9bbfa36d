package io.hoptrace.bench.gen;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses what goes on the wire next. Each kind of traffic keeps a few conversations open at once (so their
 * packets interleave, as on a real link); a weighted draw picks the kind, a uniform draw one of its
 * conversations, which sends its next packet. A finished conversation is replaced by a new one of its kind.
 */
public final class TrafficMix {
    public enum Kind {
        /** Flannel VXLAN between nodes carrying pod TCP (HTTP), DNS and ping. */
        VXLAN(35, 8),
        /** Calico IP-in-IP carrying pod TCP (HTTP) and DNS. */
        IPIP(23, 8),
        /** BGP sessions on TCP 179: mesh, route reflector, top-of-rack. */
        BGP(8, 4),
        /** Plain IPv4 TCP: kubelet probes, pod to pod on one node, a node pulling from a registry. */
        TCP(15, 6),
        /** Plain IPv4 UDP: pods asking cluster DNS. */
        UDP(8, 4),
        /** Dual-stack pods over IPv6: TCP, DNS (AAAA) and ping6. */
        IPV6(6, 4),
        /** IPv4 fragments: ping -s 3000 and a headless Service's large DNS answer. */
        FRAGMENTS(0.6, 1),
        /** ICMP fragmentation needed (MTU 1450) quoting a too-large TCP segment. */
        FRAG_NEEDED(0.5, 1);

        final double defaultWeight;
        final int concurrent;

        Kind(double defaultWeight, int concurrent) {
            this.defaultWeight = defaultWeight;
            this.concurrent = concurrent;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Typical HTTP response body: with it 1 M packets of the default mix make about 450 MB. */
    public static final int DEFAULT_BODY = 2400;
    private static final Kind[] KINDS = Kind.values();

    private final Cluster cluster;
    private final int meanBody;
    private final double[] cumulative = new double[KINDS.length];
    private final Conversation[][] open = new Conversation[KINDS.length][];
    private final long[] packets = new long[KINDS.length];
    private final long[] bytes = new long[KINDS.length];

    /** {@code meanBody}: typical HTTP response body in bytes, which sets the mean frame size. */
    public TrafficMix(Cluster cluster, Map<Kind, Double> weights, int meanBody) {
        if (meanBody < 40) {
            throw new IllegalArgumentException("HTTP body size must be at least 40 bytes");
        }
        this.cluster = cluster;
        this.meanBody = meanBody;
        double sum = 0;
        for (Kind k : KINDS) {
            sum += weights.getOrDefault(k, k.defaultWeight);
            cumulative[k.ordinal()] = sum;
            open[k.ordinal()] = new Conversation[k.concurrent];
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
    }

    public static Map<Kind, Double> defaultWeights() {
        Map<Kind, Double> m = new EnumMap<>(Kind.class);
        for (Kind k : KINDS) {
            m.put(k, k.defaultWeight);
        }
        return m;
    }

    /** Sends the next packet (or the few packets of one step, such as a datagram's fragments). */
    public void step(Wire w, PcapFileWriter out) throws IOException {
        double x = w.rnd.nextDouble() * cumulative[KINDS.length - 1];
        int k = 0;
        while (cumulative[k] <= x) {
            k++;
        }
        Conversation[] pool = open[k];
        int i = w.rnd.nextInt(pool.length);
        if (pool[i] == null) {
            pool[i] = create(KINDS[k], w, i);
        }
        long p0 = out.packets();
        long b0 = out.bytesWritten();
        if (!pool[i].step(w)) {
            pool[i] = null;
        }
        packets[k] += out.packets() - p0;
        bytes[k] += out.bytesWritten() - b0;
    }

    private Conversation create(Kind kind, Wire w, int slot) {
        int hash = w.rnd.nextInt();
        int r = w.rnd.nextInt(100);
        switch (kind) {
            case VXLAN -> {
                Cluster.Node[] nodes = Cluster.twoNodes(cluster.flannel, w.rnd);
                boolean dns = r >= 80 && r < 95;
                Cluster.Pod server = dns ? nodes[1].pods[0] : Cluster.pod(nodes[1], w.rnd);
                FlowPath path = FlowPath.vxlan(Cluster.pod(nodes[0], w.rnd), server, hash);
                return r < 80 ? new HttpConversation(w, path, 8080, false, meanBody)
                        : dns ? new DnsLookup(w, path, false) : new PingExchange(w, path, false);
            }
            case IPIP -> {
                Cluster.Node[] nodes = Cluster.twoNodes(cluster.calico, w.rnd);
                boolean dns = r >= 85;
                Cluster.Pod server = dns ? nodes[1].pods[0] : Cluster.pod(nodes[1], w.rnd);
                FlowPath path = FlowPath.ipip(Cluster.pod(nodes[0], w.rnd), server, hash);
                return dns ? new DnsLookup(w, path, false) : new HttpConversation(w, path, 80, false, meanBody);
            }
            case BGP -> {
                // one session per pair, reconnecting after it drops: two mesh pairs, a reflector, a ToR router;
                // most stay up, one in five flaps soon after it comes up
                Cluster.Node[] c = cluster.calico;
                long events = w.percent(20) ? w.between(2, 30) : w.between(200, 5000);
                return switch (slot) {
                    case 0 -> new BgpSession(w, c[0], BgpSession.Peer.MESH, c[1], events);
                    case 1 -> new BgpSession(w, c[2], BgpSession.Peer.MESH, c[3], events);
                    case 2 -> new BgpSession(w, c[1], BgpSession.Peer.REFLECTOR, null, events);
                    default -> new BgpSession(w, c[3], BgpSession.Peer.TOR, null, events);
                };
            }
            case TCP -> {
                Cluster.Node node = cluster.flannel[w.rnd.nextInt(cluster.flannel.length)];
                Cluster.Pod pod = Cluster.pod(node, w.rnd);
                if (r < 40) {
                    FlowPath path = FlowPath.plain(node.bridgeIp, node.bridgeMac, pod.ip, pod.mac, 1450, hash);
                    return new HttpConversation(w, path, 8080, true, meanBody);
                }
                if (r < 70) {
                    Cluster.Pod other = Cluster.pod(node, w.rnd);
                    FlowPath path = FlowPath.plain(pod.ip, pod.mac, other.ip, other.mac, 1450, hash);
                    return new HttpConversation(w, path, 8080, false, meanBody);
                }
                FlowPath path = FlowPath.plain(node.ip, node.mac, Cluster.EXTERNAL_REGISTRY, Cluster.GATEWAY_MAC,
                        1500, hash);
                return new HttpConversation(w, path, 80, false, meanBody * 4);
            }
            case UDP -> {
                Cluster.Node node = cluster.flannel[w.rnd.nextInt(cluster.flannel.length)];
                Cluster.Pod pod = Cluster.pod(node, w.rnd);
                FlowPath path = FlowPath.plain(pod.ip, pod.mac, Cluster.KUBE_DNS, node.bridgeMac, 1450, hash);
                return new DnsLookup(w, path, false);
            }
            case IPV6 -> {
                Cluster.Node node = cluster.flannel[w.rnd.nextInt(cluster.flannel.length)];
                Cluster.Pod pod = Cluster.pod(node, w.rnd);
                if (r < 25) {
                    FlowPath path = FlowPath.plain6(pod.ipv6, pod.mac, Cluster.KUBE_DNS_V6, node.bridgeMac, hash);
                    return new DnsLookup(w, path, false);
                }
                Cluster.Pod other = Cluster.pod(node, w.rnd);
                FlowPath path = FlowPath.plain6(pod.ipv6, pod.mac, other.ipv6, other.mac, hash);
                return r < 35 ? new PingExchange(w, path, false)
                        : new HttpConversation(w, path, 8080, false, meanBody);
            }
            case FRAGMENTS -> {
                Cluster.Node node = cluster.flannel[w.rnd.nextInt(cluster.flannel.length)];
                Cluster.Pod pod = Cluster.pod(node, w.rnd);
                if (r < 50) {
                    Cluster.Pod other = Cluster.pod(node, w.rnd);
                    return new PingExchange(w, FlowPath.plain(pod.ip, pod.mac, other.ip, other.mac, 1450, hash),
                            true);
                }
                Cluster.Pod dns = node.pods[0];
                return new DnsLookup(w, FlowPath.plain(pod.ip, pod.mac, dns.ip, dns.mac, 1450, hash), true);
            }
            default -> {
                return new FragNeededEpisode(w, cluster);
            }
        }
    }

    /** What each kind contributed: packets, share, mean frame size. */
    public String report() {
        long total = 0;
        for (long p : packets) {
            total += p;
        }
        StringBuilder sb = new StringBuilder();
        for (Kind k : KINDS) {
            long p = packets[k.ordinal()];
            long frameBytes = bytes[k.ordinal()] - p * PcapFileWriter.RECORD_HEADER;
            sb.append(String.format(Locale.ROOT, "  %-12s %10d packets %5.1f %%  mean frame %5d bytes%n", k.key(), p,
                    total == 0 ? 0.0 : 100.0 * p / total, p == 0 ? 0 : frameBytes / p));
        }
        return sb.toString();
    }
}
