package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.DetailNode;
import io.hoptrace.ui.model.analysis.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window as a user drives it (headless, Monocle): open, look, select, filter, fail. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private static final Path NODE_A = Samples.bundle("mtu-blackhole").resolve("nodes/node-a/any.pcap");

    @TempDir
    Path config;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, AppOptions.of(new TestCaptureOpener(), Analyzer.NONE,
                config.resolve("recent"), List.of()));
    }

    private void open(FxRobot robot, Path... paths) throws Exception {
        robot.interact(() -> window.session().open(List.of(paths)));
        waitIdle();
    }

    private void waitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.session().idle().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void opensACaptureAndShowsItsRows(FxRobot robot) throws Exception {
        open(robot, NODE_A);
        var table = window.packetList().table();
        assertEquals(85, table.getItems().size());
        assertEquals("Packets: 85", robot.lookup("#status-counts").queryAs(Label.class).getText());
        // packet 28 (tshark -Y icmp.type==3): node-a's cni0 tells the pod the packet is too big for the overlay
        int position = 27;
        assertEquals("28", cell(table, Column.NUMBER, position));
        assertEquals("node-a", cell(table, Column.NODE, position));
        assertEquals("cni0 out", cell(table, Column.INTERFACE, position));
        assertEquals("10.244.0.1 (node-a cni0)", cell(table, Column.SOURCE, position));
        assertEquals("ICMP", cell(table, Column.PROTOCOL, position));
        assertEquals("596", cell(table, Column.LENGTH, position));
        assertTrue(cell(table, Column.INFO, position).contains("need to frag (mtu 1450)"));
        // the cells on screen show the same text
        assertFalse(robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> "mtu-client-7b9f6c5d8-q8wzt".equals(c.getText())
                        || String.valueOf(c.getText()).contains("(mtu-client-7b9f6c5d8-q8wzt)"))
                .toList().isEmpty());
    }

    private static String cell(javafx.scene.control.TableView<Integer> table, Column c, int position) {
        return table.getColumns().stream().filter(col -> col.getUserData() == c).findFirst().orElseThrow()
                .getCellData(position).toString();
    }

    @Test
    void selectingAPacketShowsItsLayersAndTheFieldsBytes(FxRobot robot) throws Exception {
        open(robot, NODE_A);
        robot.interact(() -> window.session().selectRow(27));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(27, (int) window.packetList().table().getSelectionModel().getSelectedItem());
        TreeItem<DetailNode> root = window.details().tree().getRoot();
        assertNotNull(root);
        TreeItem<DetailNode> ip = root.getChildren().stream()
                .filter(i -> i.getValue().label().startsWith("IPv4,")).findFirst().orElseThrow();
        TreeItem<DetailNode> ttl = ip.getChildren().stream()
                .filter(i -> i.getValue().label().startsWith("ttl: ")).findFirst().orElseThrow();
        assertEquals("ttl: 64", ttl.getValue().label());
        // click the ttl line as a user would: the bytes pane highlights that one byte (0x40) in hex and ascii
        robot.interact(() -> {
            ip.setExpanded(true);
            window.details().tree().scrollTo(window.details().tree().getRow(ttl));
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".tree-cell").queryAllAs(javafx.scene.control.TreeCell.class).stream()
                .filter(c -> "ttl: 64".equals(c.getText())).findFirst().orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(ttl, window.details().tree().getSelectionModel().getSelectedItem());
        HexView hex = window.hex().hexView();
        assertEquals(List.of("40", "@"), hex.highlightedText());
        assertTrue(hex.highlightDrawn());
        // and the other way: clicking a byte of the source address selects the src field
        robot.interact(() -> window.details().tree().getSelectionModel().clearSelection());
        assertEquals(List.of(), hex.highlightedText());
    }

    @Test
    void theFilterFieldFiltersAndCounts(FxRobot robot) throws Exception {
        open(robot, NODE_A);
        robot.clickOn("#filter-field").write("icmp").type(KeyCode.ENTER);
        waitIdle();
        assertEquals(28, window.packetList().table().getItems().size());
        assertEquals("Packets: 85 \u00B7 Displayed: 28 (32.9%)",
                robot.lookup("#status-counts").queryAs(Label.class).getText());
        // a typo: the field says what is wrong and the list keeps the last good filter
        robot.doubleClickOn("#filter-field").eraseText(4).write("icmp and fish").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("unknown protocol or field 'fish'", robot.lookup("#filter-error").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#filter-field").query().getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("invalid")));
        assertEquals(28, window.packetList().table().getItems().size());
        robot.clickOn("#filter-clear");
        waitIdle();
        assertEquals(85, window.packetList().table().getItems().size());
    }

    @Test
    void clickingAColumnHeaderSortsOffTheFxThread(FxRobot robot) throws Exception {
        open(robot, NODE_A);
        robot.clickOn(header(robot, "col-source"));
        waitIdle();
        var table = window.packetList().table();
        var ix = window.session().workspace().get().index();
        assertEquals(85, table.getItems().size());
        for (int i = 1; i < table.getItems().size(); i++) {
            int a = ix.innerSource(table.getItems().get(i - 1));
            int b = ix.innerSource(table.getItems().get(i));
            assertTrue(a < 0 || io.hoptrace.ui.model.Addresses.compare(ix.addresses().bytes(a), ix.addresses().bytes(b)) <= 0,
                    "source order at " + i);
        }
        // No. twice: descending, newest first
        robot.clickOn(header(robot, "col-number")).clickOn(header(robot, "col-number"));
        waitIdle();
        assertEquals(84, (int) table.getItems().get(0));
        assertEquals(0, (int) table.getItems().get(84));
    }

    private static javafx.scene.Node header(FxRobot robot, String id) {
        return robot.lookup(".column-header").queryAll().stream()
                .filter(h -> id.equals(h.getId())).findFirst().orElseThrow();
    }

    @Test
    void aTextFileShowsAnErrorInTheWindow(FxRobot robot, @TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Hello, this is not a capture\n");
        open(robot, text);
        Label message = robot.lookup("#banner-message").queryAs(Label.class);
        assertEquals(text + ": not a pcap or pcapng capture (starts with 0x48 0x65 0x6c 0x6c)", message.getText());
        assertTrue(message.isVisible());
        assertTrue(message.getParent().getStyleClass().contains("banner-error"));
        assertEquals(0, window.packetList().table().getItems().size());
    }

    @Test
    void aTextFileAfterACaptureKeepsTheCaptureOpen(FxRobot robot, @TempDir Path dir) throws Exception {
        open(robot, NODE_A);
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a capture");
        open(robot, text);
        assertTrue(robot.lookup("#banner-message").queryAs(Label.class).getText().contains("not a pcap or pcapng"));
        assertEquals(85, window.packetList().table().getItems().size());
    }

    @Test
    void aMissingPathSaysSo(FxRobot robot, @TempDir Path dir) throws Exception {
        open(robot, dir.resolve("gone.pcap"));
        assertEquals(dir.resolve("gone.pcap") + ": no such file or directory",
                robot.lookup("#banner-message").queryAs(Label.class).getText());
    }

    @Test
    void openedFilesAreRemembered(FxRobot robot) throws Exception {
        open(robot, NODE_A);
        assertEquals(List.of(NODE_A.toAbsolutePath().normalize()), window.session().recentFiles());
        assertEquals(List.of(NODE_A.toAbsolutePath().normalize().toString()),
                Files.readAllLines(config.resolve("recent")));
    }

    @Test
    void aBundleNamesNodesAndListsTheCluster(FxRobot robot) throws Exception {
        open(robot, Samples.bundle("mtu-blackhole"));
        assertEquals(169, window.packetList().table().getItems().size());
        var objects = window.cluster().table().getItems();
        assertEquals(3, objects.stream().filter(o -> o.kind().equals("Node")).count());
        assertTrue(objects.stream().anyMatch(o -> o.qualifiedName().equals("demo/web") && o.kind().equals("Service")));
        robot.interact(() -> window.session().applyFilter("pod == mtu-client and node == node-b"));
        waitIdle();
        assertTrue(window.packetList().table().getItems().size() > 0);
    }
}
