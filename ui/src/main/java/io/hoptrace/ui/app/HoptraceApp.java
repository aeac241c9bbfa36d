package io.hoptrace.ui.app;

import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.analysis.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Starts the desktop application: the window on a stage, the options' paths opened, and in screenshot mode the
 * PNG written once everything has settled. The composition root (cli's {@code hoptrace gui}) calls {@link #run};
 * tests call {@link #show} on a stage TestFX gives them.
 */
public final class HoptraceApp {
    public static final double WIDTH = 1600;
    public static final double HEIGHT = 1000;

    private HoptraceApp() {
    }

    public static String stylesheet() {
        return HoptraceApp.class.getResource("hoptrace.css").toExternalForm();
    }

    /** Builds the main window into {@code stage}, shows it and opens the options' paths (FX thread). */
    public static MainWindow show(Stage stage, AppOptions options) {
        Session session = new Session(options);
        MainWindow window = new MainWindow(session);
        Scene scene = new Scene(window.root(), WIDTH, HEIGHT);
        scene.getStylesheets().add(stylesheet());
        stage.setScene(scene);
        stage.setTitle("hoptrace");
        stage.setMinWidth(800);
        stage.setMinHeight(500);
        session.workspace().addListener((o, was, ws) -> stage.setTitle(ws.plan() == null ? "hoptrace"
                : ws.plan().title() + " \u2013 hoptrace"));
        stage.setOnHidden(e -> session.dispose());
        stage.show();
        if (!options.filter().isBlank()) {
            window.filterField().setText(options.filter());
            window.applyFilter();
        }
        if (options.connect() != null) {
            session.cluster().connect(options.connect().isEmpty() ? null : options.connect());
        }
        if (!options.open().isEmpty()) {
            session.open(options.open());
            whenIdle(session, () -> selectAtStart(session, options.select()));
        }
        return window;
    }

    /**
     * Runs the application until its window closes; returns the exit status: 0, or 2 when a screenshot was asked
     * for and the window showed an error (the screenshot is written anyway) or could not be written.
     */
    public static int run(AppOptions options, Consumer<String> err) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            try {
                Stage stage = new Stage();
                stage.setOnHidden(e -> closed.countDown());
                MainWindow window = show(stage, options);
                stage.setOnHidden(e -> {
                    window.session().dispose();
                    closed.countDown();
                });
                if (options.screenshot() != null) {
                    screenshotWhenSettled(window, stage, options.screenshot(), err, status);
                }
            } catch (RuntimeException | Error e) {
                failure.set(e);
                closed.countDown();
            }
        });
        closed.await();
        Platform.exit();
        if (failure.get() != null) {
            err.accept("cannot start the window: " + Session.describe(failure.get()));
            return 3;
        }
        return status.get();
    }

    private static void screenshotWhenSettled(MainWindow window, Stage stage, Path file, Consumer<String> err,
                                              AtomicInteger status) {
        Session session = window.session();
        whenIdle(session, () -> {
            // two pulses for the selection's panels to lay out, then a short pause for the table's cells
            PauseTransition settle = new PauseTransition(Duration.millis(400));
            settle.setOnFinished(e -> {
                WritableImage image = stage.getScene().snapshot(null);
                try {
                    PngWriter.write(image, file);
                    err.accept("wrote " + file + " (" + (int) image.getWidth() + "x" + (int) image.getHeight() + ")");
                } catch (IOException ex) {
                    err.accept("cannot write " + file + ": " + ex.getMessage());
                    status.set(2);
                }
                for (Message m : session.messages()) {
                    if (m.level() == Message.Level.ERROR) {
                        err.accept(m.text());
                        status.compareAndSet(0, 2);
                    }
                }
                stage.hide();
            });
            settle.play();
        });
    }

    /** Runs {@code action} on the FX thread once loading, analysis and filtering are all done. */
    static void whenIdle(Session session, Runnable action) {
        if (session.idle().get()) {
            Platform.runLater(action);
            return;
        }
        ChangeListener<Boolean> l = new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean idle) {
                if (idle) {
                    session.idle().removeListener(this);
                    // the view task that follows analysis may start on this same change: look again next pulse
                    Platform.runLater(() -> whenIdle(session, action));
                }
            }
        };
        session.idle().addListener(l);
    }

    /** Selects packet {@code number} (1-based), or the first packet of the worst finding, or nothing. */
    static void selectAtStart(Session session, int number) {
        int count = session.workspace().get().index().count();
        if (number > 0 && number <= count) {
            session.selectRow(number - 1);
            return;
        }
        session.analysis().get().findings().stream()
                .filter(f -> f.focusRow() >= 0)
                .max(Comparator.comparing(Finding::severity))
                .filter(f -> f.severity() != Severity.NONE)
                .ifPresent(session::selectFinding);
    }
}
