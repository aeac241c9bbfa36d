package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.snapshot.TestArchives;
import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.app.MainWindow;
import io.hoptrace.ui.app.Message;
import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.analysis.Finding;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window (headless, Monocle) opening bundle archives through the real ports, as {@code hoptrace gui} wires them:
 * the capture module's readers, its archive unpacking, the rules engine.
 */
@ExtendWith(ApplicationExtension.class)
class ArchiveWindowTest {
    /**
     * Monocle's headless toolkit, as ui's tests run it (its pom sets these for every test). Set here and cleared
     * after, so the cli tests that look for a display (GuiCommandTest) still see the machine as it is.
     */
    private static final Map<String, String> HEADLESS = Map.of("testfx.robot", "glass", "testfx.headless", "true",
            "glass.platform", "Monocle", "monocle.platform", "Headless", "prism.order", "sw", "prism.text", "t2k",
            "java.awt.headless", "true", "headless.geometry", "1600x1000-32");

    static {
        HEADLESS.forEach(System::setProperty);
    }

    @AfterAll
    static void clearHeadless() {
        HEADLESS.keySet().forEach(System::clearProperty);
    }
    @TempDir
    Path tmp;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, new AppOptions(new CaptureFilesOpener(), new BundleArchiveUnpacker(),
                new RulesAnalyzer(), DecoderConfig.defaults(), tmp.resolve("recent"), List.of(), "", 0, null, null, null, null));
    }

    private static Path sample() {
        return AnalyzeRun.samples().resolve("mtu-blackhole");
    }

    /** Opens {@code p} and waits until the window is idle and {@code done} holds (idle alone can be seen between tasks). */
    private void open(FxRobot robot, Path p, java.util.function.BooleanSupplier done) throws Exception {
        robot.interact(() -> window.session().open(List.of(p)));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> done.getAsBoolean() && window.session().idle().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean analysed() {
        return !window.session().analysis().get().findings().isEmpty();
    }

    /** The rows and the finding the sample bundle's directory gives. */
    private void assertTheBlackHole(Path archive) throws Exception {
        var session = window.session();
        assertEquals(List.of(), session.messages().stream().map(Message::text).toList());
        var ws = session.workspace().get();
        assertEquals(archive.getFileName().toString(), ws.plan().title());
        assertEquals(169, window.packetList().table().getItems().size());
        assertEquals(io.hoptrace.ui.model.load.OpenPlan.of(List.of(sample())).nodeStates().keySet(),
                ws.plan().nodeStates().keySet());
        List<String> rules = session.analysis().get().findings().stream().map(Finding::ruleId).toList();
        assertTrue(rules.contains("mtu.blackhole"), rules.toString());
        int frag = -1;
        for (int row = 0; row < ws.index().count() && frag < 0; row++) {
            frag = ws.formatter().cell(row, Column.INFO).contains("need to frag (mtu 1450)") ? row : -1;
        }
        assertTrue(frag >= 0, "the ICMP error is read back from the unpacked file");
        assertEquals("10.244.0.1 (node-a cni0)", ws.formatter().cell(frag, Column.SOURCE));
        assertEquals(archive, session.recentFiles().get(0), "Open Recent offers the archive, not its directory");
    }

    @Test
    void aTarGzBundleOpensLikeItsDirectory(FxRobot robot) throws Exception {
        Path tgz = TestArchives.tarGz(tmp.resolve("mtu-blackhole.tar.gz"),
                TestArchives.entries(sample(), "mtu-blackhole/"));
        open(robot, tgz, this::analysed);
        assertTheBlackHole(tgz);
        Path unpacked = window.session().workspace().get().plan().k8sJson().getParent();
        assertTrue(Files.isDirectory(unpacked));

        // opening something else lets go of the unpacked files
        open(robot, sample().resolve("nodes/node-a/any.pcap"),
                () -> window.packetList().table().getItems().size() == 85);
        assertEquals(85, window.packetList().table().getItems().size());
        assertFalse(Files.exists(unpacked), unpacked + " is still there");
    }

    @Test
    void aZipBundleOpensLikeItsDirectory(FxRobot robot) throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("mtu-blackhole.zip"), TestArchives.entries(sample(), ""));
        open(robot, zip, this::analysed);
        assertTheBlackHole(zip);
        Path unpacked = window.session().workspace().get().plan().k8sJson().getParent();
        robot.interact(() -> window.session().dispose());
        assertFalse(Files.exists(unpacked), "closing the window deletes the unpacked bundle");
    }

    @Test
    void aZipWithAnEntryOutsideTheBundleIsRefusedByName(FxRobot robot) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestArchives.entries(sample(), ""));
        entries.put("nodes/../../../escaped.pcap", Files.readAllBytes(sample().resolve("nodes/node-a/any.pcap")));
        Path zip = TestArchives.zip(tmp.resolve("evil.zip"), entries);
        open(robot, zip, () -> !window.session().messages().isEmpty());
        List<String> texts = window.session().messages().stream().map(Message::text).toList();
        assertEquals(List.of(zip + ": entry nodes/../../../escaped.pcap would be written outside the bundle"
                + " directory; the archive is refused"), texts);
        assertEquals(Message.Level.ERROR, window.session().messages().get(0).level());
        assertEquals(0, window.packetList().table().getItems().size());
        assertFalse(Files.exists(tmp.getParent().resolve("escaped.pcap")));
    }
}
