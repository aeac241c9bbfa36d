package io.hoptrace.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long runs whose output goes to a file or pipe: a person is watching the terminal
 * but sees nothing else move. The bar renders on its own thread every 100 ms; the decode loop only stores a
 * position now and then, so it costs nothing measurable.
 */
final class DecodeProgress implements AutoCloseable {
    /** Below this a run takes about a second; a bar would flash and vanish. */
    static final long MIN_BYTES = 50L * 1024 * 1024;
    private static final int WIDTH = 80;
    private static final DecodeProgress NONE = new DecodeProgress(null, null);

    private final ProgressBar bar;
    private final PrintStream err;

    private DecodeProgress(ProgressBar bar, PrintStream err) {
        this.bar = bar;
        this.err = err;
    }

    /** Only when stdout is redirected (else the packets are the progress) and stderr is a terminal. */
    static boolean wanted(boolean stdoutTerminal, boolean stderrTerminal, long totalBytes) {
        return !stdoutTerminal && stderrTerminal && totalBytes > MIN_BYTES;
    }

    static DecodeProgress start(PrintStream err, long totalBytes) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("decode")
                .setInitialMax(totalBytes)
                .setUnit(" MiB", 1 << 20)
                .setUpdateIntervalMillis(100)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                // a fixed width keeps JLine (a terminal library, slow to load) out of the process
                .setConsumer(new ConsoleProgressBarConsumer(err, WIDTH))
                .clearDisplayOnFinish()
                .build();
        return new DecodeProgress(bar, err);
    }

    static DecodeProgress none() {
        return NONE;
    }

    void update(long bytesDone) {
        if (bar != null) {
            bar.stepTo(bytesDone);
        }
    }

    /** Clears the bar's line so a diagnostic starts at column 0; the bar redraws below it. */
    void clearLine() {
        if (bar != null) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
