package io.hoptrace.cli;

import io.hoptrace.capture.live.VethLab;
import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.CaptureDialog;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.app.MainWindow;
import io.hoptrace.ui.app.PngWriter;
import io.hoptrace.ui.model.analysis.RulesAnalyzer;
import io.hoptrace.ui.model.port.LiveInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * Not a unit test: the window capturing live on a veth with traffic, written as PNGs to look at (docs/gui-live.png).
 * Root, under {@code xvfb-run -a -s "-screen 0 1600x1000x24"}: {@code java -cp <cli test classpath>
 * io.hoptrace.cli.LiveScreenshot docs/gui-live.png}. Also writes the dialog ({@code -dialog.png}), the dialog
 * with a bad filter ({@code -error.png}) and the window after Stop ({@code -stopped.png}) beside it.
 */
public final class LiveScreenshot {
    private static final String FILTER = "udp or icmp";

    private LiveScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        String stem = out.toString().replaceFirst("\\.png$", "");
        Path scratch = Files.createTempDirectory("hoptrace-shot");
        Platform.startup(() -> { });
        try (VethLab lab = VethLab.create(scratch)) {
            Stage[] stage = new Stage[1];
            MainWindow window = onFx(() -> {
                stage[0] = new Stage();
                return HoptraceApp.show(stage[0], AppOptions.of(new CaptureFilesOpener(), new RulesAnalyzer(),
                        scratch.resolve("recent"), List.of()).withCapturer(new LiveCaptureAdapter()));
            });
            CaptureDialog dialog = onFx(() -> {
                CaptureDialog d = new CaptureDialog(stage[0], window.live());
                d.show();
                return d;
            });
            ListView<LiveInterface> list = onFx(() -> listOf(dialog.dialog().getDialogPane().getScene()));
            while (onFx(() -> list.getItems().isEmpty())) {
                Thread.sleep(100);
            }
            TextField filter = onFx(() -> (TextField) dialog.dialog().getDialogPane().lookup("#capture-filter"));
            javafx.scene.control.Label error = onFx(() -> (javafx.scene.control.Label) dialog.dialog().getDialogPane()
                    .lookup("#capture-error"));
            onFx(() -> {
                list.getItems().stream().filter(i -> i.name().equals(lab.host)).findFirst()
                        .ifPresent(i -> list.getSelectionModel().select(i));
                filter.setText("udp port");
                ((javafx.scene.control.Button) dialog.dialog().getDialogPane().lookup("#capture-start")).fire();
                return null;
            });
            while (!onFx(() -> error.getText().startsWith("bad"))) {
                Thread.sleep(100);
            }
            Thread.sleep(300);
            snapshot(dialog.dialog().getDialogPane().getScene(), Path.of(stem + "-error.png"));
            onFx(() -> {
                filter.setText(FILTER);
                return null;
            });
            Thread.sleep(800);
            snapshot(dialog.dialog().getDialogPane().getScene(), Path.of(stem + "-dialog.png"));
            onFx(() -> {
                ((javafx.scene.control.Button) dialog.dialog().getDialogPane().lookup("#capture-start")).fire();
                return null;
            });
            while (!onFx(() -> window.live().running().get())) {
                Thread.sleep(100);
            }
            Process udp = lab.udpFor(5555, 200, 8.0);
            lab.ping(4242, 30, 56, 0.02);
            Thread.sleep(1500);
            onFx(() -> {
                window.session().selectRow(3);
                return null;
            });
            Thread.sleep(600);
            snapshot(stage[0].getScene(), out);
            udp.waitFor(20, TimeUnit.SECONDS);
            onFx(() -> {
                window.live().stop();
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (window.live().running().get()
                    || !onFx(() -> window.session().idle().get()))) {
                Thread.sleep(200);
            }
            Thread.sleep(800);
            snapshot(stage[0].getScene(), Path.of(stem + "-stopped.png"));
            System.err.println(onFx(() -> window.session().status().get()));
            onFx(() -> {
                stage[0].hide();
                return null;
            });
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }

    @SuppressWarnings("unchecked")
    private static ListView<LiveInterface> listOf(Scene scene) {
        return (ListView<LiveInterface>) scene.lookup("#capture-interfaces");
    }

    private static void snapshot(Scene scene, Path file) throws Exception {
        onFx(() -> {
            PngWriter.write(scene.snapshot(null), file);
            return null;
        });
        System.err.println("wrote " + file);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        return task.get(30, TimeUnit.SECONDS);
    }
}
