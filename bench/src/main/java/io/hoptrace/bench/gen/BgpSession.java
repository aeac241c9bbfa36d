package io.hoptrace.bench.gen;

import java.io.IOException;

/**
 * A BGP session over TCP 179 as Calico's BIRD runs it: node to node in the full mesh, node to a route reflector
 * that reflects a bigger cluster's routes, or node to a top-of-rack router (eBGP). OPENs, KEEPALIVEs, the initial
 * table (several UPDATEs in one segment, messages cut across segments when the burst passes the MSS or a write
 * ends early), End-of-RIB, then KEEPALIVEs and block churn (announce, withdraw) until, in some sessions, a
 * NOTIFICATION and FIN.
 */
public final class BgpSession implements Conversation {
    public enum Peer { MESH, REFLECTOR, TOR }

    private static final int REFLECTOR_IP = Cluster.ip(10, 0, 0, 30);
    private static final int TOR_IP = Cluster.ip(10, 0, 0, 1);
    private static final int TOR_AS = 65001;
    private static final int REFLECTED_NODES = 40;

    private final Peer peer;
    private final Cluster.Node node;
    private final int peerIp;
    private final TcpConnection tcp;
    private final int mss;
    private final byte[][] pending = {new byte[16384], new byte[16384]};
    private final int[] pendingLength = new int[2];
    private final boolean[] ackOwed = new boolean[2];
    private final int[] prefixes = new int[128];
    // phases, in order; each step moves on by one unless it waits for queued bytes to go out
    private static final int SYN = 0;
    private static final int SYN_ACK = 1;
    private static final int ACK = 2;
    private static final int CLIENT_OPEN = 3;
    private static final int SERVER_OPEN = 4;
    private static final int CLIENT_TABLE = 5;
    private static final int SERVER_TABLE = 6;
    private static final int STEADY = 7;
    /** A NOTIFICATION is queued; it moves to {@link #NOTIFIED} once sent. */
    private static final int NOTIFYING = 98;
    private static final int NOTIFIED = 99;
    private static final int FIN = 100;
    private static final int FIN_REPLY = 101;
    private static final int LAST_ACK = 102;

    private int phase = SYN;
    private long eventsLeft;
    private int closer;

    /** A session from {@code node} to {@code meshPeer} (MESH) or to the reflector or ToR router. */
    public BgpSession(Wire w, Cluster.Node node, Peer peer, Cluster.Node meshPeer, long steadyEvents) {
        this.peer = peer;
        this.node = node;
        this.peerIp = switch (peer) {
            case MESH -> meshPeer.ip;
            case REFLECTOR -> REFLECTOR_IP;
            case TOR -> TOR_IP;
        };
        long peerMac = peer == Peer.MESH ? meshPeer.mac : peer == Peer.TOR ? Cluster.GATEWAY_MAC
                : 0x5254_00_00_00_00L | (REFLECTOR_IP & 0xFFFFFF);
        FlowPath path = FlowPath.plain(node.ip, node.mac, peerIp, peerMac, 1500, w.rnd.nextInt());
        this.tcp = new TcpConnection(w, path, w.between(32768, 60999), 179);
        this.mss = path.segmentPayload();
        this.eventsLeft = steadyEvents;
    }

    private int as(int side) {
        return side == 1 && peer == Peer.TOR ? TOR_AS : Cluster.CALICO_AS;
    }

    private int routerId(int side) {
        return side == 0 ? node.ip : peerIp;
    }

    @Override
    public boolean step(Wire w) throws IOException {
        switch (phase) {
            case SYN -> tcp.syn(w);
            case SYN_ACK -> tcp.synAck(w);
            case ACK -> tcp.ack(w, true);
            default -> {
                return established(w);
            }
        }
        phase++;
        return true;
    }

    private boolean established(Wire w) throws IOException {
        if (phase == FIN) {
            tcp.fin(w, closer == 0);
            phase++;
            return true;
        }
        if (phase == FIN_REPLY) {
            tcp.fin(w, closer != 0);
            phase++;
            return true;
        }
        if (phase == LAST_ACK) {
            tcp.ack(w, closer == 0);
            return false;
        }
        int side = pendingLength[0] > 0 && (pendingLength[1] == 0 || w.rnd.nextBoolean()) ? 0
                : pendingLength[1] > 0 ? 1 : -1;
        if (side >= 0) {
            segment(w, side);
            return true;
        }
        if (ackOwed[0] || ackOwed[1]) {
            int from = ackOwed[0] ? 0 : 1;
            tcp.ack(w, from == 0);
            ackOwed[from] = false;
            return true;
        }
        nextEvent(w);
        return true;
    }

