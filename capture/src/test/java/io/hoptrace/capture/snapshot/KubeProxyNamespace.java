package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway node for tests: a network namespace with kube-proxy's iptables rules for one Service
 * (kube-system/kube-dns:dns, 10.96.0.10:53/UDP, two endpoints behind statistic branches), joined by a veth to a
 * second namespace that holds the two endpoint addresses. {@link #sendDns} sends real UDP to the Service VIP from
 * the node, so the kernel DNATs it and conntrack holds one NATed entry per datagram. Needs root; both namespaces
 * are deleted on {@link #close} and, should the JVM die first, by a shutdown hook.
 */
public final class KubeProxyNamespace implements AutoCloseable {
    public static final String VIP = "10.96.0.10";
    public static final String NODE_IP = "10.200.0.1";
    public static final String ENDPOINT_1 = "10.200.0.2";
    public static final String ENDPOINT_2 = "10.200.0.3";
    public static final String SVC_CHAIN = "KUBE-SVC-TCOU7JCQXEZGVUNU";
    public static final String SEP_1 = "KUBE-SEP-IT2ZTR26TO4XFPTO";
    public static final String SEP_2 = "KUBE-SEP-YIL6JZP7A3QYXJU2";

    /** kube-proxy's iptables mode, cut down to one ClusterIP Service (chain names as kube-proxy hashes them). */
    static final String RULES = String.join("\n",
            "*nat",
            ":PREROUTING ACCEPT [0:0]",
            ":INPUT ACCEPT [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            ":POSTROUTING ACCEPT [0:0]",
            ":KUBE-SERVICES - [0:0]",
            ":KUBE-POSTROUTING - [0:0]",
            ":KUBE-MARK-MASQ - [0:0]",
            ":" + SVC_CHAIN + " - [0:0]",
            ":" + SEP_1 + " - [0:0]",
            ":" + SEP_2 + " - [0:0]",
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
            "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
            "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
            "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
            "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\""
                    + " -j MASQUERADE --random-fully",
            "-A KUBE-SERVICES -d " + VIP + "/32 -p udp -m comment --comment \"kube-system/kube-dns:dns cluster IP\""
                    + " -m udp --dport 53 -j " + SVC_CHAIN,
            "-A " + SVC_CHAIN + " -m comment --comment \"kube-system/kube-dns:dns -> " + ENDPOINT_1 + ":5353\""
                    + " -m statistic --mode random --probability 0.50000000000 -j " + SEP_1,
            "-A " + SVC_CHAIN + " -m comment --comment \"kube-system/kube-dns:dns -> " + ENDPOINT_2 + ":5353\""
                    + " -j " + SEP_2,
            "-A " + SEP_1 + " -s " + ENDPOINT_1 + "/32 -m comment --comment \"kube-system/kube-dns:dns\""
                    + " -j KUBE-MARK-MASQ",
            "-A " + SEP_1 + " -p udp -m comment --comment \"kube-system/kube-dns:dns\" -m udp"
                    + " -j DNAT --to-destination " + ENDPOINT_1 + ":5353",
            "-A " + SEP_2 + " -s " + ENDPOINT_2 + "/32 -m comment --comment \"kube-system/kube-dns:dns\""
                    + " -j KUBE-MARK-MASQ",
            "-A " + SEP_2 + " -p udp -m comment --comment \"kube-system/kube-dns:dns\" -m udp"
                    + " -j DNAT --to-destination " + ENDPOINT_2 + ":5353",
            "COMMIT", "");

    private final String node;
    private final String pods;
    private final String veth;
    private final Thread cleanup;

    private KubeProxyNamespace(String suffix) {
        this.node = "ht-snap-" + suffix;
        this.pods = "ht-pods-" + suffix;
        this.veth = "hts" + suffix;
        this.cleanup = new Thread(this::delete, "delete " + node);
    }

    /** Whether this process may make namespaces (root); tests assume it and are skipped otherwise. */
    public static boolean canCreate() {
        boolean root = ProcessHandle.current().info().user().map("root"::equals).orElse(false);
        boolean ip = new java.io.File("/usr/sbin/ip").canExecute() || new java.io.File("/sbin/ip").canExecute()
                || new java.io.File("/usr/bin/ip").canExecute() || new java.io.File("/bin/ip").canExecute();
        return root && ip;
    }

    public static KubeProxyNamespace create() throws IOException, InterruptedException {
        byte[] b = new byte[3];
        ThreadLocalRandom.current().nextBytes(b);
        KubeProxyNamespace ns = new KubeProxyNamespace(HexFormat.of().formatHex(b));
        Runtime.getRuntime().addShutdownHook(ns.cleanup);
        try {
            ns.setUp();
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    private void setUp() throws IOException, InterruptedException {
        sh(null, "ip", "netns", "add", node);
        sh(null, "ip", "netns", "add", pods);
        String peer = "htp" + veth.substring(3);
        sh(null, "ip", "link", "add", veth, "netns", node, "type", "veth", "peer", "name", peer, "netns", pods);
        sh(null, "ip", "-n", node, "addr", "add", NODE_IP + "/24", "dev", veth);
        sh(null, "ip", "-n", node, "link", "set", "lo", "up");
        sh(null, "ip", "-n", node, "link", "set", veth, "up");
        sh(null, "ip", "-n", node, "route", "add", "10.96.0.0/12", "dev", veth);
        sh(null, "ip", "-n", pods, "addr", "add", ENDPOINT_1 + "/24", "dev", peer);
        sh(null, "ip", "-n", pods, "addr", "add", ENDPOINT_2 + "/24", "dev", peer);
        sh(null, "ip", "-n", pods, "link", "set", "lo", "up");
        sh(null, "ip", "-n", pods, "link", "set", peer, "up");
        sh(RULES, "ip", "netns", "exec", node, "iptables-restore");
        // unanswered UDP entries live 30 s by default: long enough for a test class on an idle machine, not on
        // a busy one; the table is the namespace's own, so this touches nothing else
        sh(null, "ip", "netns", "exec", node, "sh", "-c",
                "echo 600 > /proc/sys/net/netfilter/nf_conntrack_udp_timeout");
    }

    /** The node's namespace: what {@code --netns} names. */
    public String name() {
        return node;
    }

    /** The node-side veth, which ip-link.json must name. */
    public String veth() {
        return veth;
    }

    /**
     * Sends {@code count} UDP datagrams from the node to the Service VIP, each from a fresh socket (so a fresh
     * source port and a conntrack entry of its own, whose first packet walks the nat table).
     */
    public void sendDns(int count) throws IOException, InterruptedException {
        sh(null, "ip", "netns", "exec", node, "bash", "-c",
                "for i in $(seq " + count + "); do echo query > /dev/udp/" + VIP + "/53; done");
    }

    /** Runs a command inside the node's namespace and returns its stdout. */
    public String exec(String... argv) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", node));
        full.addAll(List.of(argv));
        return sh(null, full.toArray(String[]::new));
    }

    static String sh(String stdin, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    private void delete() {
        for (String ns : List.of(node, pods)) {
            try {
                new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // nothing more to do; the namespace name is random and will not collide
            }
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and will run the hook
        }
    }
}
