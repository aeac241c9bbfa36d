package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.live.NodeName;
import io.hoptrace.capture.live.VethLab;
import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.app.MainWindow;
import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.analysis.Analysis;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import io.hoptrace.ui.model.port.LiveInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Capture ▸ Start… as a user drives it (headless, Monocle), with the real capture adapter on a veth pair in a
 * namespace: rows come while the capture runs, the status line counts, Stop ends it and analysis runs; a bad
 * filter stays in the dialog as one line. Root only.
 */
@ExtendWith(ApplicationExtension.class)
class LiveCaptureWindowTest {
    /** ui's surefire sets these for every test; here they are set for this class only and restored after it. */
    private static final Map<String, String> HEADLESS = Map.of("testfx.robot", "glass", "testfx.headless", "true",
            "glass.platform", "Monocle", "monocle.platform", "Headless", "prism.order", "sw", "prism.text", "t2k",
            "java.awt.headless", "true", "headless.geometry", "1600x1000-32");
    private static final Map<String, String> before = new HashMap<>();

    static {
        HEADLESS.forEach((k, v) -> before.put(k, System.setProperty(k, v)));
    }

    @TempDir
    static Path dir;

    private MainWindow window;

    @BeforeAll
    static void root() {
        VethLab.assumeRoot();
    }