    /** Queues what the session says next, then sends the first segment of it. */
    private void nextEvent(Wire w) throws IOException {
        switch (phase) {
            case CLIENT_OPEN -> queue(0, BgpMessages.open(pending[0], pendingLength[0], as(0), 240, routerId(0)));
            case SERVER_OPEN -> {
                queue(1, BgpMessages.open(pending[1], pendingLength[1], as(1), 240, routerId(1)));
                queue(1, BgpMessages.keepalive(pending[1], pendingLength[1]));
            }
            case CLIENT_TABLE -> {
                queue(0, BgpMessages.keepalive(pending[0], pendingLength[0]));
                initialTable(w, 0);
            }
            case SERVER_TABLE -> initialTable(w, 1);
            case NOTIFIED -> {
                // the NOTIFICATION is out and acknowledged: the sender closes the connection
            }
            default -> steady(w);
        }
        if (phase < STEADY || phase == NOTIFIED) {
            phase++;
        }
        established(w);
    }

    private void steady(Wire w) {
        if (eventsLeft-- <= 0) {
            closer = w.rnd.nextInt(2);
            int r = w.rnd.nextInt(3);
            if (r == 0) {
                queue(closer, BgpMessages.notification(pending[closer], pendingLength[closer], 4, 0, null));
            } else if (r == 1) {
                queue(closer, BgpMessages.notification(pending[closer], pendingLength[closer], 6, 2,
                        "node drained for upgrade"));
            } else {
                queue(closer, BgpMessages.notification(pending[closer], pendingLength[closer], 6, 4, null));
            }
            phase = NOTIFYING;
            return;
        }
        int side = w.rnd.nextInt(2);
        int r = w.rnd.nextInt(100);
        if (r < 80) {
            queue(side, BgpMessages.keepalive(pending[side], pendingLength[side]));
        } else if (r < 95) {
            int withdrawn = w.rnd.nextInt(3);
            fillPrefixes(w, 0, withdrawn);
            int announced = 1 + w.rnd.nextInt(3);
            fillPrefixes(w, withdrawn, announced);
            int[] nlri = new int[2 * announced];
            System.arraycopy(prefixes, 2 * withdrawn, nlri, 0, nlri.length);
            queue(side, BgpMessages.update(pending[side], pendingLength[side], prefixes, withdrawn, nlri, announced,
                    nextHop(side, 0), as(side), ibgp()));
        } else {
            int withdrawn = 1 + w.rnd.nextInt(4);
            fillPrefixes(w, 0, withdrawn);
            queue(side, BgpMessages.update(pending[side], pendingLength[side], prefixes, withdrawn, null, 0, 0,
                    as(side), ibgp()));
        }
    }

    private boolean ibgp() {
        return peer != Peer.TOR;
    }

    /** The node announces its own blocks; a reflector or ToR sends one UPDATE per next hop it knows. */
    private void initialTable(Wire w, int side) {
        if (side == 0 || peer == Peer.MESH) {
            int n = 0;
            int[] nets = side == 0 ? node.podNets : new int[] {Cluster.ip(192, 168, w.rnd.nextInt(256), 0)};
            for (int net : nets) {
                prefixes[2 * n] = net;
                prefixes[2 * n++ + 1] = 26;
            }
            for (int i = 0; i < w.rnd.nextInt(4); i++) {
                prefixes[2 * n] = Cluster.ip(192, 168, w.rnd.nextInt(256), w.rnd.nextInt(256));
                prefixes[2 * n++ + 1] = 32;
            }
            queue(side, BgpMessages.update(pending[side], pendingLength[side], null, 0, prefixes, n,
                    routerId(side), as(side), ibgp()));
        } else {
            int nodes = peer == Peer.TOR ? 4 : REFLECTED_NODES;
            for (int i = 0; i < nodes; i++) {
                int blocks = 1 + w.rnd.nextInt(3);
                fillPrefixes(w, 0, blocks);
                queue(side, BgpMessages.update(pending[side], pendingLength[side], null, 0, prefixes, blocks,
                        nextHop(side, i), as(side), ibgp()));
            }
        }
        queue(side, BgpMessages.endOfRib(pending[side], pendingLength[side]));
    }

    private int nextHop(int side, int i) {
        if (side == 0) {
            return node.ip;
        }
        return peer == Peer.MESH ? peerIp : Cluster.ip(10, 0, 2, 10 + i);
    }

    private void fillPrefixes(Wire w, int from, int count) {
        for (int i = from; i < from + count; i++) {
            prefixes[2 * i] = Cluster.ip(192, 168, w.rnd.nextInt(256), 64 * w.rnd.nextInt(4));
            prefixes[2 * i + 1] = 26;
        }
    }

    private void queue(int side, int newLength) {
        pendingLength[side] = newLength;
    }

    /** One segment of what {@code side} has queued: up to the MSS, or cut short now and then (a partial write). */
    private void segment(Wire w, int side) throws IOException {
        int n = Math.min(mss, pendingLength[side]);
        if (n > BgpMessages.HEADER && w.percent(8)) {
            n = w.between(1, n - 1);
        }
        tcp.open(w, side == 0, TcpConnection.PSH).bytes(pending[side], 0, n);
        tcp.sent(w, side == 0, n);
        System.arraycopy(pending[side], n, pending[side], 0, pendingLength[side] - n);
        pendingLength[side] -= n;
        ackOwed[1 - side] = true;
        ackOwed[side] = false;
        if (phase == NOTIFYING && pendingLength[side] == 0) {
            phase = NOTIFIED;
        }
    }
}
