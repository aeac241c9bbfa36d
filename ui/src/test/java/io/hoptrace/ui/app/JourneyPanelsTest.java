package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.RowFormatter;
import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.analysis.Analysis;
import io.hoptrace.ui.model.analysis.Analyzer;
import io.hoptrace.ui.model.analysis.Finding;
import io.hoptrace.ui.model.analysis.Hop;
import io.hoptrace.ui.model.analysis.Journey;
import io.hoptrace.ui.model.filter.DisplayFilter;
import io.hoptrace.ui.model.filter.FilterContext;
import io.hoptrace.ui.model.RowMarks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The hop diagram and the findings panel wired to the session, fed by a hand-made analysis through the Analyzer
 * port: the first 1500-byte DF ping of the mtu-blackhole bundle seen on the pod's veth and on cni0, where node-a
 * answers "fragmentation needed". (The analysis engine in rules/ plugs into the same port.)
 */
@ExtendWith(ApplicationExtension.class)
class JourneyPanelsTest {
    @TempDir
    Path config;

    private MainWindow window;

    /** Stitches the first big DF echo request by hand, the way the engine would. */
    static final Analyzer BLACKHOLE = (plan, index, cluster, cancelled) -> {
        try {
            var ctx = new FilterContext(index, cluster, RowMarks.NONE);
            var big = DisplayFilter.compile("icmp and len > 1400 and src 10.244.0.11").bind(ctx);
            var frag = DisplayFilter.compile("icmp and src 10.244.0.1").bind(ctx);
            List<Integer> rows = new ArrayList<>();
            int error = -1;
            for (int row = 0; row < index.count() && (rows.size() < 2 || error < 0); row++) {
                if (big.test(row) && rows.size() < 2) {
                    rows.add(row);
                } else if (frag.test(row) && error < 0) {
                    error = row;
                }
            }
            RowFormatter f = new RowFormatter(index, cluster, io.hoptrace.decoders.DecoderConfig.defaults());
            String summary = "DF packet of 1500 bytes does not fit the 1450-byte VXLAN overlay: dropped at node-a cni0";
            List<Hop> hops = new ArrayList<>();
            long previous = index.timestamp(rows.get(0));
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                String iface = f.cell(r, io.hoptrace.ui.model.Column.INTERFACE);
                boolean last = i == rows.size() - 1;
                hops.add(new Hop(r, "node-a", iface, index.timestamp(r), index.timestamp(r) - previous, "",
                        "10.244.0.11 \u2192 10.244.1.10", "", last ? summary : "",
                        last ? Severity.ERROR : Severity.NONE));
                previous = index.timestamp(r);
            }
            Journey j = new Journey("ICMP echo request 10.244.0.11 \u2192 10.244.1.10, 1500 bytes, DF",
                    hops, List.of("pod demo/mtu-client-7b9f6c5d8-q8wzt", "pod demo/web-7d4b9c6f8-abcde"),
                    "never left node-a: fragmentation needed (mtu 1450)");
            int[] evidence = {rows.get(0), rows.get(1), error};
            Finding finding = new Finding("mtu.blackhole", Severity.ERROR, summary,
                    "set the pod's MTU to 1450, or let PMTU discovery through", evidence);
            return new Analysis() {
                @Override
                public List<Finding> findings() {
                    return List.of(finding);
                }

                @Override
                public Journey journeyOf(int row) {
                    return rows.contains(row) ? j : null;
                }

                @Override
                public Severity severity(int row) {
                    for (int r : evidence) {
                        if (r == row) {
                            return Severity.ERROR;
                        }
                    }
                    return Severity.NONE;
                }

                @Override
                public boolean hasRule(int row, String rule) {
                    return severity(row) != Severity.NONE && "mtu.blackhole".startsWith(rule);
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    };

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, AppOptions.of(new TestCaptureOpener(), BLACKHOLE, config.resolve("recent"),
                List.of()));
    }

