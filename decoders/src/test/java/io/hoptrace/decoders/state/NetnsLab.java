package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces that look like a small node: in "node", a bridge br0 (10.201.0.1/24) with a veth port
 * (hairpin on) to "peer" (10.201.0.2), a vxlan device (VNI 42, port 8472, MTU 1450), a BIRD-style onlink route with
 * an mtu, a DNAT of the "Service" 10.96.201.10:80 to the peer's 10.201.0.2:8080 with a connmark, and a CT zone for
 * UDP 9999. {@link #traffic()} makes real conntrack entries (TCP through the DNAT, UDP, ICMP echo) and one invalid
 * packet. Needs root and {@code ip netns}; tests are skipped (not failed) without them. {@link #close()} deletes
 * both namespaces, which removes everything made inside them.
 */
final class NetnsLab implements AutoCloseable {
    static final String NODE_IP = "10.201.0.1";
    static final String PEER_IP = "10.201.0.2";
    static final String SERVICE_IP = "10.96.201.10";
    static final int SERVICE_PORT = 80;
    static final int POD_PORT = 8080;
    static final int ZONED_UDP_PORT = 9999;
    static final int ICMP_ID = 0x1234;
    static final int CONNMARK = 7;
    private static final String PYTHON = "/usr/bin/python3";

    final String node;
    final String peer;
    final String vethNode;
    private final List<String> created = new ArrayList<>();

    private NetnsLab(String suffix) {
        node = "hs-" + suffix + "-n";
        peer = "hs-" + suffix + "-p";
        vethNode = "hs-" + suffix + "-v";
    }

    static NetnsLab start() {
        Assumptions.assumeTrue(isRoot(), "needs root for network namespaces");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON + " to make traffic");
        String suffix = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        NetnsLab lab = new NetnsLab(suffix);
        Result add = exec(List.of("ip", "netns", "add", lab.node));
        Assumptions.assumeTrue(add.code == 0, "ip netns add failed: " + add.stderr);
        lab.created.add(lab.node);
        try {
            lab.build(suffix);
        } catch (RuntimeException | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build(String suffix) {
        must("ip", "netns", "add", peer);
        created.add(peer);
        String vethPeer = "hs-" + suffix + "-w";
        must("ip", "link", "add", vethNode, "type", "veth", "peer", "name", vethPeer);
        must("ip", "link", "set", vethNode, "netns", node);
        must("ip", "link", "set", vethPeer, "netns", peer);
        in(node, "ip", "link", "add", "br0", "type", "bridge");
        in(node, "ip", "link", "set", vethNode, "master", "br0");
        in(node, "ip", "link", "set", vethNode, "type", "bridge_slave", "hairpin", "on");
        in(node, "ip", "addr", "add", NODE_IP + "/24", "dev", "br0");
        for (String dev : List.of("lo", "br0", vethNode)) {
            in(node, "ip", "link", "set", dev, "up");
        }
        in(peer, "ip", "addr", "add", PEER_IP + "/24", "dev", vethPeer);
        in(peer, "ip", "link", "set", "lo", "up");
        in(peer, "ip", "link", "set", vethPeer, "up");
        in(node, "ip", "link", "add", "vx42", "type", "vxlan", "id", "42", "dstport", "8472", "local", NODE_IP,
                "dev", "br0", "nolearning");
        in(node, "ip", "link", "set", "vx42", "mtu", "1450", "up");
        in(node, "ip", "route", "add", "10.96.0.0/12", "via", PEER_IP, "dev", "br0");
        in(node, "ip", "route", "add", "10.99.0.0/16", "via", PEER_IP, "dev", "br0", "proto", "bird", "onlink",
                "mtu", "1400");
        in(node, "iptables", "-t", "nat", "-A", "OUTPUT", "-d", SERVICE_IP, "-p", "tcp", "--dport",
                String.valueOf(SERVICE_PORT), "-j", "DNAT", "--to-destination", PEER_IP + ":" + POD_PORT);
        in(node, "iptables", "-t", "mangle", "-A", "OUTPUT", "-d", SERVICE_IP, "-p", "tcp", "--dport",
                String.valueOf(SERVICE_PORT), "-j", "CONNMARK", "--set-mark", String.valueOf(CONNMARK));
        in(node, "iptables", "-t", "raw", "-A", "OUTPUT", "-p", "udp", "--dport", String.valueOf(ZONED_UDP_PORT),
                "-j", "CT", "--zone", "5");
        // strict TCP tracking, so a stray ACK is counted invalid (conntrack -S deltas need a counter that moves)
        in(node, "sysctl", "-qw", "net.netfilter.nf_conntrack_tcp_loose=0");
        in(node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        in(node, "sysctl", "-qw", "net.core.somaxconn=1234");
        in(node, "sysctl", "-qw", "net.ipv4.tcp_mtu_probing=1");
    }

    /** A TCP connection through the DNAT, a UDP datagram into zone 5, an ICMP echo, and a stray ACK. */
    void traffic() {
        ProcessBuilder server = new ProcessBuilder("ip", "netns", "exec", peer, PYTHON, "-c", String.join("\n",
                "import socket",
                "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "s.bind(('0.0.0.0', " + POD_PORT + ")); s.listen(); s.settimeout(10)",
                "print('ready', flush=True)",
                "c, _ = s.accept(); c.recv(10); c.sendall(b'ok'); c.close()"));
        server.redirectErrorStream(true);
        try {
            Process p = server.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (!"ready".equals(ready)) {
                throw new AssertionError("server in " + peer + " did not start: " + ready);
            }
            in(node, PYTHON, "-c", String.join("\n",
                    "import socket",
                    "s = socket.create_connection(('" + SERVICE_IP + "', " + SERVICE_PORT + "), timeout=5)",
                    "s.sendall(b'hi'); assert s.recv(10) == b'ok'; s.close()",
                    "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                    "u.sendto(b'x', ('" + PEER_IP + "', " + ZONED_UDP_PORT + "))",
                    "r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
                    "r.sendto(" + echoRequest() + ", ('" + PEER_IP + "', 0)); r.settimeout(5); r.recv(100)"));
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("server in " + peer + " did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        strayAck();
    }

    /** A bare ACK for no connection: with tcp_loose=0 conntrack counts it invalid. */
    void strayAck() {
        in(node, PYTHON, "-c", String.join("\n",
                "import socket, struct",
                "src, dst = socket.inet_aton('" + NODE_IP + "'), socket.inet_aton('" + PEER_IP + "')",
                "seg = struct.pack('!HHIIBBHHH', 40000, 81, 1, 1, 5 << 4, 0x10, 1024, 0, 0)",
                "b = src + dst + struct.pack('!BBH', 0, 6, len(seg)) + seg",
                "t = sum(struct.unpack('!%dH' % (len(b) // 2), b)); t = (t >> 16) + (t & 0xffff); t += t >> 16",
                "seg = seg[:16] + struct.pack('!H', ~t & 0xffff) + seg[18:]",
                "socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP).sendto(seg, ('" + PEER_IP
                        + "', 0))"));
    }

    /** An ICMP echo request (id 0x1234, seq 1) as Python bytes, checksum computed here. */
    private static String echoRequest() {
        byte[] b = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'h', 'o', 'p', 't', 'r', 'a', 'c', 'e'};
        int sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        sum = (sum >> 16) + (sum & 0xffff);
        sum = ~(sum + (sum >> 16)) & 0xffff;
        b[2] = (byte) (sum >> 8);
        b[3] = (byte) sum;
        StringBuilder sb = new StringBuilder("b'");
        for (byte x : b) {
            sb.append(String.format("\\x%02x", x & 0xff));
        }
        return sb.append('\'').toString();
    }

    /** Runs a command inside a namespace; its stdout (fails the test on a non-zero exit). */
    String in(String namespace, String... command) {
        return inBoth(namespace, command).stdout;
    }

    /** Runs a command inside a namespace; stdout and stderr. */
    Result inBoth(String namespace, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        c.addAll(List.of(command));
        Result r = exec(c);
        if (r.code != 0) {
            throw new AssertionError(String.join(" ", c) + " exited " + r.code + ": " + r.stderr);
        }
        return r;
    }

    private static void must(String... command) {
        Result r = exec(List.of(command));
        if (r.code != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.code + ": " + r.stderr);
        }
    }

    record Result(int code, String stdout, String stderr) {
    }

    static Result exec(List<String> command) {
        try {
            Path err = Files.createTempFile("hs-lab", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + command);
                }
                return new Result(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean isRoot() {
        Result r = exec(List.of("id", "-u"));
        return r.code == 0 && r.stdout.strip().equals("0");
    }

    @Override
    public void close() {
        for (String ns : created) {
            exec(List.of("ip", "netns", "del", ns));
        }
        created.clear();
    }
}
