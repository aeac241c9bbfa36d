package io.hoptrace.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@code hoptrace analyze ...} in-process and keeps what it wrote. */
record AnalyzeRun(int exit, String out, String err) {
    static AnalyzeRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HoptraceCommand.commandLine(new PrintWriter(out), new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "analyze";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cl.execute(all);
        return new AnalyzeRun(exit, out.toString(), err.toString());
    }

    static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) {
            p = p.getParent();
        }
        return p.resolve("samples");
    }

    static String sample(String scenario) {
        return samples().resolve(scenario).toString();
    }
}
