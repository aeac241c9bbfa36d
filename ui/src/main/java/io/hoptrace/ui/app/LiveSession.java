package io.hoptrace.ui.app;

import io.hoptrace.ui.model.live.LiveFeed;
import io.hoptrace.ui.model.load.CaptureInput;
import io.hoptrace.ui.model.load.OpenPlan;
import io.hoptrace.ui.model.load.RowAppender;
import io.hoptrace.ui.model.port.InterfaceNaming;
import io.hoptrace.ui.model.port.LiveCaptureException;
import io.hoptrace.ui.model.port.LiveInterface;
import io.hoptrace.ui.model.port.LiveRequest;
import io.hoptrace.ui.model.port.LiveStats;
import io.hoptrace.ui.model.port.RunningCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.util.Duration;

/**
 * A live capture as the window runs it (FX thread): starts it through the options' {@link
 * io.hoptrace.ui.model.port.LiveCapturer}, shows its rows as a {@link LiveFeed} appends them, puts its counters in
 * the status line four times a second, and on the end (Stop, or a failure) hands the rows to analysis as for an
 * opened file.
 */
public final class LiveSession {
    /** How often the counters are shown. */
    static final Duration STATS_EVERY = Duration.millis(250);

    private final Session session;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ObjectProperty<LiveStats> stats = new SimpleObjectProperty<>(LiveStats.ZERO);
    private final Timeline statsTimer = new Timeline(new KeyFrame(STATS_EVERY, e -> showStats()));
    private LiveRequest lastRequest = new LiveRequest(List.of(), "", LiveRequest.DEFAULT_SNAPLEN, null);
    private RunningCapture capture;
    private Workspace workspace;
    private String what;
    private boolean stopping;
    private boolean starting;

    LiveSession(Session session) {
        this.session = session;
        statsTimer.setCycleCount(Animation.INDEFINITE);
        session.onDispose(this::stop);
        // opening a file while capturing ends the capture
        session.workspace().addListener((o, was, ws) -> {
            if (capture != null && ws != workspace) {
                stop();
            }
        });
    }

    /**
     * Starts capturing off the FX thread (libpcap lists and opens interfaces through JNA, which takes seconds on a
     * host with many of them); then, on the FX thread, {@code started} runs, or {@code failed} gets the one-line
     * message of what is wrong (a bad filter, no privilege) and nothing was started.
     */
    public void start(LiveRequest request, Runnable started, Consumer<String> failed) {
        if (running.get() || starting) {
            failed.accept("a capture is already running; stop it first (Capture \u25B8 Stop)");
            return;
        }
        starting = true;
        LiveFeed f = new LiveFeed(LiveFeed.DEFAULT_QUEUE_BYTES);
        Thread t = new Thread(() -> {
            try {
                RunningCapture c = session.options().capturer().start(request, f);
                Platform.runLater(() -> {
                    starting = false;
                    began(request, c, f);
                    started.run();
                });
            } catch (LiveCaptureException | RuntimeException e) {
                String message = e instanceof LiveCaptureException ? e.getMessage() : Session.describe(e);
                Platform.runLater(() -> {
                    starting = false;
                    failed.accept(message);
                });
            }
        }, "hoptrace-live-start");
        t.setDaemon(true);
        t.start();
    }

