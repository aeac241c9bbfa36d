package io.hoptrace.cli;

import io.hoptrace.ui.app.AppOptions;
import io.hoptrace.ui.app.HoptraceApp;
import io.hoptrace.ui.app.MainWindow;
import io.hoptrace.ui.model.analysis.Analyzer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

/**
 * The GUI on a big capture, measured in a real window (run under xvfb-run by bench/gui-open.sh): time from
 * open to the first rows drawn and to the whole index, memory, then scrolling the packet list frame by frame (wheel
 * steps, flings, random jumps across the million rows) with the interval between frames and the FX thread's CPU
 * per frame, then a filter and a sort over every row. Prints a Markdown table on stdout.
 */
public final class GuiOpenBenchmark {
    private static final int FRAMES = 240;

    private final Path file;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String[]> rows = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private MainWindow window;
    private long opened;
    private long firstRows;
    private long loaded;
    private long fxCpuAtOpen;
    private long processCpuAtOpen;
    private long gcAtOpen;
    private long jitAtOpen;
    private long heapAtOpen;
    private java.util.Map<Long, Long> threadCpuAtOpen;
    private int pulses;
    /** {@code -Dgui.bench.quick=true}: stop after the load and the heap (for iterating on the time to first rows). */
    private final boolean quick = Boolean.getBoolean("gui.bench.quick");

    private GuiOpenBenchmark(Path file) {
        this.file = file;
    }

    public static void main(String[] args) throws Exception {
        GuiOpenBenchmark b = new GuiOpenBenchmark(Path.of(args[0]));
        Platform.setImplicitExit(false);
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Platform.startup(() -> b.start(jvmStart));
        b.finished.await();
        Platform.exit();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        for (String[] r : b.rows) {
            System.out.println("| " + r[0] + " | " + r[1] + " |");
        }
        System.exit(0);
    }

    private void report(String what, String value) {
        rows.add(new String[] {what, value});
        System.err.println("gui-open: " + what + ": " + value);
    }

    private void start(long jvmStartMillis) {
        Stage stage = new Stage();
        Path recent;
        try {
            recent = Files.createTempFile("hoptrace-bench-recent", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        window = HoptraceApp.show(stage, AppOptions.of(new CaptureFilesOpener(), Analyzer.NONE, recent, List.of()));
        heapAtOpen = heapBeforeOpen();
        report("heap before open (GC'd)", mb(heapAtOpen));
        long jvmToOpen = System.currentTimeMillis() - jvmStartMillis;
        threadCpuAtOpen = threadCpus();
        gcAtOpen = gcMillis();
        jitAtOpen = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        opened = System.nanoTime();
        fxCpuAtOpen = threads.getCurrentThreadCpuTime();
        processCpuAtOpen = processCpu();
        window.session().open(List.of(file));
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses++;
                if (firstRows == 0 && visibleRows() > 0) {
                    firstRows = System.nanoTime() - opened;
                    long cpu = processCpu();
                    report("first rows drawn, after open", ms(firstRows) + " wall; the process used "
                            + ms(cpu - processCpuAtOpen) + " of CPU meanwhile (all threads)");
                    report("first rows drawn: what had run since open", String.format(Locale.ROOT,
                            "%d frames; %,d rows loaded; CPU by thread: %s; GC %d ms (collector time); JIT %d ms"
                                    + " (compiler threads' time)", pulses,
                            window.session().workspace().get().index().count(), threadCpuSinceOpen(),
                            gcMillis() - gcAtOpen,
                            ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitAtOpen));
                    report("first rows drawn, after JVM start (window included)", ms(firstRows
                            + jvmToOpen * 1_000_000L) + " wall; " + ms(cpu) + " of CPU");
                }
                if (firstRows != 0 && loaded == 0 && !window.session().loading().get()) {
                    loaded = System.nanoTime() - opened;
                    stop();
                    report("packets", String.format(Locale.ROOT, "%,d", window.session().workspace().get().index()
                            .count()));
                    var result = window.session().lastLoad().get();
                    report("whole index, after open", ms(loaded) + " (loading thread CPU " + ms(result.cpuNanos())
                            + "; FX thread CPU meanwhile " + ms(threads.getCurrentThreadCpuTime() - fxCpuAtOpen) + ")");
                    afterLoad();
                }
            }
        }.start();
    }

