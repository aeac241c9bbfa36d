package io.hoptrace.cli;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.model.RecentFiles;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoptrace gui [BUNDLE | FILE...]}: the desktop window, with the capture files read through capture/. */
@Command(name = "gui", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Opens the hoptrace window: the packet list with pod and Service names, each packet's layers "
                + "and bytes, its journey across nodes and what went wrong.",
                "Opens a bundle directory (nodes/<node>/*.pcap, k8s.json, ...) or capture files; more can be opened"
                        + " from the File menu or dropped on the window."})
final class GuiCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUNDLE | FILE", arity = "0..*", description = "A bundle directory or capture files.")
    List<Path> paths = List.of();

    @Option(names = {"-Y", "--filter"}, paramLabel = "FILTER",
            description = "Display filter to apply at start, as wireshark -Y (icmp, pod == web, rule == mtu, ...).")
    String filter = "";

    @Option(names = "--select", paramLabel = "N",
            description = "Select packet N once loaded (default: the first packet of the worst finding).")
    int select;

    @Option(names = "--screenshot", paramLabel = "FILE.png",
            description = "Open, wait until loading and analysis are done, write the window to FILE.png and exit"
                    + " (under xvfb-run on a machine without a display).")
    Path screenshot;

    @Option(names = "--context", paramLabel = "NAME",
            description = "Connect to this kubeconfig context at start and name pods, Services and nodes from the "
                    + "live cluster (File > Connect to Cluster does the same later).")
    String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig to read contexts from, as kubectl --kubeconfig (default: KUBECONFIG, then"
                    + " ~/.kube/config); given alone, connects at start to its current context.")
    Path kubeconfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliStreams io;

    GuiCommand(CliStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!hasDisplay()) {
            io.err().println("hoptrace: no display to open a window on (DISPLAY is not set); run it in a desktop"
                    + " session, or under xvfb-run for --screenshot");
            io.err().flush();
            return ExitCode.BAD_INPUT;
        }
        if (select < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--select must be a packet number: " + select);
        }
        quietJavaFxLog();
        AppOptions options = new AppOptions(new CaptureFilesOpener(), new BundleArchiveUnpacker(), new RulesAnalyzer(),
                DecoderConfig.defaults(), RecentFiles.defaultFile(), paths, filter, select, screenshot,
                new LiveCaptureAdapter(), new KubeClusterConnector(kubeconfig),
                context != null ? context : kubeconfig != null ? "" : null);
        int status = HoptraceApp.run(options, line -> {
            io.err().println("hoptrace: " + line);
            io.err().flush();
        });
        return switch (status) {
            case 0 -> ExitCode.OK;
            case 2 -> ExitCode.BAD_INPUT;
            default -> ExitCode.ERROR;
        };
    }

    private static boolean hasDisplay() {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) {
            return true;
        }
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        return (display != null && !display.isBlank()) || (wayland != null && !wayland.isBlank());
    }

    /** JavaFX warns that it runs from the class path (it does, deliberately: one jar directory, no modules). */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    private static void quietJavaFxLog() {
        JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
    }
}
