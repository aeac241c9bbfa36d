package io.hoptrace.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hoptrace.ui.Samples;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.analysis.Analysis;
import io.hoptrace.ui.model.analysis.Analyzer;
import io.hoptrace.ui.model.port.ClusterConnection;
import io.hoptrace.ui.model.port.ClusterConnector;
import io.hoptrace.ui.model.port.ClusterListener;
import io.hoptrace.ui.model.port.ClusterState;
import io.hoptrace.ui.model.port.KubeContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A live cluster that keeps changing (a connector whose updates the test sends): the rows' names follow at once,
 * the analysis runs again at most once per {@link Session#REANALYSE_EVERY}, and only when a name of an address in
 * the capture changed.
 */
@ExtendWith(ApplicationExtension.class)
class ClusterReanalysisTest {
    private static final Path NODE_A = Samples.bundle("mtu-blackhole").resolve("nodes/node-a/any.pcap");
    /** In NODE_A (the client pod). */
    private static final String CLIENT_IP = "10.244.0.11";
    /** Not in NODE_A. */
    private static final String ELSEWHERE_IP = "10.244.7.7";

    /** Hands out one connection whose updates the test sends through {@link #send}. */
    static final class Pushed implements ClusterConnector {
        volatile ClusterListener listener;

        @Override
        public KubeContexts contexts() {
            return new KubeContexts("~/.kube/config", List.of("prod"), "prod");
        }

        @Override
        public ClusterConnection connect(String context, ClusterListener l) {
            listener = l;
            ClusterState first = state(1, "client-1", CLIENT_IP);
            return new ClusterConnection() {
                @Override
                public String context() {
                    return "prod";
                }

                @Override
                public ClusterState state() {
                    return first;
                }

                @Override
                public void close() {
                }
            };
        }

        void send(long version, String pod, String ip) {
            listener.changed(state(version, pod, ip));
        }
    }

    /** The client pod as client-1 at CLIENT_IP, plus {@code pod} at {@code ip}. */
    static ClusterState state(long version, String pod, String ip) {
        List<HasMetadata> objects = List.of(pod("client-1", CLIENT_IP.equals(ip) ? "10.244.0.99" : CLIENT_IP),
                pod(pod, ip));
        return new ClusterState("prod", version, objects, Map.of());
    }

    private static HasMetadata pod(String name, String ip) {
        return new PodBuilder().withNewMetadata().withNamespace("demo").withName(name).endMetadata().withNewSpec()
                .withNodeName("node-a").endSpec().withNewStatus().withPodIP(ip).endStatus().build();
    }

    @TempDir
    Path config;

    private final Pushed connector = new Pushed();
    private final AtomicInteger analyses = new AtomicInteger();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        Analyzer counting = (plan, index, cluster, cancelled) -> {
            analyses.incrementAndGet();
            return Analysis.NONE;
        };
        window = HoptraceApp.show(stage, AppOptions.of(new TestCaptureOpener(), counting, config.resolve("recent"),
                List.of()).withClusters(connector, "prod"));
    }

    @BeforeEach
    void connectedThenOpened(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().cluster().state().get() != null);
        robot.interact(() -> window.session().open(List.of(NODE_A)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.session().idle().get()
                && window.session().packets().get() > 0 && analyses.get() == 1);
    }

    private String nameOfClient() {
        return window.session().workspace().get().cluster().nameOf(CLIENT_IP);
    }

    private void awaitVersion(long version) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.session().cluster().state().get().version()
                == version);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aBurstOfUpdatesToTheCapturesNamesGivesOneAnalysis(FxRobot robot) throws Exception {
        assertEquals("client-1", nameOfClient());
        for (int v = 2; v <= 6; v++) {
            connector.send(v, "client-" + v, CLIENT_IP);
            awaitVersion(v);
            // the names change at once, the analysis waits
            assertEquals("client-" + v, nameOfClient());
        }
        assertEquals(1, analyses.get(), "no analysis within " + Session.REANALYSE_EVERY + " of the last");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> analyses.get() == 2);
        Thread.sleep((long) Session.REANALYSE_EVERY.toMillis() + 1000);
        assertEquals(2, analyses.get(), "the burst gave one analysis");
    }

    @Test
    void anUpdateThatNamesNoAddressOfTheCaptureGivesNoAnalysis(FxRobot robot) throws Exception {
        connector.send(2, "elsewhere", ELSEWHERE_IP);
        awaitVersion(2);
        assertEquals("elsewhere", window.session().workspace().get().cluster().nameOf(ELSEWHERE_IP));
        Thread.sleep((long) Session.REANALYSE_EVERY.toMillis() + 1000);
        assertEquals(1, analyses.get());
    }
}
