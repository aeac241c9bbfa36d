package io.hoptrace.capture.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM shutdown hook (SIGINT, SIGTERM) that stops a capture and holds the exit until the files are closed and the
 * caller has printed its report. Close it once reported: the hook then lets the JVM go, or is removed when the
 * capture ended by itself.
 */
public final class ShutdownStop implements AutoCloseable {
    private final Thread hook;
    private final CountDownLatch reported = new CountDownLatch(1);

    ShutdownStop(LiveCapture capture, Duration grace) {
        this.hook = new Thread(() -> {
            capture.stop();
            try {
                capture.awaitResult(grace);
                reported.await(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hoptrace-capture-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and now returns
        }
    }
}
