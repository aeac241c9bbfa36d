package io.hoptrace.cli;

import io.hoptrace.cli.analyze.Analysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hoptrace analyze}: postmortem analysis of a bundle or capture files; see {@link Analysis}. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Stitches each packet's sightings into hops across interfaces, nodes, tunnels and NAT, and "
                + "reports what went wrong (MTU black holes, fragmentation, hairpins, double hops, BGP sessions "
                + "going down, ...), with the evidence and the fix.",
                "With no input it analyses the sample bundle samples/mtu-blackhole."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:analysed, no finding at or above --fail-on", "1:a finding reached --fail-on",
                "2:bad input (a path that does not exist, a file that is not a capture, a capture cut short or"
                        + " corrupt: the report still covers every packet before the cut)",
                "3:hoptrace failed (a bug, or the report could not be written: full disk)"})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "BUNDLE|FILE",
            description = "a bundle (directory, .tar.gz or .zip) or pcap/pcapng files")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--state", paramLabel = "DIR",
            description = "node state for capture files: a bundle-shaped directory or one node's directory")
    Path state;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or html (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report here, not stdout")
    Path output;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "exit 1 when a finding is at least this severe: info, warning or error")
    String failOn;

    @Option(names = "--threshold", paramLabel = "KEY=VALUE", description = "override a rule threshold (see --list-rules)")
    Map<String, String> thresholds = new LinkedHashMap<>();

    @Option(names = "--rules", split = ",", paramLabel = "ID", description = "run only these rules")
    List<String> rules = new ArrayList<>();

    @Option(names = "--journeys", paramLabel = "WHICH", defaultValue = "findings",
            description = "journeys in json/html output: findings (those findings point to) or all (capped)")
    String journeys;

    @Option(names = "--list-rules", description = "list the rules and their thresholds, then exit")
    boolean listRules;

    @Option(names = "--no-progress", description = "no progress bar, even on a terminal")
    boolean noProgress;

    @Option(names = "--no-clock-correction", description = "take each node's capture times as they are; by default "
            + "each node's clock offset is estimated from packets seen on two nodes and corrected before stitching "
            + "(reported under inputs either way)")
    boolean noClockCorrection;

    private final CliStreams io;

    AnalyzeCommand(CliStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!"all".equalsIgnoreCase(journeys) && !"findings".equalsIgnoreCase(journeys)) {
            throw new ParameterException(spec.commandLine(),
                    "--journeys takes findings or all, not '" + journeys + "'");
        }
        // the bar goes to stderr: only when stderr is a terminal, never into a log file or a pipe
        Analysis.Options o = new Analysis.Options(inputs, state, format, output, failOn, thresholds, rules,
                "all".equalsIgnoreCase(journeys), listRules, !noProgress && io.stderrTerminal(),
                !noClockCorrection);
        return Analysis.run(o, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
