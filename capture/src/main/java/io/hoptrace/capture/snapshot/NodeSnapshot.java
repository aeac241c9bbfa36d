package io.hoptrace.capture.snapshot;

import io.hoptrace.capture.snapshot.NodeFiles.Source;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes one node's kernel network state into {@code nodes/<node>/} of a bundle: iptables rules with counters,
 * IPVS, the conntrack table and its statistics (several samples), kernel settings and {@code ip -j} link, address,
 * route and rule dumps. Every file is optional: a command that is missing, fails or hangs is recorded in the
 * returned entries and the rest is still written. File names and sources are listed in docs/BUNDLE.md.
 */
public final class NodeSnapshot {
    public static final int DEFAULT_SAMPLES = 3;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public static final String IPTABLES = "iptables-save.txt";
    public static final String IP6TABLES = "ip6tables-save.txt";
    public static final String IPVSADM = "ipvsadm.txt";
    public static final String CONNTRACK = "conntrack.txt";
    public static final String CONNTRACK_STATS = ConntrackStatsFile.NAME;
    public static final String SYSCTL = SysctlFile.NAME;
    public static final String IP_LINK = "ip-link.json";
    public static final String IP_ADDR = "ip-addr.json";
    public static final String IP_ROUTE = "ip-route.json";
    public static final String IP_ROUTE_ALL = "ip-route-all.json";
    public static final String IP_RULE = "ip-rule.json";

    /** The line before each {@code conntrack -S} sample; the decoders' stats parser reads it. */
    public static final String TIME_LINE = ConntrackStatsFile.TIME_LINE;

    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern COUNTED_RULE = Pattern.compile("^\\[\\d+:\\d+\\] -A .*");

    /**
     * What to snapshot and how.
     *
     * @param node the node's name: the folder under nodes/
     * @param netns run everything inside this network namespace ({@code ip netns exec}); null for the host's
     * @param samples how many {@code conntrack -S} samples
     * @param interval time between samples
     * @param allSysctls {@code sysctl -a} instead of the relevant keys
     * @param timeout how long one command may run
     * @param searchPath PATH for finding and running the commands
     */
    public record Options(String node, String netns, int samples, Duration interval, boolean allSysctls,
            Duration timeout, String searchPath) {
        public Options {
            Objects.requireNonNull(node, "node");
            if (!NODE_NAME.matcher(node).matches()) {
                throw new IllegalArgumentException("node name " + node + " is not usable as a folder name");
            }
            if (netns != null && !NODE_NAME.matcher(netns).matches()) {
                throw new IllegalArgumentException("bad network namespace name " + netns);
            }
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be at least 1, not " + samples);
            }
            if (interval.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("interval and timeout must not be negative");
            }
            Objects.requireNonNull(searchPath, "searchPath");
        }

        /** Defaults: the host's namespace, 3 samples 1 s apart, relevant sysctls, 30 s per command. */
        public static Options of(String node) {
            return new Options(node, null, DEFAULT_SAMPLES, DEFAULT_INTERVAL, false, DEFAULT_TIMEOUT,
                    NodeCommands.defaultSearchPath());
        }

        public Options withNetns(String ns) {
            return new Options(node, ns, samples, interval, allSysctls, timeout, searchPath);
        }

        public Options withSamples(int n, Duration every) {
            return new Options(node, netns, n, every, allSysctls, timeout, searchPath);
        }

        public Options withAllSysctls(boolean all) {
            return new Options(node, netns, samples, interval, all, timeout, searchPath);
        }

        public Options withTimeout(Duration t) {
            return new Options(node, netns, samples, interval, allSysctls, t, searchPath);
        }

