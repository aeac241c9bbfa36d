package io.hoptrace.cli;

import java.io.IOException;

/** The only place that exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CliStreams io = CliStreams.system();
        int code = HoptraceCommand.commandLine(io).execute(args);
        try {
            io.flushStdout();
        } catch (OutputClosedException e) {
            // the reader left (| head): what it wanted was written
        } catch (IOException e) {
            io.err().println("hoptrace: cannot write output: " + e.getMessage());
            code = code == ExitCode.OK ? ExitCode.ERROR : code;
        }
        io.err().flush();
        System.exit(code);
    }
}
