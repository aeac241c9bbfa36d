package io.hoptrace.bench.gen;

import java.util.Random;

/**
 * The addresses the synthetic traffic runs between: a Flannel cluster (VXLAN on UDP 8472, pod subnet
 * 10.244.N.0/24 per node, dual-stack pods in fd00:10:244:N::/64) and a Calico cluster (IP-in-IP, BGP full mesh
 * in AS 64512, pod blocks 192.168.x.y/26 from the default pool), all nodes on 10.0.0.0/24, one capture point
 * that sees both (as a router or a port mirror between the racks would).
 */
public final class Cluster {
    public static final int FLANNEL_VNI = 1;
    public static final int VXLAN_PORT = 8472;
    public static final int CALICO_AS = 64512;
    public static final int KUBE_DNS = ip(10, 96, 0, 10);
    public static final byte[] KUBE_DNS_V6 = {(byte) 0xfd, 0, 0, 0x10, 0, (byte) 0x96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a};
    /** An HTTP server outside the cluster that nodes fetch from (plain traffic with a full 1500 MTU). */
    public static final int EXTERNAL_REGISTRY = ip(10, 0, 1, 50);
    public static final long GATEWAY_MAC = 0x5254_00_00_01_01L;

    public static final int PODS_PER_NODE = 24;

    /** A node: its NIC address and MAC, its VXLAN endpoint MAC, its cni0 bridge address and MAC. */
    public static final class Node {
        public final String name;
        public final int ip;
        public final long mac;
        public final long vtepMac;
        public final int bridgeIp;
        public final long bridgeMac;
        /** Flannel: 10.244.N.0; Calico: the node's /26 blocks. */
        public final int[] podNets;
        public final Pod[] pods;

        Node(String name, int ip, long vtepMac, int bridgeIp, int[] podNets, int nodeIndex, boolean dualStack) {
            this.name = name;
            this.ip = ip;
            this.mac = 0x5254_00_00_00_00L | (ip & 0xFFFFFF);
            this.vtepMac = vtepMac;
            this.bridgeIp = bridgeIp;
            this.bridgeMac = 0x0A58_0000_0000L | (bridgeIp & 0xFFFFFFFFL);
            this.podNets = podNets;
            this.pods = new Pod[PODS_PER_NODE];
            for (int i = 0; i < PODS_PER_NODE; i++) {
                int base = podNets[i % podNets.length];
                int podIp = base + 2 + i / podNets.length;
                byte[] v6 = null;
                if (dualStack) {
                    v6 = new byte[] {(byte) 0xfd, 0, 0, 0x10, 0x02, 0x44, 0, (byte) nodeIndex, 0, 0, 0, 0, 0, 0, 0,
                            (byte) (2 + i)};
                }
                pods[i] = new Pod(podIp, v6, this);
            }
        }
    }

    /** A pod; the CNI bridge plugin derives its MAC from its address (0a:58:a.b.c.d). */
    public static final class Pod {
        public final int ip;
        public final byte[] ipv6;
        public final long mac;
        public final Node node;

        Pod(int ip, byte[] ipv6, Node node) {
            this.ip = ip;
            this.ipv6 = ipv6;
            this.mac = 0x0A58_0000_0000L | (ip & 0xFFFFFFFFL);
            this.node = node;
        }
    }

    public final Node[] flannel = new Node[4];
    public final Node[] calico = new Node[4];

    public Cluster(Random rnd) {
        for (int i = 0; i < flannel.length; i++) {
            int n = i + 1;
            long vtep = 0x0200_0000_0000L | (rnd.nextLong() & 0xFF_FFFF_FFFFL);
            flannel[i] = new Node("flannel-" + n, ip(10, 0, 0, 10 + n), vtep, ip(10, 244, n, 1),
                    new int[] {ip(10, 244, n, 0)}, n, true);
        }
        for (int i = 0; i < calico.length; i++) {
            int n = i + 1;
            // Calico hands each node /26 blocks from anywhere in the pool
            int[] blocks = {ip(192, 168, 16 * n + rnd.nextInt(16), 64 * rnd.nextInt(4)),
                    ip(192, 168, 16 * n + rnd.nextInt(16), 64 * rnd.nextInt(4))};
            if (blocks[1] == blocks[0]) {
                blocks[1] ^= 64;
            }
            calico[i] = new Node("calico-" + n, ip(10, 0, 0, 20 + n), 0, blocks[0] + 1, blocks, n, false);
        }
    }

    public static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    public static Pod pod(Node node, Random rnd) {
        return node.pods[rnd.nextInt(node.pods.length)];
    }

    /** Two different nodes of {@code nodes}: [0] the client's, [1] the server's. */
    public static Node[] twoNodes(Node[] nodes, Random rnd) {
        int a = rnd.nextInt(nodes.length);
        int b = (a + 1 + rnd.nextInt(nodes.length - 1)) % nodes.length;
        return new Node[] {nodes[a], nodes[b]};
    }
}
