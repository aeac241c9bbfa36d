package io.hoptrace.ui;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.model.analysis.Analyzer;
import java.nio.file.Path;
import java.util.List;

/** Runs the window on test captures (no capture module): {@code TryApp PATH [SCREENSHOT.png] [SELECT] [FILTER]}. */
public final class TryApp {
    public static void main(String[] args) throws Exception {
        Path shot = args.length > 1 && !args[1].isEmpty() ? Path.of(args[1]) : null;
        int select = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        String filter = args.length > 3 ? args[3] : "";
        int code = HoptraceApp.run(new AppOptions(new TestCaptureOpener(), Analyzer.NONE, DecoderConfig.defaults(),
                Path.of("/tmp/hoptrace-try-recent"), List.of(Path.of(args[0])), filter, select, shot),
                System.err::println);
        System.exit(code);
    }
}