    private void openBundle(FxRobot robot) throws Exception {
        robot.interact(() -> window.session().open(List.of(Samples.bundle("mtu-blackhole"))));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.session().idle().get()
                && !window.session().analysis().get().findings().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void selectingTheFindingSelectsItsPacketAndDrawsItsJourney(FxRobot robot) throws Exception {
        openBundle(robot);
        var findings = window.findings().table();
        assertEquals(1, findings.getItems().size());
        robot.clickOn("Findings (1)");
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#findings-table .table-row-cell")
                .tryQueryAs(javafx.scene.Node.class).map(javafx.scene.Node::isVisible).orElse(false));
        Finding f = findings.getItems().get(0);
        robot.clickOn(robot.lookup("#findings-table .table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        // the click must land on the findings table, laid out once the tab switch is; then its events are handled
        waitQuietly(() -> window.session().selectedRow().get() == f.rows()[0]);
        WaitForAsyncUtils.waitForFxEvents();
        int row = window.session().selectedRow().get();
        assertEquals(f.rows()[0], row);
        assertEquals(row, (int) window.packetList().table().getSelectionModel().getSelectedItem());

        HopDiagram d = window.hops().diagram();
        assertEquals(List.of("vethf7ada0fb in", "cni0 in"), d.stations().stream().map(Label::getText).toList());
        assertEquals(List.of("\u26A0 " + f.summary()), d.callouts());
        assertTrue(d.stations().get(1).getStyleClass().contains("hop-finding"));
        assertFalse(d.stations().get(0).getStyleClass().contains("hop-finding"));
        assertTrue(d.stations().get(0).getStyleClass().contains("hop-selected"));
        assertTrue(d.arrowLabels().get(0).getText().startsWith("+"), d.arrowLabels().get(0).getText());
        assertTrue(d.titleLabel().getText().startsWith("ICMP echo request 10.244.0.11"));
        assertFalse(d.hasOverlaps(), "labels of the diagram overlap");
        assertTrue(robot.lookup(".hop-objects").queryAs(Label.class).getText().contains("pod demo/mtu-client"));

        // a double click goes to the packet list, where the packet is selected. It must not follow the single
        // click above within the double-click time: JavaFX would count its first click as the second of a pair,
        // switch to the packet list, and the next click would land on the row now under the pointer (row 42, the
        // top of the list scrolled to 45), as a person's triple click would
        robot.moveBy(0, 200);
        robot.sleep(800);
        robot.doubleClickOn(robot.lookup("#findings-table .table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.packetList().table().isVisible());
        assertEquals(row, (int) window.packetList().table().getSelectionModel().getSelectedItem());

        // the marked rows, the mark column and the rule filter
        assertEquals("\u25CF", window.session().workspace().get().formatter().cell(row, io.hoptrace.ui.model.Column.MARK));
        robot.interact(() -> window.session().applyFilter("rule == mtu.blackhole"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().idle().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, window.packetList().table().getItems().size());
        assertEquals("Packets: 169 \u00B7 Displayed: 3 (1.8%) \u00B7 Findings: 1",
                robot.lookup("#status-counts").queryAs(Label.class).getText());
    }

    @Test
    void clickingAStationSelectsThatObservation(FxRobot robot) throws Exception {
        openBundle(robot);
        robot.interact(() -> window.session().selectFinding(window.findings().table().getItems().get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        HopDiagram d = window.hops().diagram();
        Hop second = (Hop) d.stations().get(1).getUserData();
        robot.clickOn(d.stations().get(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(second.row(), window.session().selectedRow().get());
        assertTrue(d.stations().get(1).getStyleClass().contains("hop-selected"));
        // the details tree leads with the finding
        assertTrue(window.details().tree().getRoot().getChildren().get(0).getValue().label()
                .startsWith("error \u2013 mtu.blackhole: DF packet"));
    }

    @Test
    void aPacketWithoutAJourneySaysSo(FxRobot robot) throws Exception {
        openBundle(robot);
        robot.interact(() -> window.session().selectRow(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".hop-panel .placeholder").queryAs(Label.class).getText()
                .startsWith("Packet 1 has no journey"));
    }

    private static void waitQuietly(java.util.concurrent.Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertion that follows says what was there instead
        }
    }
}
