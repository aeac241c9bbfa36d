package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.analysis.Analyzer;
import io.hoptrace.ui.model.port.LiveCapturer;
import io.hoptrace.ui.model.port.LiveFrameSink;
import io.hoptrace.ui.model.port.LiveInterface;
import io.hoptrace.ui.model.port.LiveRequest;
import io.hoptrace.ui.model.port.LiveStats;
import io.hoptrace.ui.model.port.RunningCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File ▸ Save As on a live capture written to a temporary file (a capturer that "captures" a sample file): the
 * saved file is the capture and opens with its packets; the temporary file goes when another capture replaces it
 * or the window closes, saved or not.
 */
@ExtendWith(ApplicationExtension.class)
class SaveAsTest {
    private static final Path NODE_A = Samples.bundle("mtu-blackhole").resolve("nodes/node-a/any.pcap");

    /** Writes NODE_A's bytes to a new temporary file, as the real adapter does when no path is given. */
    static final class FileCapturer implements LiveCapturer {
        volatile Path file;

        @Override
        public List<LiveInterface> interfaces() {
            return List.of();
        }

        @Override
        public RunningCapture start(LiveRequest request, LiveFrameSink sink) {
            try {
                Path f = request.file() != null ? request.file() : Files.createTempFile("hoptrace-live-", ".pcapng");
                Files.copy(NODE_A, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                file = f;
                return new Finished(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Finished(Path file, CountDownLatch stopped) implements RunningCapture {
        Finished(Path file) {
            this(file, new CountDownLatch(1));
        }

        @Override
        public LiveStats stats() {
            return LiveStats.ZERO;
        }

        @Override
        public void stop() {
            stopped.countDown();
        }

        @Override
        public Ended awaitEnd() throws InterruptedException {
            stopped.await();
            return new Ended(LiveStats.ZERO, file, null, List.of());
        }

        @Override
        public String interfaceName(int interfaceId) {
            return "eth0";
        }

        @Override
        public String interfaceDescription(int interfaceId) {
            return null;
        }
    }

    @TempDir
    Path dir;

    private final FileCapturer capturer = new FileCapturer();
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = HoptraceApp.show(stage, AppOptions.of(new TestCaptureOpener(), Analyzer.NONE,
                dir.resolve("recent"), List.of()).withCapturer(capturer));
    }

    /** Starts a capture into a temporary file and stops it; returns the file. */
    private Path captureAndStop(FxRobot robot) throws Exception {
        return captureAndStop(robot, null);
    }

    /** Starts a capture into {@code file} (null: a temporary one) and stops it; returns the file written. */
    private Path captureAndStop(FxRobot robot, Path file) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        robot.interact(() -> window.live().start(new LiveRequest(List.of("eth0"), "", LiveRequest.DEFAULT_SNAPLEN,
                file), started::countDown, m -> { throw new AssertionError(m); }));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        robot.interact(() -> window.live().stop());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.live().running().get()
                && window.session().idle().get());
        Path temporary = capturer.file;
        assertNotNull(temporary);
        assertTrue(Files.exists(temporary));
        return temporary;
    }

    private void saveAs(FxRobot robot, Path target) throws Exception {
        robot.interact(() -> window.session().saveAs(target));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().status().get().startsWith("Saved")
                || !window.session().messages().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void savedLiveCaptureIsTheCaptureAndOpensWithItsPackets(FxRobot robot) throws Exception {
        Path temporary = captureAndStop(robot);
        Path saved = dir.resolve("saved.pcapng");
        saveAs(robot, saved);
        assertTrue(window.session().messages().isEmpty(), window.session().messages().toString());
        assertEquals(-1L, Files.mismatch(saved, NODE_A));

        // opening the saved copy replaces the live capture: its temporary file goes, the saved one reads
        robot.interact(() -> window.session().open(List.of(saved)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().idle().get()
                && window.session().packets().get() > 0);
        assertFalse(Files.exists(temporary), "the temporary capture is deleted when replaced");
        assertTrue(Files.exists(saved));
        assertEquals(85, window.session().packets().get(), "tshark -r node-a/any.pcap counts 85");
    }

    @Test
    void unsavedTemporaryCaptureGoesWhenAnotherCaptureReplacesIt(FxRobot robot) throws Exception {
        Path first = captureAndStop(robot);
        Path second = captureAndStop(robot);
        assertFalse(Files.exists(first));
        assertTrue(Files.exists(second));
        robot.interact(() -> stage.hide());
        assertFalse(Files.exists(second), "the temporary capture is deleted when the window closes");
    }

    @Test
    void aCapturePathTheUserChoseStays(FxRobot robot) throws Exception {
        Path chosen = captureAndStop(robot, dir.resolve("chosen.pcapng"));
        robot.interact(() -> stage.hide());
        assertTrue(Files.exists(chosen));
    }

    @Test
    void aFailedSaveIsOneLineInTheWindow(FxRobot robot) throws Exception {
        captureAndStop(robot);
        Path target = dir.resolve("no-such-dir").resolve("x.pcapng");
        saveAs(robot, target);
        assertEquals(1, window.session().messages().size());
        assertEquals("Cannot save to " + target + ": no such directory or file " + target,
                window.session().messages().get(0).text());
    }
}
