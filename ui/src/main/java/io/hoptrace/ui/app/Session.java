package io.hoptrace.ui.app;

import io.hoptrace.ui.model.Addresses;
import io.hoptrace.ui.model.RowMarks;
import io.hoptrace.ui.model.RowView;
import io.hoptrace.ui.model.SortOrder;
import io.hoptrace.ui.model.ViewBuilder;
import io.hoptrace.ui.model.analysis.Analysis;
import io.hoptrace.ui.model.analysis.Finding;
import io.hoptrace.ui.model.filter.DisplayFilter;
import io.hoptrace.ui.model.filter.FilterContext;
import io.hoptrace.ui.model.filter.FilterException;
import io.hoptrace.ui.model.load.CaptureLoader;
import io.hoptrace.ui.model.load.LoadResult;
import io.hoptrace.ui.model.load.OpenException;
import io.hoptrace.ui.model.load.OpenPlan;
import io.hoptrace.ui.model.RecentFiles;
import io.hoptrace.ui.model.port.BundleUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * The application's state on the FX thread, and the background work that changes it. Panels observe its coarse
 * properties: {@link #workspace} (something new was opened), {@link #view} (the displayed rows changed),
 * {@link #selectedRow}, {@link #analysis}, {@link #messages}.
 *
 * <p>Long work runs in JavaFX Tasks on worker threads; results are applied in their SUCCEEDED/FAILED handlers.
 * While a capture loads, one AnimationTimer per pulse reads how many rows the loader has published and grows the
 * view: no per-row (or per-batch) Platform.runLater, and the first rows show on the first pulse after they exist.
 */
public final class Session {
    /**
     * How long the loader waits, after its first rows, for the window to draw them. It is usually far less; on a busy
     * machine the first screen (cells made, styled and laid out the first time, code not yet compiled) can take a
     * second or more of wall time, and a loader racing it for the CPU (and the JIT compiler with it) makes that
     * longer still.
     */
    private static final long FIRST_ROWS_WAIT_MS = 2000;
    /**
     * At most one analysis per this while a live cluster changes: analysing a big capture takes seconds, and a busy
     * cluster (a Deployment rolling) sends an update every few hundred milliseconds, which would keep the analysis
     * thread busy for good. The rows' names still change at once (they are cheap).
     */
    static final Duration REANALYSE_EVERY = Duration.seconds(5);
    /** While loading with a sort active, the sorted view is remade at most this often. */
    private static final long RESORT_NANOS = 750_000_000L;

    private final AppOptions options;
    private final RecentFiles recent;
    private final ExecutorService loadThread = Executors.newSingleThreadExecutor(daemon("hoptrace-load"));
    private final ExecutorService viewThread = Executors.newSingleThreadExecutor(daemon("hoptrace-view"));
    private final ExecutorService analysisThread = Executors.newSingleThreadExecutor(daemon("hoptrace-analysis"));

    private final ObjectProperty<Workspace> workspace = new SimpleObjectProperty<>(Workspace.EMPTY);
    private final ObjectProperty<RowView> view = new SimpleObjectProperty<>(RowView.EMPTY);
    private final IntegerProperty viewGeneration = new SimpleIntegerProperty();
    private final IntegerProperty packets = new SimpleIntegerProperty();
    private final IntegerProperty selectedRow = new SimpleIntegerProperty(-1);
    private final ObjectProperty<Analysis> analysis = new SimpleObjectProperty<>(Analysis.NONE);
    private final ObjectProperty<Finding> selectedFinding = new SimpleObjectProperty<>();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty capturing = new SimpleBooleanProperty();
    private final BooleanProperty analysing = new SimpleBooleanProperty();
    private final BooleanProperty viewBusy = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("Open a bundle or capture files (File \u25B8 Open, "
            + "or drop them here)");
    private final ObjectProperty<DisplayFilter> filter = new SimpleObjectProperty<>();
    private final ObjectProperty<SortOrder> sort = new SimpleObjectProperty<>();
    private final ObjectProperty<LoadResult> lastLoad = new SimpleObjectProperty<>();
    private final ObservableList<Message> messages = FXCollections.observableArrayList();
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final IntegerProperty clusterRevision = new SimpleIntegerProperty();
    private final ClusterLink cluster;
    private final BooleanBinding idle;

    private final List<Runnable> disposeActions = new java.util.ArrayList<>();
    private Runnable captureStop = () -> { };
    private Task<List<BundleUnpacker.Unpacked>> unpackTask;
    private Task<LoadResult> loadTask;
    /** Workspaces holding files open (FX thread): the one shown and those being replaced. */
    private final Set<Workspace> live = new HashSet<>();
    private Task<RowView> viewTask;
    private Task<Analysis> analysisTask;
    /** A temporary capture the next opened workspace deletes when closed (a live capture read back). */
    private Path adoptTemporary;
    /** What the last analysis saw: its workspace, whether live names were in use, and the names of its addresses. */
    private Workspace analysedWorkspace;
    private boolean analysedLive;
    private List<String> analysedNames = List.of();
    private long analysedAt;
    private final PauseTransition reanalysis = new PauseTransition();
    private boolean viewStale;
    /** Counted down on the pulse after the first rows were put in the table (they have been drawn then). */
    private CountDownLatch firstRowsDrawn = new CountDownLatch(0);
    private boolean rowsShown;
    private long lastResort;
    private final AnimationTimer pulse = new AnimationTimer() {
        @Override
        public void handle(long now) {
            onPulse(now);
        }
    };

    public Session(AppOptions options) {
        this.options = options;
        this.recent = new RecentFiles(options.recentFile());
        recentFiles.setAll(recent.list());
        this.cluster = new ClusterLink(this, options.clusters());
        this.idle = Bindings.createBooleanBinding(() -> !loading.get() && !capturing.get() && !analysing.get()
                && !viewBusy.get() && !cluster.connecting().get(), loading, capturing, analysing, viewBusy,
                cluster.connecting());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ---- opening and loading ---------------------------------------------------------------------------------

    /**
     * Opens paths (a bundle directory or archive, capture files): the previous capture is replaced once loading
     * starts. Archives are unpacked first, on the loading thread.
     */
    public void open(List<Path> paths) {
        open(paths, null);
    }

    /** Opens {@code paths}; the workspace that reads them deletes {@code temporary} (if not null) when closed. */
    void open(List<Path> paths, Path temporary) {
        adoptTemporary = temporary;
        if (paths.stream().anyMatch(options.unpacker()::isArchive)) {
            unpackThenOpen(paths);
        } else {
            open(paths, paths, List.of());
        }
    }

    private void unpackThenOpen(List<Path> paths) {
        cancelLoad();
        BundleUnpacker unpacker = options.unpacker();
        Task<List<BundleUnpacker.Unpacked>> task = new Task<>() {
            @Override
            protected List<BundleUnpacker.Unpacked> call() throws IOException {
                List<BundleUnpacker.Unpacked> done = new ArrayList<>();
                try {
                    for (Path p : paths) {
                        if (unpacker.isArchive(p) && !isCancelled()) {
                            done.add(unpacker.unpack(p));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    done.forEach(BundleUnpacker.Unpacked::close);
                    throw e;
                }
                if (isCancelled()) {
                    done.forEach(BundleUnpacker.Unpacked::close);
                }
                return done;
            }
        };
        unpackTask = task;
        loading.set(true);
        status.set("Unpacking " + OpenPlan.title(paths) + "\u2026");
        task.setOnSucceeded(e -> {
            List<BundleUnpacker.Unpacked> unpacked = task.getValue();
            if (task != unpackTask) {
                unpacked.forEach(BundleUnpacker.Unpacked::close);
                return;
            }
            unpackTask = null;
            // still loading: open() goes on from here
            List<Path> resolved = new ArrayList<>();
            int next = 0;
            for (Path p : paths) {
                resolved.add(unpacker.isArchive(p) ? unpacked.get(next++).root() : p);
            }
            open(resolved, paths, unpacked);
        });
        task.setOnFailed(e -> {
            if (task != unpackTask) {
                return;
            }
            unpackTask = null;
            loading.set(false);
            Throwable t = task.getException();
            showError(t instanceof IOException && t.getMessage() != null ? t.getMessage() : describe(t));
            status.set("Could not open " + OpenPlan.title(paths));
        });
        task.setOnCancelled(e -> {
            if (task == unpackTask) {
                unpackTask = null;
                loading.set(false);
            }
        });
        loadThread.submit(task);
    }

    /** Opens {@code resolved} (archives replaced by their directories) as what the user opened, {@code paths}. */
    private void open(List<Path> resolved, List<Path> paths, List<BundleUnpacker.Unpacked> unpacked) {
        OpenPlan plan;
        try {
            OpenPlan asGiven = OpenPlan.of(resolved);
            plan = resolved.equals(paths) ? asGiven : asGiven.withTitle(OpenPlan.title(paths));
        } catch (OpenException e) {
            unpacked.forEach(BundleUnpacker.Unpacked::close);
            loading.set(loadTask != null && loadTask.isRunning());
            showError(e.getMessage());
            return;
        }
        stopWork();
        Workspace previous = workspace.get();
        Workspace ws = new Workspace(plan, options.config(), unpacked);
        if (adoptTemporary != null && resolved.equals(List.of(adoptTemporary))) {
            ws.deleteOnClose(adoptTemporary);
        }
        adoptTemporary = null;
        live.add(ws);
        ws.cluster().useLive(cluster.state().get());
        CaptureLoader loader = new CaptureLoader(options.opener(), options.config());
        CountDownLatch drawn = new CountDownLatch(1);
        firstRowsDrawn = drawn;
        Task<LoadResult> task = new Task<>() {
            @Override
            protected LoadResult call() throws Exception {
                CaptureLoader.readState(plan, ws.cluster());
                return loader.load(plan, ws.cluster(), ws.index(), new CaptureLoader.Progress() {
                    @Override
                    public void update(long done, long total) {
                        updateProgress(done, total);
                    }

                    @Override
                    public void firstRows(int rows) {
                        // let the window draw the first screen before the loader takes the CPU again
                        try {
                            drawn.await(FIRST_ROWS_WAIT_MS, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public boolean firstRowsShown() {
                        return drawn.getCount() == 0;
                    }
                }, this::isCancelled);
            }
        };
        loadTask = task;
        show(ws);
        loading.set(true);
        progress.bind(task.progressProperty());
        status.set("Loading " + plan.title() + "\u2026");
        task.setOnSucceeded(e -> loaded(task, ws, paths, task.getValue()));
        task.setOnCancelled(e -> loaded(task, ws, paths, null));
        task.setOnFailed(e -> {
            if (task != loadTask) {
                return;
            }
            finishLoading();
            Throwable t = task.getException();
            showError(t instanceof OpenException ? t.getMessage() : describe(t));
            if (ws.index().count() == 0 && previous != Workspace.EMPTY) {
                // nothing new to show: keep what was open (with the live cluster's names of now)
                settle(previous);
                previous.cluster().useLive(cluster.state().get());
                previous.formatter().clusterChanged();
                workspace.set(previous);
                setView(RowView.all(previous.index().count()), true);
                refreshView();
                status.set("Still showing " + previous.plan().title());
            } else {
                settle(ws);
                status.set("Could not open " + plan.title());
            }
        });
        pulse.start();
        loadThread.submit(task);
    }

    private void loaded(Task<LoadResult> task, Workspace ws, List<Path> paths, LoadResult result) {
        if (task != loadTask) {
            return;
        }
        finishLoading();
        settle(ws);
        int n = ws.index().count();
        packets.set(n);
        recentFiles.setAll(recent.add(paths));
        lastLoad.set(result);
        if (result != null) {
            result.problems().forEach(p -> messages.add(new Message(Message.Level.WARNING, p)));
        }
        ws.cluster().problems().forEach(p -> messages.add(new Message(Message.Level.WARNING, p)));
        boolean cancelled = result == null || result.cancelled();
        status.set((cancelled ? "Loading stopped: " : "Loaded ") + String.format(Locale.ROOT, "%,d packets", n)
                + (result != null ? String.format(Locale.ROOT, " in %.1f s", result.nanos() / 1e9) : "")
                + " from " + ws.plan().title());
        // the last rows may have arrived after the last pulse
        viewStale = true;
        onPulse(System.nanoTime());
        analyse(ws);
    }

    /**
     * Shows {@code ws}, which another thread fills (a live capture), in place of what was open: the pulse grows the
     * view as rows come until {@link #endCapture}.
     */
    void beginCapture(Workspace ws, String statusText, Runnable stop) {
        captureStop = stop;
        stopWork();
        show(ws);
        // the capture replaces what was open: those workspaces let go of their files
        live.add(ws);
        settle(ws);
        ws.cluster().useLive(cluster.state().get());
        capturing.set(true);
        status.set(statusText);
        pulse.start();
    }

    /** The capture into {@code ws} has ended and every row is in: show the last rows, then analyse as for a file. */
    void endCapture(Workspace ws, String statusText, List<String> problems) {
        capturing.set(false);
        captureStop = () -> { };
        if (ws != workspace.get()) {
            return;
        }
        packets.set(ws.index().count());
        problems.forEach(p -> messages.add(new Message(Message.Level.WARNING, p)));
        status.set(statusText);
        viewStale = true;
        onPulse(System.nanoTime());
        analyse(ws);
    }

    /** Ends what works on the shown workspace (loading, analysis) before another replaces it. */
    private void stopWork() {
        reanalysis.stop();
        cancelLoad();
        if (analysisTask != null) {
            analysisTask.cancel();
        }
        messages.clear();
    }

    /** Shows {@code ws}, empty for now: no selection, analysis or rows yet. */
    private void show(Workspace ws) {
        selectedFinding.set(null);
        selectedRow.set(-1);
        analysis.set(Analysis.NONE);
        filterChanged();
        workspace.set(ws);
        setView(RowView.EMPTY, true);
        rowsShown = false;
        lastLoad.set(null);
    }

    private void finishLoading() {
        progress.unbind();
        progress.set(0);
        loading.set(false);
    }

    /** Stops a running live capture (its rows stay and are analysed), as Capture ▸ Stop does. */
    public void stopCapture() {
        captureStop.run();
    }

    /** Stops a running load; the rows read so far stay. */
    public void cancelLoad() {
        if (unpackTask != null) {
            unpackTask.cancel();
        }
        if (loadTask != null && loadTask.isRunning()) {
            loadTask.cancel();
        }
    }

    /** {@code keep} is what stays open: every other workspace opened since lets go of its files. */
    private void settle(Workspace keep) {
        live.removeIf(w -> {
            if (w != keep) {
                w.close();
                return true;
            }
            return false;
        });
    }

    private void analyse(Workspace ws) {
        if (options.analyzer() == null) {
            return;
        }
        reanalysis.stop();
        analysedWorkspace = ws;
        analysedLive = ws.cluster().live() != null;
        analysedNames = namesOf(ws);
        analysedAt = System.nanoTime();
        Task<Analysis> task = new Task<>() {
            @Override
            protected Analysis call() {
                return options.analyzer().analyze(ws.plan(), ws.index(), ws.cluster(), this::isCancelled);
            }
        };
        analysisTask = task;
        analysing.set(true);
        task.setOnSucceeded(e -> {
            if (task != analysisTask || ws != workspace.get()) {
                return;
            }
            analysing.set(false);
            Analysis a = task.getValue() != null ? task.getValue() : Analysis.NONE;
            ws.formatter().marks(a);
            analysis.set(a);
            // marks change what rule/finding filters and the mark column's sort see
            refreshView();
        });
        task.setOnFailed(e -> {
            if (task != analysisTask) {
                return;
            }
            analysing.set(false);
            showError("Analysis failed: " + describe(task.getException()));
        });
        task.setOnCancelled(e -> analysing.set(false));
        analysisThread.submit(task);
    }

    /**
     * The live cluster's names changed (connected, updated, disconnected): rows are made again with them, a
     * filter that names pods is evaluated again, and the journeys are stitched again with the new index.
     */
    void clusterChanged() {
        Workspace ws = workspace.get();
        ws.formatter().clusterChanged();
        clusterRevision.set(clusterRevision.get() + 1);
        if (filter.get() != null) {
            refreshView();
        }
        if (loading.get() || ws.plan() == null) {
            return;
        }
        if (ws != analysedWorkspace || analysedLive != (ws.cluster().live() != null)) {
            // connected or disconnected: the user asked for other names and waits for them, not a busy cluster
            reanalyse();
            return;
        }
        if (!namesChanged(ws) || reanalysis.getStatus() == Animation.Status.RUNNING) {
            return;
        }
        long waitNanos = analysedAt + (long) (REANALYSE_EVERY.toMillis() * 1e6) - System.nanoTime();
        if (waitNanos <= 0) {
            reanalyse();
        } else {
            reanalysis.setDuration(Duration.millis(waitNanos / 1e6));
            reanalysis.setOnFinished(e -> reanalyse());
            reanalysis.playFromStart();
        }
    }

    private void reanalyse() {
        Workspace ws = workspace.get();
        if (loading.get() || ws.plan() == null) {
            return;
        }
        if (analysisTask != null) {
            analysisTask.cancel();
        }
        analyse(ws);
    }

    /** True when the last analysis (of this workspace) named one of its addresses otherwise than the cluster now. */
    private boolean namesChanged(Workspace ws) {
        List<String> now = namesOf(ws);
        // addresses only grow (a live capture): those seen since were not in the analysis, which runs at its end
        return !now.subList(0, Math.min(now.size(), analysedNames.size())).equals(
                analysedNames.subList(0, Math.min(now.size(), analysedNames.size())));
    }

    private static List<String> namesOf(Workspace ws) {
        Addresses a = ws.index().addresses();
        int n = a.count();
        List<String> names = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            names.add(ws.cluster().nameOf(a.text(id)));
        }
        return names;
    }

    // ---- saving ------------------------------------------------------------------------------------------------

    /**
     * Copies the open capture's one file (a live capture's temporary pcapng, or the single file opened) to {@code
     * target} off the FX thread; the status line says when it is done, a failure is one line in the window.
     */
    public void saveAs(Path target) {
        Path source = workspace.get().singleCapture();
        if (source == null || capturing.get() || loading.get()) {
            showError("Nothing to save: File \u25B8 Save As copies one finished capture file");
            return;
        }
        if (source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
            status.set("Saved to " + target);
            return;
        }
        status.set("Saving to " + target + "\u2026");
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() throws IOException {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                return null;
            }
        };
        task.setOnSucceeded(e -> status.set("Saved " + source.getFileName() + " to " + target));
        task.setOnFailed(e -> {
            status.set("Not saved");
            Throwable t = task.getException();
            showError("Cannot save to " + target + ": " + (t instanceof java.nio.file.NoSuchFileException
                    ? "no such directory or file " + t.getMessage() : describe(t)));
        });
        Thread t = new Thread(task, "hoptrace-save");
        t.setDaemon(true);
        t.start();
    }

    // ---- the displayed rows ----------------------------------------------------------------------------------

    private void onPulse(long now) {
        if (rowsShown) {
            firstRowsDrawn.countDown();
        }
        rowsShown = view.get().size() > 0;
        Workspace ws = workspace.get();
        int count = ws.index().count();
        packets.set(count);
        RowView v = view.get();
        if (count > v.scanned() || viewStale) {
            if (filter.get() == null && (sort.get() == null || sort.get().isIndexOrder())) {
                viewStale = false;
                if (count != v.size() || v.rows() != null) {
                    setView(RowView.all(count), false);
                }
            } else if (viewTask == null) {
                boolean sorted = sort.get() != null && !sort.get().isIndexOrder();
                if (!sorted || !(loading.get() || capturing.get()) || now - lastResort > RESORT_NANOS) {
                    lastResort = now;
                    viewStale = false;
                    startViewTask(sorted ? RowView.EMPTY : v, count, false);
                }
            }
        }
        if (!loading.get() && !capturing.get() && viewTask == null && !viewStale && count <= view.get().scanned()) {
            pulse.stop();
        }
    }

    /** Rebuilds the view from scratch (the filter, the sort or the analysis changed). */
    private void refreshView() {
        if (viewTask != null) {
            viewTask.cancel();
            viewTask = null;
        }
        viewGeneration.set(viewGeneration.get() + 1);
        Workspace ws = workspace.get();
        if (filter.get() == null && (sort.get() == null || sort.get().isIndexOrder())) {
            setView(RowView.all(ws.index().count()), true);
            if (loading.get() || capturing.get()) {
                pulse.start();
            }
            return;
        }
        startViewTask(RowView.EMPTY, ws.index().count(), true);
        pulse.start();
    }

    private void startViewTask(RowView base, int count, boolean fresh) {
        Workspace ws = workspace.get();
        DisplayFilter f = filter.get();
        SortOrder s = sort.get() != null && !sort.get().isIndexOrder() ? sort.get() : null;
        Analysis marks = analysis.get();
        int generation = viewGeneration.get();
        Task<RowView> task = new Task<>() {
            @Override
            protected RowView call() {
                var predicate = f == null ? null : f.bind(new FilterContext(ws.index(), ws.cluster(), marks));
                if (s == null) {
                    return ViewBuilder.extend(base, count, predicate, this::isCancelled);
                }
                return ViewBuilder.build(count, predicate, s, ws.index(), marks, ws::newFormatter,
                        this::isCancelled);
            }
        };
        viewTask = task;
        viewBusy.set(true);
        task.setOnSucceeded(e -> {
            if (task != viewTask) {
                return;
            }
            viewTask = null;
            viewBusy.set(false);
            if (generation == viewGeneration.get() && ws == workspace.get()) {
                setView(task.getValue(), fresh);
            }
            pulse.start();
        });
        task.setOnFailed(e -> {
            if (task != viewTask) {
                return;
            }
            viewTask = null;
            viewBusy.set(false);
            showError("Filtering failed: " + describe(task.getException()));
        });
        task.setOnCancelled(e -> {
            if (task == viewTask) {
                viewTask = null;
                viewBusy.set(false);
            }
        });
        viewThread.submit(task);
    }

    private void setView(RowView v, boolean fresh) {
        if (fresh) {
            viewGeneration.set(viewGeneration.get() + 1);
        }
        view.set(v);
    }

    /**
     * Applies a display filter; returns null, or the syntax error (the filter field shows it; the old filter
     * stays).
     */
    public FilterException applyFilter(String text) {
        DisplayFilter f;
        try {
            f = DisplayFilter.compile(text);
        } catch (FilterException e) {
            return e;
        }
        filter.set(f);
        filterChanged();
        refreshView();
        return null;
    }

    private void filterChanged() {
        viewStale = false;
    }

    public void sortBy(SortOrder order) {
        if (java.util.Objects.equals(order, sort.get())) {
            return;
        }
        sort.set(order);
        refreshView();
    }

    // ---- selection -------------------------------------------------------------------------------------------

    public void selectRow(int row) {
        selectedRow.set(row);
    }

    /** Selects a finding: its packets in the list, and the packet at the hop where it happens for the details. */
    public void selectFinding(Finding f) {
        selectedFinding.set(f);
        if (f != null && f.focusRow() >= 0) {
            selectedRow.set(f.focusRow());
        }
    }

    // ---- messages --------------------------------------------------------------------------------------------

    public void showError(String text) {
        messages.add(new Message(Message.Level.ERROR, text));
    }

    /** A throwable as a sentence: its message, never its stack trace. */
    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return t instanceof RuntimeException && !(t instanceof java.io.UncheckedIOException)
                ? m + " (" + t.getClass().getSimpleName() + ")" : m;
    }

    /** Runs {@code action} when the window closes (before the session's threads stop). */
    void onDispose(Runnable action) {
        disposeActions.add(action);
    }

    public void dispose() {
        disposeActions.forEach(Runnable::run);
        disposeActions.clear();
        reanalysis.stop();
        pulse.stop();
        cluster.dispose();
        cancelLoad();
        loadThread.shutdownNow();
        viewThread.shutdownNow();
        analysisThread.shutdownNow();
        live.forEach(Workspace::close);
        live.clear();
    }

    // ---- properties ------------------------------------------------------------------------------------------

    public AppOptions options() {
        return options;
    }

    public ObjectProperty<Workspace> workspace() {
        return workspace;
    }

    public ObjectProperty<RowView> view() {
        return view;
    }

    public IntegerProperty viewGeneration() {
        return viewGeneration;
    }

    public IntegerProperty packets() {
        return packets;
    }

    public IntegerProperty selectedRow() {
        return selectedRow;
    }

    public ObjectProperty<Analysis> analysis() {
        return analysis;
    }

    public ObjectProperty<Finding> selectedFinding() {
        return selectedFinding;
    }

    public BooleanProperty loading() {
        return loading;
    }

    /** True while a live capture fills the workspace. */
    public BooleanProperty capturing() {
        return capturing;
    }

    public BooleanProperty analysing() {
        return analysing;
    }

    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty status() {
        return status;
    }

    public ObjectProperty<DisplayFilter> filter() {
        return filter;
    }

    public ObjectProperty<SortOrder> sort() {
        return sort;
    }

    /** How the last load ended (null when it was cancelled or is running). */
    public ObjectProperty<LoadResult> lastLoad() {
        return lastLoad;
    }

    public ObservableList<Message> messages() {
        return messages;
    }

    /** The live cluster connection. */
    public ClusterLink cluster() {
        return cluster;
    }

    /** Grows when the cluster's names change (a live cluster): cells showing names are made again. */
    public IntegerProperty clusterRevision() {
        return clusterRevision;
    }

    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    /** True when nothing is loading, analysing, filtering or connecting to a cluster. */
    public BooleanBinding idle() {
        return idle;
    }

    public RowMarks marks() {
        return analysis.get();
    }
}
