package io.hoptrace.cli;

import picocli.CommandLine;

/** The only place that exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(HoptraceCommand.commandLine().execute(args));
    }
}