        public Options withSearchPath(String path) {
            return new Options(node, netns, samples, interval, allSysctls, timeout, path);
        }
    }

    private final Options options;
    private final NodeCommands commands;
    private final NodeFiles files;

    public NodeSnapshot(Options options) {
        this(options, Clock.systemUTC());
    }

    NodeSnapshot(Options options, Clock clock) {
        this.options = options;
        this.commands = new NodeCommands(options.netns(), options.searchPath(), options.timeout());
        this.files = new NodeFiles(options.node(), commands, clock);
    }

    public String node() {
        return options.node();
    }

    public Options options() {
        return options;
    }

    /**
     * The node name to use when none is given: {@code $NODE_NAME} (what a DaemonSet sets from
     * {@code spec.nodeName}), else the host name.
     */
    public static String defaultNodeName() {
        String env = System.getenv("NODE_NAME");
        if (env != null && NODE_NAME.matcher(env).matches()) {
            return env;
        }
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (NODE_NAME.matcher(h).matches()) {
                return h;
            }
        } catch (IOException e) {
            // not Linux, or no procfs: ask Java
        }
        try {
            String h = InetAddress.getLocalHost().getHostName();
            if (NODE_NAME.matcher(h).matches()) {
                return h;
            }
        } catch (IOException e) {
            // no usable host name
        }
        return "localhost";
    }

    /**
     * Writes the node files for one phase and returns one entry per file (written or not).
     *
     * @throws IOException only when the node folder cannot be created
     */
    public List<BundleFile> write(Path bundleRoot, SnapshotPhase phase) throws IOException {
        String folder = phase.nodeFile(node(), "");
        Path dir = bundleRoot.resolve(folder);
        Files.createDirectories(dir);
        List<BundleFile> out = new ArrayList<>();
        out.addAll(iptables(dir, phase));
        out.add(files.collect(IP6TABLES, dir, phase, Source.command("ip6tables-save", "-c")));
        out.add(files.collect(IPVSADM, dir, phase, Source.command("ipvsadm-save", "-n"),
                Source.command("ipvsadm", "-Ln")));
        out.add(files.collect(CONNTRACK, dir, phase, Source.command("conntrack", "-L"),
                Source.file("/proc/net/nf_conntrack")));
        out.add(ConntrackStatsFile.write(files, dir, phase, options.samples(), options.interval()));
        out.add(SysctlFile.write(files, dir, phase, options.allSysctls()));
        out.add(files.collect(IP_LINK, dir, phase, Source.command("ip", "-j", "-d", "link")));
        out.add(files.collect(IP_ADDR, dir, phase, Source.command("ip", "-j", "addr")));
        out.add(files.collect(IP_ROUTE, dir, phase, Source.command("ip", "-j", "route")));
        out.add(files.collect(IP_ROUTE_ALL, dir, phase, Source.command("ip", "-j", "route", "show", "table", "all")));
        out.add(files.collect(IP_RULE, dir, phase, Source.command("ip", "-j", "rule")));
        return out;
    }

    /**
     * {@code iptables-save -c} (whichever variant the node's default is), recording the variant; the other
     * variant's tables too when they hold rules, since kube-proxy and the host can disagree on the variant and
     * then half the rules are invisible to the default tool.
     */
    private List<BundleFile> iptables(Path dir, SnapshotPhase phase) {
        List<BundleFile> out = new ArrayList<>();
        BundleFile main = files.collect(IPTABLES, dir, phase, Source.command("iptables-save", "-c"));
        if (!main.ok()) {
            out.add(main);
            return out;
        }
        NodeCommands.Output version = commands.output(List.of("iptables-save", "--version"), dir, 0);
        String variant = version.stdout().contains("nf_tables") ? "nf_tables" : "legacy";
        String otherVariant = variant.equals("nf_tables") ? "legacy" : "nf_tables";
        String otherCommand = variant.equals("nf_tables") ? "iptables-legacy-save" : "iptables-nft-save";
        String otherName = otherCommand + ".txt";
        BundleFile other = files.collect(otherName, dir, phase, Source.command(otherCommand, "-c"));
        if (other.ok() && holdsRules(dir.resolve(otherName))) {
            out.add(main.withDetails(variants(variant, otherVariant + ": rules in " + otherName)));
            out.add(other.withDetails(Map.of("variant", otherVariant)));
            return out;
        }
        NodeFiles.deleteQuietly(dir.resolve(otherName));
        out.add(main.withDetails(variants(variant, otherVariant + ": " + (other.ok() ? "no rules" : other.reason()))));
        return out;
    }

    private static Map<String, Object> variants(String variant, String other) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("variant", variant);
        d.put("otherVariant", other);
        return d;
    }

    /** Whether iptables-save output has anything beyond empty built-in chains that accept everything. */
    static boolean holdsRules(Path saved) {
        try {
            for (String line : Files.readAllLines(saved, StandardCharsets.UTF_8)) {
                if (line.startsWith("-A ") || COUNTED_RULE.matcher(line).matches()) {
                    return true;
                }
                if (line.startsWith(":") && !line.matches("^:\\S+ ACCEPT .*")) {
                    return true; // a chain of our own, or a built-in with a DROP policy
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
