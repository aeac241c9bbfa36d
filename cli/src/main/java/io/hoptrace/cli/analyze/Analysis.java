package io.hoptrace.cli.analyze;

import io.hoptrace.capture.snapshot.BundleArchive;
import io.hoptrace.cli.IoText;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.Thresholds;
import io.hoptrace.rules.engine.AnalysisLimits;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The analyze command's work, apart from picocli: resolve the inputs, run the engine and the rules, write the
 * report, choose the exit status. Diagnostics go to {@code err}, the report to {@code out} or the output file.
 */
public final class Analysis {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int BAD_INPUT = 2;
    /** hoptrace itself failed (a bug): the same number as the cli's ExitCode.ERROR. */
    public static final int FAILED = 3;
    /** Inputs smaller than this finish too fast for a progress bar to help. */
    private static final long PROGRESS_BYTES = 64L << 20;
    private static final int JOURNEY_CAP = 200;

    private Analysis() {
    }

    public record Options(List<Path> inputs, Path state, String format, Path output, String failOn,
                          Map<String, String> thresholds, List<String> rules, boolean allJourneys, boolean listRules,
                          boolean progress, boolean clockCorrection) {
        /** Without {@code clockCorrection} (on by default). */
        public Options(List<Path> inputs, Path state, String format, Path output, String failOn,
                       Map<String, String> thresholds, List<String> rules, boolean allJourneys, boolean listRules,
                       boolean progress) {
            this(inputs, state, format, output, failOn, thresholds, rules, allJourneys, listRules, progress, true);
        }
    }