    private void began(LiveRequest request, RunningCapture c, LiveFeed f) {
        lastRequest = request;
        what = String.join(", ", request.interfaces()) + (request.filter().isEmpty() ? ""
                : " (" + request.filter() + ")");
        // the node the file's interface blocks name, so that analysis names the hops as the Node column does
        String node = RowAppender.nodeIn(c.interfaceDescription(0));
        OpenPlan plan = new OpenPlan("Live: " + what, List.of(new CaptureInput(c.file(), node == null ? "" : node)),
                null, Map.of());
        Workspace ws = new Workspace(plan, session.options().config());
        if (request.file() == null) {
            ws.deleteOnClose(c.file());
        }
        f.start(new RowAppender(session.options().config(), plan, ws.cluster(), ws.index(),
                new InterfaceNaming[] {c}), ws.index());
        capture = c;
        workspace = ws;
        stopping = false;
        stats.set(LiveStats.ZERO);
        running.set(true);
        session.beginCapture(ws, "Capturing on " + what + "\u2026", this::stop);
        statsTimer.play();
        Thread waiter = new Thread(() -> awaitEnd(c, f, ws), "hoptrace-live-end");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Lists the interfaces off the FX thread; the answer (or the one-line reason there is none) comes on it. */
    void interfaces(Consumer<List<LiveInterface>> listed, Consumer<String> failed) {
        Thread t = new Thread(() -> {
            try {
                List<LiveInterface> list = session.options().capturer().interfaces();
                Platform.runLater(() -> listed.accept(list));
            } catch (LiveCaptureException | RuntimeException e) {
                String message = e instanceof LiveCaptureException ? e.getMessage() : Session.describe(e);
                Platform.runLater(() -> failed.accept(message));
            }
        }, "hoptrace-live-interfaces");
        t.setDaemon(true);
        t.start();
    }

    /** Asks the running capture to end; the rows and analysis follow when its file is complete. */
    public void stop() {
        if (capture != null && !stopping) {
            stopping = true;
            capture.stop();
            session.status().set("Stopping the capture on " + what + "\u2026");
        }
    }

    private void awaitEnd(RunningCapture c, LiveFeed f, Workspace ws) {
        RunningCapture.Ended end;
        try {
            end = c.awaitEnd();
        } catch (InterruptedException e) {
            f.abandon();
            return;
        }
        f.finish();
        Platform.runLater(() -> ended(c, f, ws, end));
    }

    private void ended(RunningCapture c, LiveFeed f, Workspace ws, RunningCapture.Ended end) {
        if (c != capture) {
            return;
        }
        statsTimer.stop();
        capture = null;
        stats.set(end.stats());
        running.set(false);
        List<String> problems = new ArrayList<>(end.warnings());
        String status = String.format(Locale.ROOT, "Captured %,d packets on %s into %s", end.stats().packets(),
                what, end.file());
        if (f.dropped() > 0 || f.failure() != null) {
            // the window fell behind: the file has every packet, so show the file
            session.endCapture(null, status, List.of());
            // the file is read again by the workspace that replaces this one: it deletes it, not this one
            Path temporary = ws.temporaryFile();
            ws.deleteOnClose(null);
            session.open(List.of(end.file()), temporary);
            problems.add(String.format(Locale.ROOT, "the window fell behind the capture and left out %,d packets "
                    + "while it ran; they are shown now, read back from %s", f.dropped(), end.file()));
            problems.forEach(p -> session.messages().add(new Message(Message.Level.WARNING, p)));
        } else {
            session.endCapture(ws, status, problems);
        }
        if (end.error() != null) {
            session.showError(end.error());
        }
    }

    private void showStats() {
        RunningCapture c = capture;
        if (c == null) {
            return;
        }
        LiveStats s = c.stats();
        stats.set(s);
        if (!stopping) {
            session.status().set(describe(s));
        }
    }

    /** "Capturing on eth0: 12,345 packets · 4,200/s · dropped 0 by the kernel, 0 by the queue". */
    String describe(LiveStats s) {
        return String.format(Locale.ROOT, "Capturing on %s: %,d packets \u00B7 %,.0f/s \u00B7 dropped %,d by the "
                + "kernel, %,d by the queue", what, s.packets(), s.packetsPerSecond(), s.kernelDrops(), s.queueDrops());
    }

    /** True from a successful start until the capture's rows are all in. */
    public ReadOnlyBooleanProperty running() {
        return running.getReadOnlyProperty();
    }

    /** The counters as last shown. */
    public ObjectProperty<LiveStats> stats() {
        return stats;
    }

    /** What the last successful start asked for (the dialog starts from it). */
    public LiveRequest lastRequest() {
        return lastRequest;
    }

    public Session session() {
        return session;
    }
}