    private int visibleRows() {
        int n = 0;
        for (var node : window.packetList().table().lookupAll(".table-row-cell")) {
            if (node instanceof TableRow<?> r && !r.isEmpty() && r.isVisible() && r.getItem() != null) {
                n++;
            }
        }
        return n;
    }

    private void afterLoad() {
        var ix = window.session().workspace().get().index();
        long heap = gcHeap();
        report("heap growth per packet", String.format(Locale.ROOT, "%.0f bytes ((after load - before open) /"
                + " packets)", (double) (heap - heapAtOpen) / ix.count()));
        report("heap after load (GC'd)", mb(heap) + " (index columns + frame pages: " + mb(ix.memoryBytes())
                + ", of which frame bytes in the heap " + mb(ix.frameBytes()) + ")");
        report("bytes per row besides the frame bytes", String.format(Locale.ROOT, "%.0f",
                (double) (ix.memoryBytes() - ix.frameBytes()) / ix.count()));
        report("process RSS", rss() + " (the capture's pages mapped and touched count here, outside the heap)");
        if (quick) {
            finished.countDown();
            return;
        }
        VirtualFlow<?> flow = (VirtualFlow<?>) window.packetList().table().lookup(".virtual-flow");
        int count = ix.count();
        Random random = new Random(1);
        // each scenario: FRAMES frames, one scroll step per frame
        List<Scenario> scenarios = List.of(
                new Scenario("scroll, wheel steps (3 rows a frame)", i -> flow.scrollPixels(66)),
                new Scenario("scroll, fling (90 rows a frame)", i -> flow.scrollPixels(1980)),
                new Scenario("scroll, random jumps across all rows", i -> flow.scrollTo(random.nextInt(count))));
        runScenarios(scenarios, 0, () -> filterAndSort());
    }

    private record Scenario(String name, IntConsumer step) {
    }

    private void runScenarios(List<Scenario> list, int k, Runnable then) {
        if (k == list.size()) {
            then.run();
            return;
        }
        Scenario s = list.get(k);
        long fx = Thread.currentThread().getId();
        long[] interval = new long[FRAMES];
        long[] cpu = new long[FRAMES];
        long[] render = new long[FRAMES];
        new AnimationTimer() {
            int frame = -10; // warm-up frames
            long last;
            long lastCpu;
            long lastRender;

            @Override
            public void handle(long now) {
                long c = threads.getThreadCpuTime(fx);
                long r = rendererCpu();
                if (frame >= 0) {
                    interval[frame] = now - last;
                    cpu[frame] = c - lastCpu;
                    render[frame] = r - lastRender;
                }
                last = now;
                lastCpu = c;
                lastRender = r;
                frame++;
                if (frame >= FRAMES) {
                    stop();
                    Arrays.sort(interval);
                    Arrays.sort(cpu);
                    Arrays.sort(render);
                    long slow = Arrays.stream(interval).filter(v -> v > 33_400_000L).count();
                    report(s.name(), String.format(Locale.ROOT,
                            "frame interval median %s, p95 %s, max %s; %d of %d frames over 33 ms; "
                                    + "FX thread CPU a frame median %s, p95 %s; renderer CPU a frame median %s",
                            ms(interval[FRAMES / 2]), ms(interval[FRAMES * 95 / 100]), ms(interval[FRAMES - 1]),
                            slow, FRAMES, ms(cpu[FRAMES / 2]), ms(cpu[FRAMES * 95 / 100]), ms(render[FRAMES / 2])));
                    runScenarios(list, k + 1, then);
                    return;
                }
                s.step().accept(frame);
            }
        }.start();
    }

