package io.hoptrace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code hoptrace} command; subcommands do the work. */
@Command(name = "hoptrace", mixinStandardHelpOptions = true, version = "hoptrace 0.1.0",
        description = "Shows where a packet went inside a Kubernetes cluster and why it got lost.",
        subcommands = {CommandLine.HelpCommand.class, CaptureCommand.class})
public final class HoptraceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Builds the command line with hoptrace's exit codes; tests call this to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new HoptraceCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
