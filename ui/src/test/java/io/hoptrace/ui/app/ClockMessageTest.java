package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.PcapTimes;
import io.hoptrace.ui.Samples;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window says when it corrected a node's clock (above the findings), and says nothing when it did not. */
@ExtendWith(ApplicationExtension.class)
class ClockMessageTest {
    @TempDir
    Path tmp;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, AppOptions.of(new TestCaptureOpener(), new RulesAnalyzer(),
                tmp.resolve("recent"), List.of()));
    }

    @Test
    void aSkewedNodeIsNamedAndTheLabsOneClockIsNot(FxRobot robot) throws Exception {
        open(robot, Samples.bundle("double-hop"));
        assertEquals("", window.findings().messages().getText());
        assertFalse(window.findings().messages().isVisible());

        Path shifted = PcapTimes.copy(Samples.bundle("double-hop"), tmp.resolve("double-hop"));
        PcapTimes.shift(shifted.resolve("nodes/node-b/any.pcap"), 7_300_000_000L);
        open(robot, shifted);
        String text = window.findings().messages().getText();
        assertTrue(text.lines().anyMatch(l -> l.matches("clock: node-b's clock is 7\\.3\\d* s ahead of node-a "
                + "\\(from \\d+ packets seen on both\\); times corrected")), text);
        assertTrue(window.findings().messages().isVisible());
    }

    private void open(FxRobot robot, Path bundle) throws Exception {
        var before = window.session().analysis().get();
        robot.interact(() -> window.session().open(List.of(bundle)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.session().idle().get()
                && window.session().analysis().get() != before
                && !window.session().analysis().get().findings().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
