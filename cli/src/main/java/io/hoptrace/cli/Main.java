package io.hoptrace.cli;

import java.io.IOException;

/** The only place that exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CliStreams io = CliStreams.system();
        int code;
        try {
            code = HoptraceCommand.commandLine(io).execute(args);
        } catch (Error e) {
            // picocli hands commands' Exceptions to HoptraceCommand's handler; an Error (a class missing from a
            // broken install, memory exhausted) passes it and would leave with the JVM's status 1, which means
            // "findings" here
            io.err().println("hoptrace: " + ErrorText.of(e));
            code = ExitCode.ERROR;
        }
        try {
            io.flushStdout();
        } catch (OutputClosedException e) {
            // the reader left (| head): what it wanted was written
        } catch (IOException e) {
            if (code != ExitCode.ERROR) {
                // a command that failed on its output has said so already
                io.err().println("hoptrace: cannot write output: " + e.getMessage());
            }
            code = code == ExitCode.OK ? ExitCode.ERROR : code;
        }
        io.err().flush();
        System.exit(code);
    }
}