    @AfterAll
    static void restore() {
        before.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, AppOptions.of(new CaptureFilesOpener(), new RulesAnalyzer(),
                dir.resolve("recent"), List.of()).withCapturer(new LiveCaptureAdapter()));
    }

    /** Opens the dialog with Ctrl+E and selects {@code iface} in its list (filled in the background). */
    private void openDialog(FxRobot robot, String iface) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        ListView<LiveInterface> list = robot.lookup("#capture-interfaces").queryListView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !list.getItems().isEmpty());
        LiveInterface item = list.getItems().stream().filter(i -> i.name().equals(iface)).findFirst().orElseThrow();
        robot.interact(() -> list.scrollTo(item));
        robot.clickOn(robot.lookup(".list-cell").match(n -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getItem() == item).queryAs(javafx.scene.Node.class));
        assertEquals(List.of(item), List.copyOf(list.getSelectionModel().getSelectedItems()));
    }

    /** Clicks Start and waits until the capture runs (it starts in the background). */
    private void start(FxRobot robot) throws Exception {
        robot.clickOn("#capture-start");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.live().running().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A label's text, read on the FX thread. */
    private static String text(FxRobot robot, String id) {
        Label label = robot.lookup(id).queryAs(Label.class);
        try {
            return WaitForAsyncUtils.asyncFx(label::getText).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void capturesOnAVethShowsRowsAndCountsThenAnalyses(FxRobot robot) throws Exception {
        try (VethLab lab = VethLab.create(dir)) {
            Path file = dir.resolve("window.pcapng");
            openDialog(robot, lab.host);
            robot.clickOn("#capture-filter").write(LiveCaptureAdapterTest.FILTER);
            robot.interact(() -> robot.lookup("#capture-file").queryTextInputControl().setText(file.toString()));
            start(robot);
            assertTrue(robot.lookup("#capture-interfaces").tryQuery().isEmpty(), "the dialog closed");

            LiveCaptureAdapterTest.traffic(lab);
            TableView<Integer> table = window.packetList().table();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 25);
            // the status line counts while the capture runs (4 times a second)
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> text(robot, "#status-text").contains(": 25 packets"));
            String running = text(robot, "#status-text");
            assertTrue(running.startsWith("Capturing on " + lab.host + " (" + LiveCaptureAdapterTest.FILTER
                    + "): 25 packets \u00B7 "), running);
            assertTrue(running.endsWith("/s \u00B7 dropped 0 by the kernel, 0 by the queue"), running);
            assertEquals("Packets: 25", text(robot, "#status-counts"));
            assertTrue(window.live().running().get(), "still capturing");
            assertTrue(robot.lookup(".table-row-cell").queryAllAs(javafx.scene.control.TableRow.class).stream()
                    .anyMatch(r -> r.getIndex() == 24 && r.isVisible() && r.getItem() != null),
                    "the list follows the newest packet while capturing");

            // request, reply; the UDP datagrams come last
            assertEquals(lab.peerAddress, cell(table, Column.SOURCE, 0));
            assertEquals(lab.hostAddress, cell(table, Column.DESTINATION, 0));
            assertEquals("ICMP", cell(table, Column.PROTOCOL, 0));
            assertEquals(lab.hostAddress, cell(table, Column.SOURCE, 1));
            assertEquals(lab.peerAddress, cell(table, Column.SOURCE, 24));
            assertEquals(lab.hostAddress, cell(table, Column.DESTINATION, 24));
            assertEquals("UDP", cell(table, Column.PROTOCOL, 24));
            assertTrue(cell(table, Column.INFO, 24).contains("5555"), cell(table, Column.INFO, 24));
            assertEquals(lab.host, cell(table, Column.INTERFACE, 24));
            assertEquals(NodeName.local(), cell(table, Column.NODE, 24));
            assertEquals("25", cell(table, Column.NUMBER, 24));

            // Ctrl+E again stops; the analysis runs on what was captured
            robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.live().running().get()
                    && window.session().idle().get());
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals("Captured 25 packets on " + lab.host + " (" + LiveCaptureAdapterTest.FILTER + ") into "
                    + file, text(robot, "#status-text"));
            assertNotSame(Analysis.NONE, window.session().analysis().get(), "analysis ran");
            List<String> hopNodes = java.util.stream.IntStream.range(0, 25)
                    .mapToObj(row -> window.session().analysis().get().journeyOf(row))
                    .filter(java.util.Objects::nonNull).flatMap(j -> j.hops().stream()).map(h -> h.node())
                    .distinct().toList();
            assertEquals(List.of(NodeName.local()), hopNodes, "the journeys' hops are named by the capture's node");
            assertEquals(25, table.getItems().size());
            assertTrue(window.session().messages().isEmpty(), window.session().messages().toString());
            assertTrue(Files.size(file) > 25 * 98);
            assertEquals(file, window.session().workspace().get().plan().captures().get(0).file());
        }
    }

    @Test
    void aBadFilterStaysInTheDialogAsOneLine(FxRobot robot) throws Exception {
        openDialog(robot, "lo");
        robot.clickOn("#capture-filter").write("udp port");
        robot.clickOn("#capture-start");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text(robot, "#capture-error").startsWith("bad"));
        String error = text(robot, "#capture-error");
        assertTrue(error.startsWith("bad filter 'udp port': "), error);
        assertTrue(error.endsWith("(see man 7 pcap-filter)"), error);
        assertFalse(error.contains("\n") || error.contains("Exception"), error);
        assertFalse(window.live().running().get());
        assertTrue(robot.lookup("#capture-interfaces").tryQuery().isPresent(), "the dialog stays open to fix it");
        // fixing the filter clears the message
        robot.clickOn("#capture-filter").type(KeyCode.END).type(KeyCode.BACK_SPACE);
        assertEquals("", text(robot, "#capture-error"));
        robot.clickOn("Cancel");
    }

    @Test
    void aUdpFloodKeepsTheWindowResponsiveAndEveryPacketShown(FxRobot robot) throws Exception {
        try (VethLab lab = VethLab.create(dir)) {
            openDialog(robot, lab.host);
            robot.clickOn("#capture-filter").write("udp port 5555");
            Path file = dir.resolve("flood.pcapng"); // not a temporary file that would outlive the test
            robot.interact(() -> robot.lookup("#capture-file").queryTextInputControl().setText(file.toString()));
            start(robot);
            List<Process> senders = List.of(lab.udpFor(5555, 64, 3.0), lab.udpFor(5555, 64, 3.0));
            // the FX thread's own CPU time says what our batching costs it; how late it runs a task also depends
            // on everything else the machine runs, so that is only reported
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long fx = WaitForAsyncUtils.asyncFx(() -> Thread.currentThread().getId()).get(30, TimeUnit.SECONDS);
            long cpu0 = threads.getThreadCpuTime(fx);
            long wall0 = System.nanoTime();
            long worst = 0;
            double fastest = 0;
            while (senders.stream().anyMatch(Process::isAlive)) {
                long t0 = System.nanoTime();
                WaitForAsyncUtils.asyncFx(() -> { }).get(30, TimeUnit.SECONDS);
                worst = Math.max(worst, System.nanoTime() - t0);
                fastest = Math.max(fastest, window.live().stats().get().packetsPerSecond());
                Thread.sleep(20);
            }
            double fxShare = (double) (threads.getThreadCpuTime(fx) - cpu0) / (System.nanoTime() - wall0);
            long sent = 0;
            for (Process p : senders) {
                sent += Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
            }
            // Capture ▸ Stop's other key
            robot.press(KeyCode.CONTROL, KeyCode.PERIOD).release(KeyCode.PERIOD, KeyCode.CONTROL);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.live().running().get()
                    && window.session().idle().get());
            var stats = window.live().stats().get();
            System.out.printf("flood: %,d datagrams sent, %,d captured, up to %,.0f packets/s shown, drops %d kernel"
                    + " / %d queue; the FX thread busy %.0f%% of the time, at most %d ms late (load average %.1f)%n",
                    sent, stats.packets(), fastest, stats.kernelDrops(), stats.queueDrops(), fxShare * 100,
                    worst / 1_000_000, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            assertTrue(fxShare < 0.5, "the FX thread was busy " + fxShare * 100 + "% of the time");
            assertTrue(fastest > 1000, "packets/s shown: " + fastest);
            assertEquals(sent, stats.packets() + stats.kernelDrops() + stats.queueDrops(), "every datagram counted");
            assertEquals(stats.packets(), window.packetList().table().getItems().size(), "every captured packet shown");
            assertTrue(window.session().messages().isEmpty(), window.session().messages().toString());
            assertEquals(file, window.session().workspace().get().plan().captures().get(0).file());
        }
    }

    private static String cell(TableView<Integer> table, Column c, int position) {
        return table.getColumns().stream().filter(col -> col.getUserData() == c).findFirst().orElseThrow()
                .getCellData(position).toString();
    }
}
