package io.hoptrace.bench.gen;

/**
 * Where one conversation's packets travel and how they are wrapped: plain Ethernet on a node's bridge, Flannel
 * VXLAN between two nodes, or Calico IP-in-IP. Writes everything up to and including the innermost IP header.
 */
public final class FlowPath {
    public enum Encapsulation { PLAIN, VXLAN, IPIP }

    public final Encapsulation encapsulation;
    private final int clientIp;
    private final int serverIp;
    private final byte[] clientIp6;
    private final byte[] serverIp6;
    private final long clientMac;
    private final long serverMac;
    private final Cluster.Node clientNode;
    private final Cluster.Node serverNode;
    private final int innerTtl;
    /** The mtu inside the path: the pods' interface MTU, 50 below the NIC for VXLAN, 20 for IP-in-IP. */
    public final int mtu;
    // the kernel hashes the inner flow into the VXLAN source port, one per direction
    private final int vxlanPortFromClient;
    private final int vxlanPortFromServer;
    private int ipIdFromClient;
    private int ipIdFromServer;
    private int outerIdFromClient;
    private int outerIdFromServer;
    private final int flowLabel;

    private FlowPath(Encapsulation e, int clientIp, int serverIp, byte[] clientIp6, byte[] serverIp6, long clientMac,
                     long serverMac, Cluster.Node clientNode, Cluster.Node serverNode, int mtu, int hash) {
        this.encapsulation = e;
        this.clientIp = clientIp;
        this.serverIp = serverIp;
        this.clientIp6 = clientIp6;
        this.serverIp6 = serverIp6;
        this.clientMac = clientMac;
        this.serverMac = serverMac;
        this.clientNode = clientNode;
        this.serverNode = serverNode;
        this.innerTtl = e == Encapsulation.PLAIN ? 64 : 63;
        this.mtu = mtu;
        this.vxlanPortFromClient = 32768 + (hash & 0x3FFF);
        this.vxlanPortFromServer = 32768 + ((hash >>> 14) & 0x3FFF);
        this.ipIdFromClient = hash & 0xFFFF;
        this.ipIdFromServer = (hash >>> 16) & 0xFFFF;
        this.outerIdFromClient = (hash >>> 5) & 0xFFFF;
        this.outerIdFromServer = (hash >>> 11) & 0xFFFF;
        this.flowLabel = hash & 0xFFFFF;
    }

    /** Plain IPv4 on one link: {@code clientMac} sends to {@code serverMac} (a pod, or the bridge as gateway). */
    public static FlowPath plain(int clientIp, long clientMac, int serverIp, long serverMac, int mtu, int hash) {
        return new FlowPath(Encapsulation.PLAIN, clientIp, serverIp, null, null, clientMac, serverMac, null, null,
                mtu, hash);
    }

    public static FlowPath plain6(byte[] clientIp, long clientMac, byte[] serverIp, long serverMac, int hash) {
        return new FlowPath(Encapsulation.PLAIN, 0, 0, clientIp, serverIp, clientMac, serverMac, null, null, 1500,
                hash);
    }

    /** Flannel: pod to pod across nodes, inner frames between the nodes' flannel.1 VTEP MACs. */
    public static FlowPath vxlan(Cluster.Pod client, Cluster.Pod server, int hash) {
        return new FlowPath(Encapsulation.VXLAN, client.ip, server.ip, null, null, client.node.vtepMac,
                server.node.vtepMac, client.node, server.node, 1450, hash);
    }

    /** Calico: pod to pod across nodes, the inner IPv4 packet right after the outer header (protocol 4). */
    public static FlowPath ipip(Cluster.Pod client, Cluster.Pod server, int hash) {
        return new FlowPath(Encapsulation.IPIP, client.ip, server.ip, null, null, 0, 0, client.node, server.node,
                1480, hash);
    }

    public boolean ipv6() {
        return clientIp6 != null;
    }

    public int clientIp() {
        return clientIp;
    }

    public int serverIp() {
        return serverIp;
    }

    /** Largest TCP segment payload with the timestamp option (12 bytes) on this path. */
    public int segmentPayload() {
        return mtu - (ipv6() ? 40 : 20) - 32;
    }

    public int mss() {
        return mtu - (ipv6() ? 40 : 20) - 20;
    }

    /** Writes the link, any tunnel headers and the innermost IP header for a packet of {@code protocol}. */
    public FrameBuilder open(FrameBuilder f, boolean fromClient, int protocol, boolean dontFragment) {
        Cluster.Node from = fromClient ? clientNode : serverNode;
        Cluster.Node to = fromClient ? serverNode : clientNode;
        switch (encapsulation) {
            case VXLAN -> {
                f.ethernet(to.mac, from.mac, 0x0800);
                f.ipv4(from.ip, to.ip, 17, nextOuterId(fromClient), 64, false);
                f.udpNoChecksum(fromClient ? vxlanPortFromClient : vxlanPortFromServer, Cluster.VXLAN_PORT);
                f.vxlan(Cluster.FLANNEL_VNI);
                f.ethernet(to.vtepMac, from.vtepMac, 0x0800);
            }
            case IPIP -> {
                f.ethernet(to.mac, from.mac, 0x0800);
                f.ipv4(from.ip, to.ip, 4, nextOuterId(fromClient), 64, dontFragment);
            }
            default -> f.ethernet(fromClient ? serverMac : clientMac, fromClient ? clientMac : serverMac,
                    ipv6() ? 0x86DD : 0x0800);
        }
        if (ipv6()) {
            return f.ipv6(fromClient ? clientIp6 : serverIp6, fromClient ? serverIp6 : clientIp6, protocol, 64,
                    flowLabel);
        }
        int id = fromClient ? ipIdFromClient++ : ipIdFromServer++;
        return f.ipv4(fromClient ? clientIp : serverIp, fromClient ? serverIp : clientIp, protocol, id & 0xFFFF,
                innerTtl, dontFragment);
    }

    private int nextOuterId(boolean fromClient) {
        return (fromClient ? outerIdFromClient++ : outerIdFromServer++) & 0xFFFF;
    }
}
