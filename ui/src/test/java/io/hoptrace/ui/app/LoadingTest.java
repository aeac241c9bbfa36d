package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.ui.model.analysis.Analyzer;
import io.hoptrace.ui.model.port.CaptureOpener;
import io.hoptrace.ui.model.port.CaptureReader;
import io.hoptrace.ui.model.port.CapturedFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A capture that never ends (a slow disk, a huge file): rows appear while it loads, and Cancel stops it. */
@ExtendWith(ApplicationExtension.class)
class LoadingTest {
    @TempDir
    Path dir;

    private MainWindow window;

    /** Hands out echo requests forever, about 20,000 a second, one second apart in capture time. */
    private static final CaptureOpener ENDLESS = file -> new CaptureReader() {
        private final byte[] frame = Hex.bytes(Frames.ICMP_ECHO);
        private long n;

        @Override
        public boolean next(CapturedFrame f) throws java.io.IOException {
            if (++n % 200 == 0) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            f.data = frame;
            f.offset = 0;
            f.capturedLength = frame.length;
            f.wireLength = frame.length;
            f.timestampNanos = n * 1_000_000_000L;
            f.linkType = LinkType.ETHERNET;
            f.number = n;
            return true;
        }

        @Override
        public String problem() {
            return null;
        }

        @Override
        public String interfaceName(int id) {
            return null;
        }

        @Override
        public String interfaceDescription(int id) {
            return null;
        }

        @Override
        public long position() {
            return Math.min(n * 100, 1L << 40);
        }

        @Override
        public long size() {
            return 1L << 40;
        }

        @Override
        public void close() {
        }
    };

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, AppOptions.of(ENDLESS, Analyzer.NONE, dir.resolve("recent"), List.of()));
    }

    @Test
    void rowsShowWhileLoadingAndCancelKeepsThem(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("endless.pcap"), "x");
        robot.interact(() -> window.session().open(List.of(file)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.packetList().table().getItems().size() > 5000);
        assertTrue(window.session().loading().get());
        assertTrue(robot.lookup("#load-progress").queryAs(ProgressBar.class).isVisible());
        assertTrue(robot.lookup("#status-text").queryAs(Label.class).getText().startsWith("Loading endless.pcap"));
        robot.clickOn("#load-cancel");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().idle().get());
        WaitForAsyncUtils.waitForFxEvents();
        int rows = window.packetList().table().getItems().size();
        assertTrue(rows > 5000);
        assertEquals(window.session().workspace().get().index().count(), rows);
        assertTrue(robot.lookup("#status-text").queryAs(Label.class).getText().startsWith("Loading stopped: "),
                robot.lookup("#status-text").queryAs(Label.class).getText());
        assertTrue(!robot.lookup("#load-cancel").query().isVisible());
    }

    @Test
    void aFilterKeepsUpWithTheRowsAsTheyArrive(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("endless.pcap"), "x");
        robot.interact(() -> {
            window.filterField().setText("icmp and not arp");
            window.applyFilter();
            window.session().open(List.of(file));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.packetList().table().getItems().size() > 3000);
        robot.interact(() -> window.session().cancelLoad());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().idle().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(window.session().workspace().get().index().count(), window.packetList().table().getItems().size());
    }
}