    public static int run(Options o, PrintWriter out, PrintWriter err) {
        RuleCatalog catalog = RuleCatalog.standard();
        try {
            if (!o.rules().isEmpty()) {
                catalog = catalog.only(o.rules());
            }
            if (o.listRules()) {
                listRules(catalog, out);
                return OK;
            }
            String format = o.format().toLowerCase(Locale.ROOT);
            if (!List.of("text", "json", "html").contains(format)) {
                err.println("hoptrace analyze: --format takes text, json or html, not '" + o.format() + "'");
                return BAD_INPUT;
            }
            Severity failOn = o.failOn() == null ? null : Severity.parse(o.failOn());
            Thresholds thresholds = catalog.thresholds(o.thresholds());
            String unusable = unusableOutput(o.output());
            if (unusable != null) {
                // said before the analysis, which can take minutes, not after it
                err.println("hoptrace analyze: " + unusable);
                return BAD_INPUT;
            }
            if (o.state() != null && !Files.isDirectory(o.state())) {
                err.println("hoptrace analyze: --state " + o.state() + ": " + (Files.exists(o.state())
                        ? "Not a directory" : "No such file or directory"));
                return BAD_INPUT;
            }

            InputSet in = new InputSet();
            boolean bad = resolve(o, in, err);
            if (in.captures.isEmpty() && in.nodes.isEmpty() && bad) {
                // each bad input has had its line; an empty report would read as "analysed, all clear"
                return BAD_INPUT;
            }
            long total = AnalysisRun.totalBytes(in);
            AnalysisView view;
            if (o.progress() && total >= PROGRESS_BYTES) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("analyze").setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).setConsumer(
                                new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
                    view = AnalysisRun.run(in, thresholds, AnalysisLimits.defaults(), bar::stepTo,
                            o.clockCorrection());
                    bar.stepTo(total);
                }
            } else {
                view = AnalysisRun.run(in, thresholds, AnalysisLimits.defaults(), null, o.clockCorrection());
            }
            bad |= view.inputs().captures().size() < in.captures.size();
            // every problem the run added is a capture that could not be opened or stopped early (cut short,
            // corrupt): the report covers the packets before it, and the status says the input was not whole
            bad |= view.inputs().problems().size() > in.problems.size();
            if (bad && view.inputs().captures().isEmpty() && view.inputs().stateFiles().isEmpty()) {
                // nothing could be read: a report of 0 packets would read as "analysed, all clear"
                for (String p : view.inputs().problems()) {
                    err.println("hoptrace analyze: " + p);
                }
                return BAD_INPUT;
            }
            RuleCatalog.Result result = catalog.evaluate(view);
            Report report = Report.of(view, result, o.allJourneys(), JOURNEY_CAP);
            try {
                write(report, format, o.output(), out);
            } catch (ReportNotWritten e) {
                err.println("hoptrace analyze: cannot write the report: " + IoText.of(o.output(), e.cause));
                return FAILED;
            }
            for (String p : view.inputs().problems()) {
                err.println("hoptrace analyze: " + p);
            }
            if (bad) {
                return BAD_INPUT;
            }
            if (failOn != null && result.findings().stream().anyMatch(f -> f.severity().atLeast(failOn))) {
                return FINDINGS;
            }
            return OK;
        } catch (IllegalArgumentException e) {
            err.println("hoptrace analyze: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("hoptrace analyze: " + IoText.reason(e));
            return BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("hoptrace analyze: internal error, please report it: " + e);
            return FAILED;
        }
    }

    /** Fills {@code in}; true when some input was bad (missing path, unreadable archive). */
    private static boolean resolve(Options o, InputSet in, PrintWriter err) throws IOException {
        boolean bad = false;
        List<Path> inputs = o.inputs();
        if (inputs.isEmpty()) {
            Path sample = defaultSample();
            if (sample == null) {
                err.println("hoptrace analyze: no input given and no samples/ directory found; give a bundle or "
                        + "capture files");
                return true;
            }
            err.println("hoptrace analyze: no input given; analysing the sample bundle " + sample);
            inputs = List.of(sample);
        }
        for (Path p : inputs) {
            if (p.toString().equals("-") && !Files.exists(p)) {
                // decode reads standard input; analyze takes files (it sizes them and names them in the report)
                err.println("hoptrace analyze: -: analyze reads files, not standard input; save the capture first"
                        + " (tcpdump -w FILE, or hoptrace capture -w FILE)");
                bad = true;
            } else if (!Files.exists(p)) {
                err.println("hoptrace analyze: " + p + ": no such file or directory");
                bad = true;
            } else if (Files.isDirectory(p)) {
                List<String> bundles = subBundles(p);
                if (InputSet.isBundle(p)) {
                    in.addBundle(p, p.toString());
                } else if (!bundles.isEmpty()) {
                    err.println("hoptrace analyze: " + p + " holds several bundles; analyse one at a time: "
                            + String.join(", ", bundles));
                    bad = true;
                } else {
                    List<Path> caps = captures(p);
                    if (caps.isEmpty()) {
                        err.println("hoptrace analyze: " + p + ": not a bundle (no nodes/, k8s.json or manifest.json) "
                                + "and no captures in it");
                        bad = true;
                    }
                    caps.forEach(in::addCapture);
                }
            } else if (BundleArchive.isArchive(p)) {
                BundleArchive.Unpacked unpacked;
                try {
                    unpacked = BundleArchive.unpack(p);
                } catch (IOException e) {
                    err.println("hoptrace analyze: " + e.getMessage());
                    bad = true;
                    continue;
                }
                in.addBundle(unpacked.root(), p.toString());
            } else {
                in.addCapture(p);
            }
        }
        if (o.state() != null) {
            in.addState(o.state());
        }
        in.assignNodes();
        return bad;
    }

    private static List<String> subBundles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(InputSet::isBundle).sorted().map(Path::toString).toList();
        }
    }

    private static List<Path> captures(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.filter(Files::isRegularFile).filter(InputSet::isCapture).sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    /** samples/mtu-blackhole under the working directory or the installation (the launcher's directory). */
    static Path defaultSample() {
        String home = System.getProperty("hoptrace.home");
        Path[] bases = {Path.of(""), home == null ? null : Path.of(home), jarHome()};
        for (Path b : bases) {
            if (b == null) {
                continue;
            }
            Path p = b.resolve("samples").resolve("mtu-blackhole");
            if (Files.isDirectory(p)) {
                return b.toString().isEmpty() ? Path.of("samples", "mtu-blackhole") : p;
            }
        }
        return null;
    }

    private static Path jarHome() {
        try {
            Path jar = Path.of(Analysis.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path p = jar;
            for (int i = 0; i < 4 && p != null; i++) {
                if (Files.isDirectory(p.resolve("samples"))) {
                    return p;
                }
                p = p.getParent();
            }
        } catch (Exception e) {
            // not from a file
        }
        return null;
    }

    /** Why the report could not go to {@code output}, or null when it can (or goes to stdout). */
    private static String unusableOutput(Path output) {
        if (output == null) {
            return null;
        }
        if (Files.isDirectory(output)) {
            return "-o " + output + ": Is a directory";
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            return "-o " + output + ": No such file or directory (its folder " + dir + " is missing)";
        }
        if (dir != null && !Files.isWritable(dir) && !Files.isWritable(output)) {
            return "-o " + output + ": Permission denied";
        }
        return null;
    }

    /**
     * The report to stdout (whose write errors Main reports when it flushes) or to {@code output}. A PrintWriter
     * keeps quiet about write errors, so the file's stream remembers the first one; a report cut short by a full
     * disk is deleted rather than left to be read as whole.
     */
    private static void write(Report report, String format, Path output, PrintWriter stdout) throws IOException {
        if (output == null) {
            emit(report, format, stdout);
            stdout.flush();
            return;
        }
        FailureKeepingStream file;
        try {
            file = new FailureKeepingStream(Files.newOutputStream(output));
        } catch (IOException e) {
            throw new ReportNotWritten(e);
        }
        try (Writer w = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8));
             PrintWriter pw = new PrintWriter(w)) {
            emit(report, format, pw);
        }
        if (file.failure != null) {
            if (Files.isRegularFile(output)) {
                Files.delete(output);
            }
            throw new ReportNotWritten(file.failure);
        }
    }

    /** The report's file could not be written (full disk, I/O error): hoptrace failed, not its input. */
    private static final class ReportNotWritten extends IOException {
        final IOException cause;

        ReportNotWritten(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    /** Passes bytes on and keeps the first write error, which the PrintWriter in front of it would swallow. */
    private static final class FailureKeepingStream extends FilterOutputStream {
        IOException failure;

        FailureKeepingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = failure != null ? failure : e;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = failure != null ? failure : e;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                failure = failure != null ? failure : e;
                throw e;
            }
        }
    }

    private static void emit(Report report, String format, PrintWriter out) throws IOException {
        switch (format) {
            case "json" -> JsonReport.write(report, out);
            case "html" -> HtmlReport.write(report, out);
            default -> TextReport.write(report, out);
        }
        out.flush();
    }

    private static void listRules(RuleCatalog catalog, PrintWriter out) {
        int width = catalog.rules().stream().mapToInt(r -> r.id().length()).max().orElse(0);
        String row = "%-" + Math.max(width, 1) + "s %s";
        for (Rule r : catalog.rules()) {
            out.println(String.format(row, r.id(), r.title()));
            for (Threshold<?> t : r.thresholds()) {
                out.println(String.format(row, "", "  --threshold " + t.key() + " (default " + t.defaultValue()
                        + "): " + t.description()));
            }
        }
        out.flush();
    }
}
