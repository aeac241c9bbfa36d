package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.analysis.Finding;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import java.nio.file.Path;
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
 * The lab's mtu-blackhole bundle analysed by the rules engine in the window: the finding listed, selecting it selects
 * its packets, and the hop diagram draws the packet's journey with the hop where it is lost in red.
 */
@ExtendWith(ApplicationExtension.class)
class FindingJourneyTest {
    @TempDir
    Path config;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, AppOptions.of(new TestCaptureOpener(), new RulesAnalyzer(),
                config.resolve("recent"), List.of()));
    }

    @Test
    void theBlackHoleFindingAndItsJourney(FxRobot robot) throws Exception {
        robot.interact(() -> window.session().open(List.of(Samples.bundle("mtu-blackhole"))));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.session().idle().get()
                && !window.session().analysis().get().findings().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn((javafx.scene.Node) robot.lookup(n -> n instanceof javafx.scene.control.Labeled l && l.getText() != null && l.getText().startsWith("Findings (")).query());
        var findings = window.findings().table();
        List<String> ids = findings.getItems().stream().map(Finding::ruleId).toList();
        assertTrue(ids.containsAll(List.of("mtu.blackhole", "mtu.frag-needed")), ids.toString());
        assertEquals("mtu.blackhole", ids.get(0), "worst first");
        robot.clickOn(robot.lookup("#findings-table .table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        Finding hole = findings.getItems().get(0);

        // the finding's packets are selected in the list, the one at the hop where it happens focused
        var table = window.packetList().table();
        assertEquals(hole.focusRow(), (int) table.getSelectionModel().getSelectedItem());
        assertEquals(hole.rows().length, table.getSelectionModel().getSelectedItems().size());
        var ws = window.session().workspace().get();
        assertEquals("cni0 in", ws.formatter().cell(hole.focusRow(), Column.INTERFACE));
        assertEquals("\u25CF", ws.formatter().cell(hole.focusRow(), Column.MARK));

        // the hop diagram: node-a's veth, then cni0 where the packet stops, red, with the finding's summary
        HopDiagram d = window.hops().diagram();
        assertEquals(List.of("vethf7ada0fb in", "cni0 in"), d.stations().stream().map(Label::getText).toList());
        assertTrue(d.stations().get(1).getStyleClass().contains("hop-finding"));
        assertFalse(d.stations().get(0).getStyleClass().contains("hop-finding"));
        assertEquals(List.of("\u26A0 " + hole.summary()), d.callouts());
        assertTrue(d.titleLabel().getText().startsWith("ICMP echo request 10.244.0.11 \u2192 10.244.1.10, 1500 bytes"),
                d.titleLabel().getText());
        assertTrue(robot.lookup(".hop-lane-header").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("node-a")));
        assertTrue(robot.lookup(".hop-objects").queryAs(Label.class).getText()
                .contains("pod demo/mtu-client-7b9f6c5d8-q8wzt"));
        assertTrue(robot.lookup(".hop-outcome").queryAs(Label.class).getText().contains("mtu.blackhole (error)"));
        assertFalse(d.hasOverlaps(), "parts of the diagram overlap");
        // the details lead with the findings that name the packet
        assertTrue(window.details().tree().getRoot().getChildren().get(0).getValue().label()
                .startsWith("error \u2013 mtu.blackhole: 3 packets of 1500 bytes"));
        assertEquals("Packets: 169 \u00B7 Findings: " + findings.getItems().size(), robot.lookup("#status-counts").queryAs(Label.class).getText());
    }

    @Test
    void aPingThatWorkedCrossesTwoLanesInVxlan(FxRobot robot) throws Exception {
        robot.interact(() -> window.session().open(List.of(Samples.bundle("mtu-blackhole"))));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.session().idle().get()
                && !window.session().analysis().get().findings().isEmpty());
        var ws = window.session().workspace().get();
        int row = -1;
        for (int r = 0; r < ws.index().count() && row < 0; r++) {
            row = ws.formatter().cell(r, Column.INFO).startsWith("ICMP echo request, id 1001, seq 1") ? r : -1;
        }
        int selected = row;
        robot.interact(() -> window.session().selectRow(selected));
        WaitForAsyncUtils.waitForFxEvents();
        HopDiagram d = window.hops().diagram();
        assertEquals(List.of("node-a", "node-b"), robot.lookup(".hop-lane-header").queryAllAs(Label.class).stream()
                .map(Label::getText).toList());
        assertTrue(d.stations().size() >= 6);
        assertTrue(d.stations().stream().anyMatch(s -> s.getStyleClass().contains("hop-encapsulated")));
        assertTrue(d.arrowLabels().stream().anyMatch(a -> a.getText().contains("VXLAN 1 node-a \u2192 node-b")),
                d.arrowLabels().stream().map(Label::getText).toList().toString());
        assertTrue(d.callouts().isEmpty());
        assertFalse(d.hasOverlaps(), "parts of the diagram overlap");
    }
}
