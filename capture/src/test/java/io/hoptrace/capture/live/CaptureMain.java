package io.hoptrace.capture.live;

import io.hoptrace.capture.file.FlushPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A capture in a process of its own, for tests that signal it: {@code CaptureMain FILE IFACE FILTER FLUSH_MS}.
 * Prints "ready" once capturing, then on the end the statistics lines, "reason=..." and "error=..." when any;
 * a capture that cannot start prints "error=KIND: message" and exits with 2.
 * Stops on SIGINT/SIGTERM through {@link LiveCapture#stopOnShutdown}, as the CLI does.
 */
public final class CaptureMain {
    private CaptureMain() {
    }

    public static void main(String[] args) throws Exception {
        CaptureOptions options = CaptureOptions.builder(Path.of(args[0]))
                .interfaces(List.of(args[1]))
                .filter(args[2])
                .node("signal-test")
                .flushPolicy(FlushPolicy.every(1_000_000, Duration.ofMillis(Long.parseLong(args[3]))))
                .build();
        LiveCapture capture;
        try {
            capture = LiveCapture.start(options, CaptureListener.NONE);
        } catch (CaptureException e) {
            System.out.println("error=" + e.kind() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        try (ShutdownStop stop = capture.stopOnShutdown(Duration.ofSeconds(10))) {
            System.out.println("ready");
            System.out.flush();
            CaptureResult r = capture.awaitResult();
            r.stats().report().forEach(System.out::println);
            System.out.println("reason=" + r.reason());
            if (r.error() != null) {
                System.out.println("error=" + r.error().getMessage());
            }
            System.out.flush();
        }
    }
}
