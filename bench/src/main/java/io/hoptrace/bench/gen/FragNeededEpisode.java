package io.hoptrace.bench.gen;

import java.io.IOException;

/**
 * The classic Flannel MTU trap: a pod whose interface says 1500 sends a full-sized DF segment towards another
 * node; the node cannot fit it into flannel.1 (MTU 1450) and answers from its bridge address with ICMP
 * "fragmentation needed", next-hop MTU 1450, quoting the first 548 bytes of the segment (Linux keeps the whole
 * error within 576 bytes); the pod then resends the data in two smaller segments.
 */
public final class FragNeededEpisode implements Conversation {
    public static final int OVERLAY_MTU = 1450;
    private static final int QUOTE = 576 - 20 - 8;

    private final Cluster.Pod pod;
    private final TcpConnection tcp;
    private final byte[] quoted = new byte[QUOTE];
    private int step;

    public FragNeededEpisode(Wire w, Cluster cluster) {
        Cluster.Node[] nodes = Cluster.twoNodes(cluster.flannel, w.rnd);
        this.pod = Cluster.pod(nodes[0], w.rnd);
        Cluster.Pod peer = Cluster.pod(nodes[1], w.rnd);
        FlowPath path = FlowPath.plain(pod.ip, pod.mac, peer.ip, nodes[0].bridgeMac, 1500, w.rnd.nextInt());
        this.tcp = new TcpConnection(w, path, w.between(32768, 60999), 8080);
    }

    @Override
    public boolean step(Wire w) throws IOException {
        int full = tcp.path().segmentPayload();
        int fits = OVERLAY_MTU - 20 - 32;
        switch (step) {
            case 0 -> {
                tcp.open(w, true, TcpConnection.PSH).filler(full, 0);
                tcp.sent(w, true, 0); // dropped by the node: the sequence does not advance
                System.arraycopy(w.lastFrame(), 14, quoted, 0, QUOTE);
            }
            case 1 -> {
                FrameBuilder f = w.begin();
                f.ethernet(pod.mac, pod.node.bridgeMac, 0x0800);
                f.ipv4(pod.node.bridgeIp, pod.ip, 1, w.rnd.nextInt(0x10000), 64, false);
                f.icmp(3, 4, OVERLAY_MTU).bytes(quoted);
                w.send();
            }
            case 2 -> {
                tcp.open(w, true, 0).filler(fits, 0);
                tcp.sent(w, true, fits);
            }
            default -> {
                tcp.open(w, true, TcpConnection.PSH).filler(full - fits, fits);
                tcp.sent(w, true, full - fits);
            }
        }
        return ++step < 4;
    }
}
