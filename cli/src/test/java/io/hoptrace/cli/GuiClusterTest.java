package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoptrace.capture.snapshot.MockKubeconfig;
import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.app.MainWindow;
import io.hoptrace.ui.app.Message;
import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import io.hoptrace.ui.model.cluster.ClusterObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window connected to fabric8's mock API server through File ▸ Connect to Cluster (headless, Monocle): the
 * cluster tab lists the live objects, the packet list names IPs after the live pods (replacing the bundle's
 * k8s.json), a pod created or deleted afterwards shows or leaves without reloading, and failures are a line in
 * the window.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(ApplicationExtension.class)
class GuiClusterTest {
    private static final List<String> HEADLESS = List.of("testfx.robot=glass", "testfx.headless=true",
            "glass.platform=Monocle", "monocle.platform=Headless", "prism.order=sw", "prism.text=t2k",
            "java.awt.headless=true", "headless.geometry=1600x1000-32");

    static {
        // here, not in the pom: other cli tests check what happens without a display
        for (String p : HEADLESS) {
            System.setProperty(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
    }

    /** Packet 8 of node-a's capture: 10.244.0.11 → 10.244.1.10. */
    private static final int ROW = 7;

    static KubernetesMockServer server;
    static KubernetesClient client;
    private static Path dir;

    private MainWindow window;

    @BeforeAll
    static void cluster() throws Exception {
        LiveClusterFixture.create(client);
        dir = Files.createTempDirectory("hoptrace-gui-cluster");
    }

    @AfterAll
    static void noMoreHeadless() {
        // GuiCommandTest asks whether there is a display: Monocle would say yes
        System.clearProperty("glass.platform");
    }

    @Start
    void start(Stage stage) throws Exception {
        Path kubeconfig = LiveClusterFixture.kubeconfig(dir, server);
        window = HoptraceApp.show(stage, AppOptions.of(new CaptureFilesOpener(), new RulesAnalyzer(),
                dir.resolve("recent"), List.of()).withClusters(new KubeClusterConnector(kubeconfig), null));
    }

    /** node-a's capture of samples/mtu-blackhole (the bundle's k8s.json is found beside it). */
    private static Path nodeA() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("samples/mtu-blackhole"))) {
            p = p.getParent();
        }
        return p.resolve("samples/mtu-blackhole/nodes/node-a/any.pcap");
    }

    @Test
    void connectsThroughTheDialogAndNamesPacketsAfterTheLivePods(FxRobot robot) throws Exception {
        robot.interact(() -> window.session().open(List.of(nodeA())));
        waitIdle();
        assertEquals("10.244.0.11 (mtu-client-7b9f6c5d8-q8wzt)", cell(Column.SOURCE));

        robot.push(KeyCode.CONTROL, KeyCode.K);
        waitFor(() -> robot.lookup("#context-list").tryQuery().isPresent()
                && !robot.lookup("#context-list").queryAs(ListView.class).getItems().isEmpty());
        ListView<?> contexts = robot.lookup("#context-list").queryAs(ListView.class);
        assertEquals(List.of("mock", "staging"), contexts.getItems());
        assertEquals("mock", contexts.getSelectionModel().getSelectedItem());
        robot.clickOn("#connect-button");
        waitFor(() -> window.session().cluster().state().get() != null);
        waitIdle();

        assertEquals("Live: mock \u00B7 2 nodes, 1 pod, 1 Service",
                robot.lookup("#cluster-status").queryAs(Label.class).getText());
        List<String> listed = window.cluster().table().getItems().stream()
                .map(o -> o.kind() + " " + o.qualifiedName()).toList();
        assertEquals(List.of("Node node-a", "Node node-b", "Pod demo/live-client", "Service demo/web"), listed);
        assertTrue(robot.lookup("#cluster-source").queryAs(Label.class).getText()
                .startsWith("Live cluster, context mock: these names replace the bundle's k8s.json"));
        assertEquals("10.244.0.11 (live-client)", cell(Column.SOURCE));
        assertEquals("10.244.1.10", cell(Column.DESTINATION));
        // the cell on screen, not only the model
        assertFalse(robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> "10.244.0.11 (live-client)".equals(c.getText())).toList().isEmpty());

        // the journey is stitched again with the live index: its objects are the live pods
        robot.interact(() -> window.session().selectRow(ROW));
        waitFor(() -> robot.lookup(".hop-objects").tryQuery().isPresent());
        String objects = robot.lookup(".hop-objects").queryAs(Label.class).getText();
        assertTrue(objects.contains("pod demo/live-client") && !objects.contains("mtu-client"), objects);

        LiveClusterFixture.addLatePod(client);
        waitFor(() -> "10.244.1.10 (late-web)".equals(cell(Column.DESTINATION)));
        waitFor(() -> window.cluster().table().getItems().stream().map(ClusterObject::name).toList()
                .contains("late-web"));
        LiveClusterFixture.deleteLatePod(client);
        waitFor(() -> "10.244.1.10".equals(cell(Column.DESTINATION)));

        robot.interact(() -> window.session().cluster().disconnect());
        waitIdle();
        assertEquals("10.244.0.11 (mtu-client-7b9f6c5d8-q8wzt)", cell(Column.SOURCE));
        assertFalse(robot.lookup("#cluster-status").queryAs(Label.class).isVisible());
    }

    @Test
    void anUnreachableClusterIsALineInTheWindow(FxRobot robot) throws Exception {
        Path down = MockKubeconfig.write(Files.createTempDirectory(dir, "down"), MockKubeconfig.unreachable());
        MainWindow[] other = new MainWindow[1];
        robot.interact(() -> other[0] = HoptraceApp.show(new Stage(), AppOptions.of(new CaptureFilesOpener(),
                new RulesAnalyzer(), dir.resolve("recent"), List.of()).withClusters(new KubeClusterConnector(down),
                "")));
        waitFor(() -> !other[0].session().messages().isEmpty() && !other[0].session().cluster().connecting().get());
        Message m = other[0].session().messages().get(0);
        assertEquals(Message.Level.ERROR, m.level());
        assertTrue(m.text().startsWith("Cannot connect to the current context: Cannot reach the API server of"
                + " context mock ("), m.text());
        assertFalse(m.text().contains("\n") || m.text().contains("127.0.0.1") || m.text().contains("Exception:\n"),
                m.text());
        robot.interact(() -> other[0].root().getScene().getWindow().hide());
    }

    /** The packet list's text for packet 8 in column {@code c}, made on the FX thread (the formatter's). */
    private String cell(Column c) {
        TableView<Integer> table = window.packetList().table();
        try {
            return WaitForAsyncUtils.asyncFx(() -> table.getColumns().stream().filter(col -> col.getUserData() == c)
                    .findFirst().orElseThrow().getCellData(ROW).toString()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void waitIdle() throws TimeoutException {
        waitFor(() -> window.session().idle().get());
    }

    private static void waitFor(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> condition.getAsBoolean());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
