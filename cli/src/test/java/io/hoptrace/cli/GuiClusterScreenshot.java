package io.hoptrace.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.hoptrace.capture.snapshot.MockKubeconfig;
import io.hoptrace.rules.cluster.KubernetesJson;
import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.app.MainWindow;
import io.hoptrace.ui.app.PngWriter;
import io.hoptrace.ui.model.RecentFiles;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The screenshots in docs/: a bundle open in a window connected to fabric8's mock API server (CRUD mode) that
 * holds the bundle's own k8s.json objects plus a pod the bundle does not know. Run under xvfb-run:
 * {@code GuiClusterScreenshot BUNDLE OUT.png [packets|findings|cluster|dialog] [SELECT]}.
 */
public final class GuiClusterScreenshot {
    private GuiClusterScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String tab = args.length > 2 ? args[2] : "packets";
        int select = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), true);
        server.init();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (NamespacedKubernetesClient client = server.createClient()) {
            try (InputStream in = Files.newInputStream(bundle.resolve("k8s.json"))) {
                for (HasMetadata o : KubernetesJson.read(in)) {
                    o.getMetadata().setResourceVersion(null);
                    client.resource(o).create();
                }
            }
            client.pods().resource(LiveClusterFixture.pod("debug-shell-6f7d9", "10.244.0.42", "node-a")).create();
            Path kubeconfig = MockKubeconfig.write(Files.createTempDirectory("hoptrace-shot"),
                    "https://" + server.getHostName() + ":" + server.getPort());
            AppOptions options = new AppOptions(new CaptureFilesOpener(), new BundleArchiveUnpacker(),
                    new RulesAnalyzer(), io.hoptrace.decoders.DecoderConfig.defaults(), RecentFiles.defaultFile(),
                    List.of(bundle), "", select, null, null, new KubeClusterConnector(kubeconfig), "");
            CountDownLatch done = new CountDownLatch(1);
            Platform.startup(() -> {
                Stage stage = new Stage();
                MainWindow w = HoptraceApp.show(stage, options);
                whenSettled(w, () -> {
                    w.showTab(tab);
                    if (select > 0) {
                        w.session().selectRow(select - 1);
                    }
                    // "dialog": File > Connect to Cluster's dialog over the window, the dialog alone in the PNG
                    javafx.scene.Scene shot = tab.equals("dialog")
                            ? ConnectDialogs.open(stage, w).getDialogPane().getScene() : stage.getScene();
                    PauseTransition draw = new PauseTransition(Duration.millis(600));
                    draw.setOnFinished(e -> {
                        try {
                            PngWriter.write(shot.snapshot(null), out);
                            System.err.println("wrote " + out + "; status: " + w.statusBar().cluster().getText());
                        } catch (Exception x) {
                            failed.set(x);
                        }
                        done.countDown();
                    });
                    draw.play();
                });
            });
            done.await();
            Platform.exit();
        } finally {
            server.destroy();
        }
        if (failed.get() != null) {
            throw new IllegalStateException(failed.get());
        }
        System.exit(0);
    }

    /** The dialog, opened as the menu item does. */
    private static final class ConnectDialogs {
        static javafx.scene.control.Dialog<String> open(Stage owner, MainWindow w) {
            return io.hoptrace.ui.app.ConnectDialog.open(owner, w.session().cluster()).dialog();
        }
    }

    /** Polls every 200 ms until connected, loaded and analysed. */
    private static void whenSettled(MainWindow w, Runnable then) {
        PauseTransition poll = new PauseTransition(Duration.millis(200));
        poll.setOnFinished(e -> {
            var s = w.session();
            if (s.idle().get() && s.cluster().state().get() != null && s.packets().get() > 0) {
                then.run();
            } else {
                whenSettled(w, then);
            }
        });
        poll.play();
    }
}
