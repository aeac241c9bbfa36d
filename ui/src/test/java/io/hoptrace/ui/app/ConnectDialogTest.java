package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.analysis.Analyzer;
import io.hoptrace.ui.model.port.ClusterConnection;
import io.hoptrace.ui.model.port.ClusterConnector;
import io.hoptrace.ui.model.port.ClusterException;
import io.hoptrace.ui.model.port.ClusterListener;
import io.hoptrace.ui.model.port.KubeContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The connect dialog and the status bar when the cluster does not answer as hoped (a connector that fails or
 * hangs; the real one against a mock API server is cli's GuiClusterTest): messages in the window, a cancel that
 * interrupts the connection being made.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectDialogTest {
    static final String NO_KUBECONFIG = "No kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and no pod service"
            + " account: set KUBECONFIG, create ~/.kube/config, or start with hoptrace gui --kubeconfig FILE";

    /** Lists no contexts (no kubeconfig), and hangs on connect until interrupted. */
    static final class Stuck implements ClusterConnector {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public KubeContexts contexts() throws ClusterException {
            throw new ClusterException(NO_KUBECONFIG);
        }

        @Override
        public ClusterConnection connect(String context, ClusterListener listener) throws InterruptedException {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            throw new AssertionError("unreachable");
        }
    }

    @TempDir
    Path config;

    private final Stuck stuck = new Stuck();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = HoptraceApp.show(stage, AppOptions.of(new TestCaptureOpener(), Analyzer.NONE,
                config.resolve("recent"), List.of()).withClusters(stuck, null));
    }

    @Test
    void noKubeconfigIsSaidInTheDialogAndNothingCanBeConnected(FxRobot robot) throws Exception {
        robot.push(KeyCode.CONTROL, KeyCode.K);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#context-error").tryQuery()
                .map(n -> !((Label) n).getText().isEmpty()).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(NO_KUBECONFIG, robot.lookup("#context-error").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#connect-button").queryAs(Node.class).isDisabled());
    }

    @Test
    void aConnectionBeingMadeShowsInTheStatusBarAndCancelStopsIt(FxRobot robot) throws Exception {
        robot.interact(() -> window.session().cluster().connect("prod"));
        assertTrue(stuck.entered.await(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Connecting to prod\u2026", window.statusBar().cluster().getText());
        assertTrue(robot.lookup("#cluster-cancel").queryAs(Node.class).isVisible());
        assertFalse(window.session().idle().get());

        robot.clickOn("#cluster-cancel");
        assertTrue(stuck.interrupted.await(10, TimeUnit.SECONDS), "the connector was not interrupted");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.session().cluster().connecting().get());
        assertFalse(window.statusBar().cluster().isVisible());
        assertTrue(window.session().idle().get());
        assertTrue(window.session().messages().isEmpty(), window.session().messages().toString());
    }

    @Test
    void aFailedConnectionIsOneLineInTheBanner(FxRobot robot) throws Exception {
        ClusterConnector refusing = new ClusterConnector() {
            @Override
            public KubeContexts contexts() {
                return new KubeContexts("~/.kube/config", List.of("prod"), "prod");
            }

            @Override
            public ClusterConnection connect(String context, ClusterListener listener) throws ClusterException {
                throw new ClusterException("Context prod may not list pods (HTTP 403: forbidden): ask for get, list"
                        + " and watch on pods, services, endpointslices, nodes and networkpolicies");
            }
        };
        MainWindow[] other = new MainWindow[1];
        robot.interact(() -> other[0] = HoptraceApp.show(new Stage(), AppOptions.of(new TestCaptureOpener(),
                Analyzer.NONE, config.resolve("recent"), List.of()).withClusters(refusing, "prod")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !other[0].session().messages().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Message m = other[0].session().messages().get(0);
        assertEquals(Message.Level.ERROR, m.level());
        assertEquals("Cannot connect to context prod: Context prod may not list pods (HTTP 403: forbidden): ask for"
                + " get, list and watch on pods, services, endpointslices, nodes and networkpolicies", m.text());
        robot.interact(() -> other[0].root().getScene().getWindow().hide());
    }
}