    private void filterAndSort() {
        var session = window.session();
        timed("filter `tcp and not bgp` over all rows", () -> {
            window.filterField().setText("tcp and not bgp");
            window.applyFilter();
        }, () -> timed("then sort those by source address", () -> session.sortBy(
                new io.hoptrace.ui.model.SortOrder(io.hoptrace.ui.model.Column.SOURCE, true)),
                () -> timed("then sort by info (text of every row)", () -> session.sortBy(
                        new io.hoptrace.ui.model.SortOrder(io.hoptrace.ui.model.Column.INFO, true)),
                        () -> timed("clear filter and sort", () -> {
                            window.filterField().setText("");
                            window.applyFilter();
                            session.sortBy(null);
                        }, () -> finished.countDown()))));
    }

    /** Runs {@code action}, then reports wall time to drawn and the view thread's CPU, then runs {@code then}. */
    private void timed(String what, Runnable action, Runnable then) {
        long viewCpu = viewThreadCpu();
        long fxCpu = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        long[] ready = new long[1];
        javafx.beans.value.ChangeListener<Object> l = (o, was, v) -> ready[0] = System.nanoTime();
        window.session().view().addListener(l);
        action.run();
        whenIdle(() -> {
            window.session().view().removeListener(l);
            report(what, String.format(Locale.ROOT, "%s to drawn, view ready after %s (view thread CPU %s, FX thread"
                            + " CPU %s); %,d rows shown", ms(System.nanoTime() - t), ms(ready[0] - t),
                    ms(viewThreadCpu() - viewCpu), ms(threads.getCurrentThreadCpuTime() - fxCpu),
                    window.session().view().get().size()));
            then.run();
        });
    }

    private long viewThreadCpu() {
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().equals("hoptrace-view")) {
                return threads.getThreadCpuTime(th.getId());
            }
        }
        return 0;
    }

    private void whenIdle(Runnable r) {
        new AnimationTimer() {
            int frames;

            @Override
            public void handle(long now) {
                // idle for two frames in a row: the new view is applied and drawn
                frames = window.session().idle().get() ? frames + 1 : 0;
                if (frames == 2) {
                    stop();
                    r.run();
                }
            }
        }.start();
    }

    /**
     * The heap in use before the open, after a GC that is kept from shrinking the heap (MaxHeapFreeRatio, a manageable
     * flag, at 100 meanwhile): a shrunk heap would make the load that follows collect more than a user's would.
     */
    private static long heapBeforeOpen() {
        var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String ratio = hotspot.getVMOption("MaxHeapFreeRatio").getValue();
        hotspot.setVMOption("MaxHeapFreeRatio", "100");
        try {
            return gcHeap();
        } finally {
            hotspot.setVMOption("MaxHeapFreeRatio", ratio);
        }
    }

    private static long gcHeap() {
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long gcMillis() {
        long sum = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private java.util.Map<Long, Long> threadCpus() {
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** Threads that used 10 ms or more since the open, busiest first (threads that ended are not seen). */
    private String threadCpuSinceOpen() {
        List<String> parts = new ArrayList<>();
        List<long[]> used = new ArrayList<>();
        for (long id : threads.getAllThreadIds()) {
            long c = threads.getThreadCpuTime(id) - threadCpuAtOpen.getOrDefault(id, 0L);
            if (c >= 10_000_000L) {
                used.add(new long[] {id, c});
            }
        }
        used.sort((a, b) -> Long.compare(b[1], a[1]));
        for (long[] u : used) {
            var info = threads.getThreadInfo(u[0]);
            if (info != null) {
                parts.add(info.getThreadName() + " " + u[1] / 1_000_000 + " ms");
            }
        }
        return String.join(", ", parts);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long rendererCpu() {
        long sum = 0;
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("QuantumRenderer")) {
                sum += threads.getThreadCpuTime(th.getId());
            }
        }
        return sum;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
    }

    private static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return String.format(Locale.ROOT, "%.0f MB",
                            Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return "?";
        }
        return "?";
    }
}
