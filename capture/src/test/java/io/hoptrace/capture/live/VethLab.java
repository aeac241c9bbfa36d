package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair whose peer lives in a network namespace of its own: the capture runs on the root end ({@link #host}),
 * traffic comes from the namespace ({@code ip netns exec}). A JVM cannot move one thread into another namespace, so
 * the capturing end stays here. Names carry a random suffix; {@link #close} removes everything. Needs root.
 */
public final class VethLab implements AutoCloseable {
    public static final String PYTHON = "/usr/bin/python3";

    public final String host;
    public final String peer;
    public final String namespace;
    public final String hostAddress;
    public final String peerAddress;
    private final Path traffic;

    private VethLab(String suffix, int subnet, Path traffic) {
        this.host = "hth" + suffix;
        this.peer = "htp" + suffix;
        this.namespace = "hoptrace-test-" + suffix;
        this.hostAddress = "10.214." + subnet + ".1";
        this.peerAddress = "10.214." + subnet + ".2";
        this.traffic = traffic;
    }

    /** Skips the calling test unless it runs as root with ip and python3 at hand. */
    public static void assumeRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "live capture tests need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "iproute2 (ip) is not installed");
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed");
    }

    /**
     * A 10.214.N.0/24 no interface of this namespace uses yet: two labs on one subnet (two in one test, or the
     * same tests running elsewhere on the machine) would send one lab's replies out of the other's veth.
     */
    private static synchronized int freeSubnet(ThreadLocalRandom random) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 64; attempt++) {
            int n = random.nextInt(1, 255);
            if (run("ip", "-o", "-4", "addr", "show", "to", "10.214." + n + ".0/24").isBlank()) {
                return n;
            }
        }
        throw new IllegalStateException("no free 10.214.N.0/24 subnet for a test veth");
    }

    public static VethLab create(Path scratch) throws IOException, InterruptedException {
        assumeRoot();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String suffix = Integer.toString(random.nextInt(1 << 20, 1 << 24), 36);
        Path script = scratch.resolve("traffic.py");
        if (!Files.exists(script)) {
            try (InputStream in = VethLab.class.getResourceAsStream("traffic.py")) {
                Files.copy(in, script);
            }
        }
        VethLab lab = new VethLab(suffix, freeSubnet(random), script);
        try {
            run("ip", "netns", "add", lab.namespace);
            run("ip", "link", "add", lab.host, "type", "veth", "peer", "name", lab.peer);
            run("ip", "link", "set", lab.peer, "netns", lab.namespace);
            run("ip", "addr", "add", lab.hostAddress + "/24", "dev", lab.host);
            run("ip", "link", "set", lab.host, "up");
            lab.inside("ip", "addr", "add", lab.peerAddress + "/24", "dev", lab.peer);
            lab.inside("ip", "link", "set", lab.peer, "up");
            lab.inside("ip", "link", "set", "lo", "up");
            // resolve the neighbours now, so that the test traffic is not preceded by ARP
            lab.inside("ip", "neigh", "replace", lab.hostAddress, "lladdr", lab.mac(lab.host, false), "dev",
                    lab.peer);
            run("ip", "neigh", "replace", lab.peerAddress, "lladdr", lab.mac(lab.peer, true), "dev", lab.host);
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private String mac(String device, boolean inNamespace) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (inNamespace) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of("cat", "/sys/class/net/" + device + "/address"));
        return run(command.toArray(String[]::new)).trim();
    }

    /** Runs a command inside the namespace and returns its output. */
    public String inside(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** {@code count} echo requests with id {@code ident} from the namespace to the host end; it answers each. */
    public void ping(int ident, int count, int payloadBytes, double intervalSeconds) throws IOException, InterruptedException {
        inside(PYTHON, traffic.toString(), "ping", hostAddress, Integer.toString(ident), Integer.toString(count),
                Integer.toString(payloadBytes), Double.toString(intervalSeconds));
    }

    /** Starts sending UDP datagrams to the host end for {@code seconds}, in the background. */
    public Process udpFor(int port, int payloadBytes, double seconds) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", namespace, PYTHON, traffic.toString(), "udp-for",
                hostAddress, Integer.toString(port), Integer.toString(payloadBytes), Double.toString(seconds))
                .redirectErrorStream(true).start();
    }

    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    @Override
    public void close() {
        quietly("ip", "link", "del", host); // takes the peer with it
        quietly("ip", "netns", "del", namespace);
    }

    private static void quietly(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
