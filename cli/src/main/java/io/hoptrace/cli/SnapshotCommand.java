package io.hoptrace.cli;

import io.hoptrace.capture.snapshot.BundleFile;
import io.hoptrace.capture.snapshot.BundleSnapshot;
import io.hoptrace.capture.snapshot.K8sSnapshot;
import io.hoptrace.capture.snapshot.NodeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoptrace snapshot}: the node's network state and the cluster's objects into a bundle folder. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Writes this node's network state and the cluster's objects into a bundle folder.",
                "",
                "Node: iptables-save -c, ipvsadm, conntrack -L and -S (several samples), sysctls, ip -j"
                        + " link/addr/route/rule. Cluster (k8s.json): Pods, Services, EndpointSlices, Nodes,"
                        + " NetworkPolicies; never Secrets or kubeconfig content. What cannot be collected is"
                        + " recorded in manifest.json, never fatal (docs/BUNDLE.md).",
                "",
                "Lists every file on stderr and prints the bundle folder on stdout."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the bundle was written (files that could not be collected are in manifest.json)",
                "2:bad usage (an unknown option, a --netns that does not exist)",
                "3:the bundle folder could not be written"})
public final class SnapshotCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Bundle folder; an existing bundle is added to (default: hoptrace-<node>-<UTC time>).")
    Path output;

    @Option(names = "--node", paramLabel = "NAME",
            description = "Node name: the folder under nodes/ (default: $NODE_NAME, else the host name).")
    String node;

    @Option(names = "--netns", paramLabel = "NAME",
            description = "Take the state of this network namespace (ip netns exec), not the host's.")
    String netns;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the pod's service account).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--no-k8s", description = "Do not write k8s.json.")
    boolean noK8s;

    @Option(names = "--no-node", description = "Do not take this node's state (k8s.json only).")
    boolean noNode;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3",
            description = "conntrack -S samples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "Seconds between conntrack -S samples (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--all-sysctls", description = "sysctl -a instead of the settings hoptrace reads.")
    boolean allSysctls;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long one node command may run (default: ${DEFAULT-VALUE}).")
    double timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (noK8s && (kubeconfig != null || context != null)) {
            return usage(err, "--no-k8s cannot be combined with --kubeconfig or --context");
        }
        if (samples < 1 || interval < 0 || timeout <= 0) {
            return usage(err, "--samples must be at least 1, --interval not negative and --timeout positive");
        }
        if (netns != null && !noNode && !Files.exists(Path.of("/run/netns", netns))
                && !Files.exists(Path.of("/var/run/netns", netns))) {
            // otherwise every command would fail alike, each saying so at length
            return usage(err, "no network namespace " + netns + " (see ip netns list)");
        }
        if (output != null && Files.exists(output) && !Files.isDirectory(output)) {
            return usage(err, "-o " + output + ": Not a directory (a bundle is a folder)");
        }
        NodeSnapshot nodeSnapshot = null;
        String nodeName = node != null ? node : NodeSnapshot.defaultNodeName();
        try {
            if (!noNode) {
                nodeSnapshot = new NodeSnapshot(NodeSnapshot.Options.of(nodeName).withNetns(netns)
                        .withSamples(samples, seconds(interval)).withAllSysctls(allSysctls)
                        .withTimeout(seconds(timeout)));
            }
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        K8sSnapshot k8s = noK8s ? null : K8sSnapshot.fromKubeconfig(kubeconfig, context);
        Path root = output != null ? output : Path.of("hoptrace-" + nodeName + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)));
        BundleSnapshot.Result result;
        try {
            result = BundleSnapshot.take(root, nodeSnapshot, k8s);
        } catch (IOException e) {
            err.println("hoptrace: cannot write the bundle " + root + ": " + IoText.reason(root, e));
            err.flush();
            return ExitCode.ERROR;
        }
        for (BundleFile f : result.files()) {
            err.println(describe(f));
        }
        err.flush();
        out.println(root);
        out.flush();
        return ExitCode.OK;
    }

    /** One line per file: what was written from where, or why it is not there. */
    static String describe(BundleFile f) {
        return switch (f.status()) {
            case OK -> String.format("wrote   %-36s %s, %d ms", f.path(), f.command(), f.durationMillis());
            case MISSING -> String.format("missing %-36s %s", f.path(), f.reason().substring("missing: ".length()));
            case FAILED -> String.format("failed  %-36s %s", f.path(), f.reason().substring("failed: ".length()));
        };
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private int usage(PrintWriter err, String message) {
        err.println("hoptrace snapshot: " + message);
        err.println("Try 'hoptrace snapshot --help' for more information.");
        err.flush();
        return ExitCode.BAD_INPUT;
    }
}
