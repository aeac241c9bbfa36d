package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    public static final String CONNTRACK_STATS = "conntrack-stats.txt";
    public static final String SYSCTL = "sysctl.txt";
    public static final String IP_LINK = "ip-link.json";
    public static final String IP_ADDR = "ip-addr.json";
    public static final String IP_ROUTE = "ip-route.json";
    public static final String IP_ROUTE_ALL = "ip-route-all.json";
    public static final String IP_RULE = "ip-rule.json";

    /** The line before each {@code conntrack -S} sample; the decoders' stats parser reads it. */
    public static final String TIME_LINE = "# time: ";

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

    /** One way to get a file: a command's stdout, or a kernel file copied as it is. */
    private record Source(List<String> argv, String kernelFile) {
        static Source command(String... argv) {
            return new Source(List.of(argv), null);
        }

        static Source file(String path) {
            return new Source(null, path);
        }
    }

    private final Options options;
    private final NodeCommands commands;
    private final Clock clock;

    public NodeSnapshot(Options options) {
        this(options, Clock.systemUTC());
    }

    NodeSnapshot(Options options, Clock clock) {
        this.options = options;
        this.commands = new NodeCommands(options.netns(), options.searchPath(), options.timeout());
        this.clock = clock;
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
        List<BundleFile> files = new ArrayList<>();
        files.addAll(iptables(dir, phase));
        files.add(collect(IP6TABLES, dir, phase, Source.command("ip6tables-save", "-c")));
        files.add(collect(IPVSADM, dir, phase, Source.command("ipvsadm-save", "-n"),
                Source.command("ipvsadm", "-Ln")));
        files.add(collect(CONNTRACK, dir, phase, Source.command("conntrack", "-L"),
                Source.file("/proc/net/nf_conntrack")));
        files.add(conntrackStats(dir, phase));
        files.add(sysctls(dir, phase));
        files.add(collect(IP_LINK, dir, phase, Source.command("ip", "-j", "-d", "link")));
        files.add(collect(IP_ADDR, dir, phase, Source.command("ip", "-j", "addr")));
        files.add(collect(IP_ROUTE, dir, phase, Source.command("ip", "-j", "route")));
        files.add(collect(IP_ROUTE_ALL, dir, phase, Source.command("ip", "-j", "route", "show", "table", "all")));
        files.add(collect(IP_RULE, dir, phase, Source.command("ip", "-j", "rule")));
        return files;
    }

    /**
     * {@code iptables-save -c} (whichever variant the node's default is), recording the variant; the other
     * variant's tables too when they hold rules, since kube-proxy and the host can disagree on the variant and
     * then half the rules are invisible to the default tool.
     */
    private List<BundleFile> iptables(Path dir, SnapshotPhase phase) {
        List<BundleFile> out = new ArrayList<>();
        BundleFile main = collect(IPTABLES, dir, phase, Source.command("iptables-save", "-c"));
        if (!main.ok()) {
            out.add(main);
            return out;
        }
        NodeCommands.Output version = commands.output(List.of("iptables-save", "--version"), dir, 0);
        String variant = version.stdout().contains("nf_tables") ? "nf_tables" : "legacy";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("variant", variant);
        String otherVariant = variant.equals("nf_tables") ? "legacy" : "nf_tables";
        String otherCommand = variant.equals("nf_tables") ? "iptables-legacy-save" : "iptables-nft-save";
        String otherName = otherCommand + ".txt";
        BundleFile other = collect(otherName, dir, phase, Source.command(otherCommand, "-c"));
        if (other.ok() && holdsRules(dir.resolve(otherName))) {
            out.add(main.withDetails(Map.of("variant", variant, "otherVariant", otherVariant + ": rules in "
                    + otherName)));
            out.add(other.withDetails(Map.of("variant", otherVariant)));
            return out;
        }
        deleteQuietly(dir.resolve(otherName));
        details.put("otherVariant", otherVariant + ": " + (other.ok() ? "no rules" : other.reason()));
        out.add(main.withDetails(details));
        return out;
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

    /** Tries each source in order until one produces the file. */
    private BundleFile collect(String name, Path dir, SnapshotPhase phase, Source... sources) {
        Path target = dir.resolve(name);
        deleteQuietly(target); // a file left from an earlier snapshot must not pass for this one
        List<Attempt> failed = new ArrayList<>();
        List<NodeCommands.Run> runs = new ArrayList<>();
        Instant taken = now();
        for (Source s : sources) {
            taken = now();
            NodeCommands.Run r = s.argv() != null ? commands.run(s.argv(), target) : commands.copy(s.kernelFile(),
                    target);
            if (r.ok()) {
                return entry(name, phase, r, taken, failed, Map.of());
            }
            failed.add(r.attempt());
            runs.add(r);
        }
        return notWritten(name, phase, runs, failed, taken);
    }

    /** Several samples of conntrack's per-CPU counters, each after a time line, so rules see what grew. */
    private BundleFile conntrackStats(Path dir, SnapshotPhase phase) {
        Path target = dir.resolve(CONNTRACK_STATS);
        deleteQuietly(target);
        Path part = dir.resolve(".conntrack-stats.sample");
        Path all = dir.resolve(".conntrack-stats.part");
        List<Source> sources = List.of(Source.command("conntrack", "-S"),
                Source.file("/proc/net/stat/nf_conntrack"));
        List<Attempt> failed = new ArrayList<>();
        List<NodeCommands.Run> runs = new ArrayList<>();
        Instant first = now();
        try {
            for (Source s : sources) {
                int taken = 0;
                NodeCommands.Run last = null;
                String stoppedBecause = null;
                long t0 = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(all)) {
                    for (int i = 0; i < options.samples(); i++) {
                        if (i > 0 && !sleep(options.interval())) {
                            stoppedBecause = "interrupted";
                            break;
                        }
                        Instant t = now();
                        if (i == 0) {
                            first = t;
                        }
                        NodeCommands.Run r = s.argv() != null ? commands.run(s.argv(), part)
                                : commands.copy(s.kernelFile(), part);
                        if (!r.ok()) {
                            if (i == 0) {
                                last = r;
                            } else {
                                stoppedBecause = r.reason();
                            }
                            break;
                        }
                        last = r;
                        out.write((TIME_LINE + t + "\n").getBytes(StandardCharsets.US_ASCII));
                        Files.copy(part, out);
                        taken++;
                    }
                }
                if (taken > 0) {
                    Files.move(all, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("samples", taken);
                    details.put("intervalMillis", options.interval().toMillis());
                    if (stoppedBecause != null) {
                        details.put("stopped", stoppedBecause);
                    }
                    NodeCommands.Run whole = new NodeCommands.Run(last.command(), FileStatus.OK, null,
                            last.exitStatus(), (System.nanoTime() - t0) / 1_000_000, "");
                    return entry(CONNTRACK_STATS, phase, whole, first, failed, details);
                }
                failed.add(last.attempt());
                runs.add(last);
            }
        } catch (IOException e) {
            NodeCommands.Run r = new NodeCommands.Run("conntrack -S", FileStatus.FAILED,
                    "failed: " + NodeCommands.firstLine(e.toString()), null, 0, "");
            failed.add(r.attempt());
            runs.add(r);
        } finally {
            deleteQuietly(part);
            deleteQuietly(all);
        }
        return notWritten(CONNTRACK_STATS, phase, runs, failed, first);
    }

    /** The relevant settings as {@code key = value} lines (sysctl's own format), or {@code sysctl -a}. */
    private BundleFile sysctls(Path dir, SnapshotPhase phase) {
        Path target = dir.resolve(SYSCTL);
        deleteQuietly(target);
        List<Attempt> failed = new ArrayList<>();
        if (options.allSysctls()) {
            // sysctl -a exits non-zero when a few keys are unreadable (stable_secret); the rest is still good
            Instant t = now();
            NodeCommands.Run r = commands.run(List.of("sysctl", "-a"), target, 255);
            if (r.ok() && size(target) > 0) {
                return entry(SYSCTL, phase, r, t, failed, Map.of());
            }
            deleteQuietly(target);
            failed.add(r.ok() ? new Attempt(r.command(), r.exitStatus(), "failed: no output") : r.attempt());
        }
        Instant t = now();
        long t0 = System.nanoTime();
        List<String> keys = SysctlKeys.keys(commands.list(SysctlKeys.INTERFACE_DIR, dir));
        List<String> paths = keys.stream().map(SysctlKeys::file).toList();
        Map<String, String> values = commands.readKernelValues(paths, dir);
        StringBuilder text = new StringBuilder();
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String v = values.get(paths.get(i));
            if (v == null) {
                absent.add(keys.get(i));
            } else {
                text.append(keys.get(i)).append(" = ").append(v).append('\n');
            }
        }
        String command = commands.netns() == null ? "read /proc/sys (" + keys.size() + " keys)"
                : commands.display(List.of("grep", "-s", "-H", "''", "/proc/sys/... (" + keys.size() + " keys)"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (values.isEmpty()) {
            NodeCommands.Run r = new NodeCommands.Run(command, FileStatus.MISSING,
                    "missing: none of " + keys.size() + " settings could be read", null, ms, "");
            failed.add(r.attempt());
            return notWritten(SYSCTL, phase, List.of(r), failed, t);
        }
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            NodeCommands.Run r = new NodeCommands.Run(command, FileStatus.FAILED,
                    "failed: " + NodeCommands.firstLine(e.toString()), null, ms, "");
            failed.add(r.attempt());
            return notWritten(SYSCTL, phase, List.of(r), failed, t);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keys", keys.size() - absent.size());
        if (!absent.isEmpty()) {
            details.put("absentKeys", absent); // e.g. bridge-nf-call-* absent: br_netfilter is not loaded
        }
        NodeCommands.Run r = new NodeCommands.Run(command, FileStatus.OK, null, null, ms, "");
        return entry(SYSCTL, phase, r, t, failed, details);
    }

    private BundleFile entry(String name, SnapshotPhase phase, NodeCommands.Run r, Instant taken,
            List<Attempt> failed, Map<String, Object> details) {
        return new BundleFile(phase.nodeFile(node(), name), node(), phase.label(), FileStatus.OK, null,
                r.command(), r.exitStatus(), r.durationMillis(), taken, failed, details);
    }

    /**
     * An entry for a file no source produced: failed if any source failed (something is there but broken,
     * which says more than a fallback's absence), else missing; the reason and command are that source's.
     */
    private BundleFile notWritten(String name, SnapshotPhase phase, List<NodeCommands.Run> runs,
            List<Attempt> failed, Instant taken) {
        NodeCommands.Run shown = runs.stream().filter(r -> r.status() == FileStatus.FAILED).findFirst()
                .orElse(runs.get(0));
        long ms = runs.stream().mapToLong(NodeCommands.Run::durationMillis).sum();
        return new BundleFile(phase.nodeFile(node(), name), node(), phase.label(), shown.status(), shown.reason(),
                shown.command(), shown.exitStatus(), ms, taken, failed, Map.of());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left as it is; the manifest says what this snapshot wrote
        }
    }
}
