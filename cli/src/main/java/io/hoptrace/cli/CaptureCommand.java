package io.hoptrace.cli;

import io.hoptrace.capture.live.CaptureException;
import io.hoptrace.capture.live.CaptureInterface;
import io.hoptrace.capture.live.CaptureListener;
import io.hoptrace.capture.live.CaptureOptions;
import io.hoptrace.capture.live.CaptureResult;
import io.hoptrace.capture.live.CaptureStats;
import io.hoptrace.capture.live.LiveCapture;
import io.hoptrace.capture.live.ShutdownStop;
import io.hoptrace.capture.snapshot.BundleCapture;
import io.hoptrace.capture.snapshot.K8sSnapshot;
import io.hoptrace.capture.snapshot.NodeSnapshot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoptrace capture}: tcpdump's options, pcapng out; the work is {@link LiveCapture}'s. */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = HoptraceCommand.Version.class,
        header = "Captures packets to pcapng files, with tcpdump's options.",
        description = {"Each interface gets its own interface description in the file (its name, and",
            "\"node=<node> iface=<name>\"), which Wireshark shows. Stop with Ctrl-C or SIGTERM:",
            "the queued packets are written and the counters are added to the file.", ""},
        footerHeading = "%nFile names (-w with -C, -G, -W):%n",
        footer = {"  -w cap.pcapng -C 100        cap.pcapng, cap1.pcapng, cap2.pcapng, ...",
            "  -w cap.pcapng -C 100 -W 5   cap0.pcapng ... cap4.pcapng, then cap0.pcapng",
            "                              again",
            "  -w cap-%%Y%%m%%d-%%H%%M.pcapng -G 1h -W 24",
            "                              hourly files named by their start (local",
            "                              time), newest 24 kept",
            "%nExit status:",
            "  0  done (also when stopped with Ctrl-C or SIGTERM, as tcpdump)",
            "  2  bad interface, filter or option; no privilege; libpcap missing;",
            "     -w not writable",
            "  3  the capture failed: full disk, every interface gone"})
final class CaptureCommand implements Callable<Integer> {
    private static final long STATUS_INTERVAL_MILLIS = 500;

    private final CliStreams io;

    CaptureCommand(CliStreams io) {
        this.io = io;
    }

    @Option(names = {"-D", "--list-interfaces"}, description = "List the interfaces and stop (tcpdump -D).")
    boolean listInterfaces;

    @Option(names = {"-i", "--interface"}, split = ",", paramLabel = "IFACE",
            description = "Interface to capture on: a name, a number from -D, or 'any' (the default). "
                    + "Repeat or separate with commas for several.")
    List<String> interfaces = new ArrayList<>();

    @Option(names = {"-w", "--write"}, paramLabel = "FILE", description = "The pcapng file to write.")
    Path output;

    @Option(names = {"-s", "--snapshot-length"}, paramLabel = "BYTES",
            description = "Bytes to keep of each packet (default and 0: ${DEFAULT-VALUE}).", defaultValue = "262144")
    int snapLength;

    @Option(names = "--headers-only", description = "Keep every header hoptrace decodes (through tunnels) and no "
            + "payload: for privacy.")
    boolean headersOnly;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N packets.")
    long count;

    @Option(names = "--duration", paramLabel = "TIME", description = "Stop after this long: 90, 90s, 15m, 2h.")
    String duration;

    @Option(names = {"-C", "--file-size"}, paramLabel = "SIZE",
            description = "Start a new file when this one is SIZE: millions of bytes as in tcpdump, or with k, m, g "
                    + "(KiB, MiB, GiB).")
    String fileSize;

    @Option(names = {"-G", "--rotate-seconds"}, paramLabel = "TIME",
            description = "Start a new file this often (seconds, or 30s, 15m, 1h); strftime conversions in -w "
                    + "name the files.")
    String rotateEvery;

    @Option(names = {"-W", "--file-count"}, paramLabel = "N",
            description = "Keep at most N files (with -C or -G): overwrite or delete the oldest.")
    int fileLimit;

    @Option(names = "--node", paramLabel = "NAME",
            description = "Node name for the interface descriptions (default: $NODE_NAME, else the host name).")
    String node;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "KiB",
            description = "libpcap's kernel buffer per interface, in KiB (default: ${DEFAULT-VALUE}).",
            defaultValue = "16384")
    int bufferKiB;

    @Option(names = "--queue-size", paramLabel = "MiB",
            description = "hoptrace's queue between capture and disk, in MiB (default: ${DEFAULT-VALUE}).",
            defaultValue = "64")
    int queueMiB;

    @Option(names = {"-p", "--no-promiscuous-mode"}, description = "Do not put the interfaces in promiscuous mode.")
    boolean noPromiscuous;

    @Option(names = "--immediate-mode", description = "Hand over each packet at once (more CPU; default: batches).")
    boolean immediate;

    @Option(names = {"-Q", "--direction"}, paramLabel = "in|out|inout", description = "Direction to capture.")
    String direction = "inout";

    @Option(names = "--bundle", paramLabel = "DIR", description = {"Write a bundle instead of one file: the node's "
            + "state (iptables, conntrack, sysctl, ip) at start and at end, k8s.json when a kubeconfig is found, the "
            + "capture in nodes/<node>/capture.pcapng, and manifest.json (see docs/BUNDLE.md)."})
    Path bundle;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "With --bundle: the kubeconfig for k8s.json "
            + "(default: $KUBECONFIG, then ~/.kube/config, as kubectl).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "With --bundle: the kubeconfig context.")
    String context;

    @Option(names = "--no-k8s", description = "With --bundle: take no k8s.json.")
    boolean noK8s;

    @Parameters(paramLabel = "FILTER", description = "BPF filter expression (pcap-filter(7)), as with tcpdump.")
    List<String> filter = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = io.err();
        try {
            if (listInterfaces) {
                PrintWriter out = io.out();
                for (CaptureInterface i : LiveCapture.interfaces()) {
                    out.println(i);
                }
                out.flush();
                return ExitCode.OK;
            }
            return bundle != null ? captureBundle(err) : capture(options(), err);
        } catch (CaptureException e) {
            err.println("hoptrace: " + e.getMessage());
            err.flush();
            return ExitCode.BAD_INPUT; // start() found the request wrong before capturing anything
        } catch (IllegalArgumentException e) {
            err.println("hoptrace capture: " + e.getMessage());
            err.flush();
            return ExitCode.BAD_INPUT;
        }
    }

    CaptureOptions options() {
        if (output == null) {
            throw new IllegalArgumentException("-w FILE is required: hoptrace writes pcapng (read it with "
                    + "'hoptrace decode FILE' or Wireshark)");
        }
        CaptureOptions.Builder b = CaptureOptions.builder(output)
                .interfaces(interfaces.isEmpty() ? List.of("any") : interfaces)
                .filter(String.join(" ", filter))
                .snapLength(snapLength == 0 ? CaptureOptions.DEFAULT_SNAPLEN : snapLength)
                .headersOnly(headersOnly)
                .count(count)
                .duration(duration != null ? parseDuration("--duration", duration) : null)
                .rotateEvery(rotateEvery != null ? parseDuration("-G", rotateEvery) : null)
                .rotateBytes(fileSize != null ? parseSize(fileSize) : 0)
                .fileLimit(fileLimit)
                .bufferBytes(Math.multiplyExact(bufferKiB, 1024))
                .queueBytes(Math.multiplyExact(queueMiB, 1 << 20))
                .promiscuous(!noPromiscuous)
                .immediate(immediate)
                .direction(direction(direction));
        if (node != null) {
            b.node(node);
        }
        return b.build();
    }

    private int capture(CaptureOptions options, PrintWriter err) throws CaptureException, InterruptedException {
        LiveCapture capture = LiveCapture.start(options, CaptureListener.NONE);
        try (ShutdownStop onShutdown = capture.stopOnShutdown(Duration.ofSeconds(10));
             StopOnSignal onCtrlC = new StopOnSignal(capture::stop)) {
            return runToEnd(capture, options, err);
        }
    }

    /**
     * Snapshot, capture, snapshot. The signal hook is released only after the end snapshot and the manifest are
     * written, so Ctrl-C or SIGTERM still leaves a complete bundle.
     */
    private int captureBundle(PrintWriter err) throws CaptureException, InterruptedException {
        if (output != null) {
            throw new IllegalArgumentException("--bundle writes nodes/<node>/" + BundleCapture.CAPTURE_FILE
                    + " itself: leave out -w");
        }
        if (rotateEvery != null || fileSize != null || fileLimit != 0) {
            throw new IllegalArgumentException("--bundle keeps one capture file: leave out -C, -G and -W");
        }
        String nodeName = node != null ? node : NodeSnapshot.defaultNodeName();
        node = nodeName;
        K8sSnapshot k8s = noK8s ? null : K8sSnapshot.fromKubeconfig(kubeconfig, context);
        BundleCapture bundleCapture = new BundleCapture(bundle, new NodeSnapshot(NodeSnapshot.Options.of(nodeName)), k8s);
        ShutdownStop[] onSignal = new ShutdownStop[1];
        StopOnSignal[] onCtrlC = new StopOnSignal[1];
        int[] status = {ExitCode.OK};
        err.println("hoptrace: bundle " + bundle + ": node state at start...");
        err.flush();
        try {
            bundleCapture.run(pcapng -> {
                output = pcapng;
                CaptureOptions options = options();
                LiveCapture capture = LiveCapture.start(options, CaptureListener.NONE);
                onSignal[0] = capture.stopOnShutdown(Duration.ofSeconds(30));
                onCtrlC[0] = new StopOnSignal(capture::stop);
                status[0] = runToEnd(capture, options, err);
                err.println("hoptrace: bundle " + bundle + ": node state at end...");
                err.flush();
                return Map.of("packets_captured", capture.stats().interfaces().stream()
                        .mapToLong(CaptureStats.Interface::captured).sum(), "exit_status", status[0]);
            }, "hoptrace capture --bundle " + bundle + " -i " + String.join(",", interfaces.isEmpty() ? List.of("any")
                    : interfaces) + (filter.isEmpty() ? "" : " " + String.join(" ", filter)));
        } catch (CaptureException | IllegalArgumentException | InterruptedException e) {
            throw e; // a wrong request or a stop: call() reports it as for a plain capture
        } catch (Exception e) {
            err.println("hoptrace: bundle " + bundle + ": " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        } finally {
            if (onCtrlC[0] != null) {
                onCtrlC[0].close();
            }
            if (onSignal[0] != null) {
                onSignal[0].close();
            }
        }
        err.println("hoptrace: bundle written to " + bundle + " (read it with 'hoptrace analyze " + bundle + "')");
        err.flush();
        return status[0];
    }

    private int runToEnd(LiveCapture capture, CaptureOptions options, PrintWriter err) throws InterruptedException {
        StatusLine status = new StatusLine(err, io.stderrTerminal());
        {
            for (CaptureStats.Interface i : capture.stats().interfaces()) {
                err.println("hoptrace: listening on " + i.name() + ", link-type " + linkTypeName(i.linkType())
                        + ", snapshot length " + options.kernelSnapLength() + " bytes");
            }
            err.println("hoptrace: writing " + capture.currentFile());
            err.flush();
            CaptureResult result;
            while ((result = capture.awaitResult(Duration.ofMillis(STATUS_INTERVAL_MILLIS))) == null) {
                status.show(capture.stats());
            }
            status.clear();
            for (String w : result.warnings()) {
                err.println("hoptrace: warning: " + w);
            }
            result.stats().report().forEach(err::println);
            if (result.error() != null) {
                err.println("hoptrace: " + result.error().getMessage());
            }
            err.flush();
            return result.error() == null ? ExitCode.OK : ExitCode.ERROR;
        }
    }

    private static CaptureOptions.Direction direction(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "in" -> CaptureOptions.Direction.IN;
            case "out" -> CaptureOptions.Direction.OUT;
            case "inout" -> CaptureOptions.Direction.INOUT;
            default -> throw new IllegalArgumentException("-Q takes in, out or inout, not '" + text + "'");
        };
    }

    static String linkTypeName(int dlt) {
        return switch (dlt) {
            case 1 -> "EN10MB (Ethernet)";
            case 113 -> "LINUX_SLL (Linux cooked v1)";
            case 276 -> "LINUX_SLL2 (Linux cooked v2)";
            case 12 -> "RAW (Raw IP)";
            default -> "DLT " + dlt;
        };
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg])?", Pattern.CASE_INSENSITIVE);

    /** Seconds as tcpdump takes them, or a number with ms, s, m or h. */
    static Duration parseDuration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " takes seconds or a time like 500ms, 30s, 15m, 2h, not '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException(option + " must be more than 0");
        }
        return d;
    }

    /** tcpdump's -C: a plain number counts millions of bytes; k, m and g are KiB, MiB and GiB. */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("-C takes a size like 100 (millions of bytes), 512k, 100m or 2g, not '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n * 1_000_000L;
        };
        if (bytes <= 0) {
            throw new IllegalArgumentException("-C must be more than 0");
        }
        return bytes;
    }

    /** A status line on stderr, redrawn in place twice a second, only when stderr is a terminal. */
    static final class StatusLine {
        private final PrintWriter err;
        private final boolean enabled;
        private long lastWritten = -1;
        private long lastNanos;
        private boolean shown;

        StatusLine(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        void show(CaptureStats s) {
            long now = System.nanoTime();
            if (lastWritten >= 0 && enabled) {
                double seconds = (now - lastNanos) / 1e9;
                long pps = Math.round((s.written() - lastWritten) / seconds);
                err.print("\r\033[K" + s.written() + " packets captured, " + pps + " packets/s, " + s.drops()
                        + " dropped");
                err.flush();
                shown = true;
            }
            lastWritten = s.written();
            lastNanos = now;
        }

        void clear() {
            if (shown) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
