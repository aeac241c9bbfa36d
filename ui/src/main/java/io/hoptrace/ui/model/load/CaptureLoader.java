package io.hoptrace.ui.model.load;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.port.CaptureOpener;
import io.hoptrace.ui.model.port.CaptureReader;
import io.hoptrace.ui.model.port.CapturedFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Fills a {@link PacketIndex} from an {@link OpenPlan}: reads the state files that name things, then every capture,
 * merged by time as mergecap does (each file is in time order; the next row is the earliest head of all files),
 * decoding each frame once for the index's columns. Runs on a worker thread; rows become visible to other threads
 * as they are appended, so the packet list fills while the rest loads. Toolkit-free: the shell wraps it in a
 * JavaFX Task.
 */
public final class CaptureLoader {
    /** Progress and cancellation are checked this often (packets). */
    static final int CHECK_EVERY = 4096;
    /** Rows made room for up front at most (beyond, the index grows as rows come). */
    static final long MAX_RESERVE = 16L << 20;

    /** Rows after which {@link Progress#firstRows} is called: a screenful and then some. */
    public static final int FIRST_ROWS = 1024;

    /** Receives bytes read so far of all bytes to read. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);

        /**
         * Called once, when the first {@link #FIRST_ROWS} rows are in the index. A UI may hold the loader here for a
         * moment so that drawing those rows does not have to compete with it for the CPU.
         */
        default void firstRows(int rows) {
        }

        /**
         * Whether the first rows are on screen. Work that scales with the file (making room for every row at once)
         * waits for it, so it does not delay them.
         */
        default boolean firstRowsShown() {
            return true;
        }
    }

    private final CaptureOpener opener;
    private final DecoderConfig config;

    public CaptureLoader(CaptureOpener opener, DecoderConfig config) {
        this.opener = opener;
        this.config = config;
    }

    /** Reads the plan's state files into {@code cluster}; problems are recorded there, never thrown. */
    public static void readState(OpenPlan plan, ClusterDirectory cluster) {
        if (plan.k8sJson() != null) {
            read(plan.k8sJson(), cluster).ifPresent(t -> cluster.addKubernetesJson(plan.k8sJson().toString(), t));
        }
        plan.nodeStates().forEach((node, dir) -> {
            Path link = dir.resolve("ip-link.json");
            if (Files.isRegularFile(link)) {
                read(link, cluster).ifPresent(t -> cluster.addIpLink(node, link.toString(), t));
            }
            Path addr = dir.resolve("ip-addr.json");
            if (Files.isRegularFile(addr)) {
                read(addr, cluster).ifPresent(t -> cluster.addIpAddr(node, addr.toString(), t));
            }
        });
    }

    private static java.util.Optional<String> read(Path p, ClusterDirectory cluster) {
        try {
            return java.util.Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            cluster.addProblem(p + ": cannot read: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /**
     * Loads every capture of the plan into {@code index}. Throws {@link OpenException} when no capture could be
     * opened at all (the message of the first failure); other problems end up in the result.
     */
    public LoadResult load(OpenPlan plan, ClusterDirectory cluster, PacketIndex index, Progress progress,
                           BooleanSupplier cancelled) throws OpenException {
        long started = System.nanoTime();
        long cpuStart = cpuNanos();
        List<String> problems = new ArrayList<>();
        List<CaptureInput> inputs = plan.captures();
        int k = inputs.size();
        CaptureReader[] readers = new CaptureReader[k];
        CapturedFrame[] heads = new CapturedFrame[k];
        boolean[] has = new boolean[k];
        String firstFailure = null;
        long total = 0;
        try {
            for (int i = 0; i < k; i++) {
                try {
                    readers[i] = opener.open(inputs.get(i).file());
                    heads[i] = new CapturedFrame();
                    total += readers[i].size();
                    readBack(readers[i], i, index, inputs.get(i), problems);
                } catch (IOException e) {
                    String message = message(inputs.get(i).file(), e);
                    firstFailure = firstFailure == null ? message : firstFailure;
                    problems.add(message);
                }
            }
            if (firstFailure != null && problems.size() == k) {
                throw new OpenException(k == 1 ? firstFailure
                        : "none of the " + k + " capture files could be read; the first: " + firstFailure);
            }
            RowAppender rows = new RowAppender(config, plan, cluster, index, readers);
            for (int i = 0; i < k; i++) {
                has[i] = readers[i] != null && advance(readers[i], heads[i], inputs.get(i), problems);
            }
            long sinceCheck = 0;
            boolean stop = false;
            boolean reserved = false;
            try {
                while (!stop) {
                    int next = -1;
                    for (int i = 0; i < k; i++) {
                        if (has[i] && (next < 0 || heads[i].timestampNanos < heads[next].timestampNanos)) {
                            next = i;
                        }
                    }
                    if (next < 0) {
                        break;
                    }
                    CapturedFrame f = heads[next];
                    if (rows.append(next, f) == FIRST_ROWS - 1) {
                        progress.firstRows(FIRST_ROWS);
                    }
                    has[next] = advance(readers[next], f, inputs.get(next), problems);
                    if (++sinceCheck == CHECK_EVERY) {
                        sinceCheck = 0;
                        long done = 0;
                        for (CaptureReader r : readers) {
                            done += r == null ? 0 : r.position();
                        }
                        if (!reserved && done > 0 && index.count() > FIRST_ROWS && progress.firstRowsShown()) {
                            // the first rows tell the average record size: make room once, not grow many times
                            // (but never more than a sane share of the heap on the word of a file size)
                            long estimate = (long) (index.count() * (double) total / done * 1.02) + CHECK_EVERY;
                            if (estimate <= MAX_RESERVE) {
                                index.reserve((int) estimate);
                            }
                            reserved = true;
                        }
                        progress.update(done, total);
                        stop = cancelled.getAsBoolean();
                    }
                }
            } catch (OutOfMemoryError e) {
                // the index is consistent (a row is published only once whole): keep what fits, say why it stops
                problems.add(String.format(java.util.Locale.ROOT, "out of memory after %,d packets: the rest is not"
                        + " shown; give Java more memory (HOPTRACE_JAVA_OPTS=-Xmx8g) to load it all", index.count()));
            }
            for (int i = 0; i < k; i++) {
                if (readers[i] != null) {
                    index.sourceInterfaces(i, rows.interfaceNames(i));
                }
            }
            index.trim();
            progress.update(total, total);
            return new LoadResult(index.count(), problems, stop, System.nanoTime() - started, cpuNanos() - cpuStart);
        } finally {
            for (CaptureReader r : readers) {
                if (r != null) {
                    try {
                        r.close();
                    } catch (IOException e) {
                        // closing after reading: nothing the user can act on
                    }
                }
            }
        }
    }

    /** Frames of a file that can be read back are not kept in memory; when it cannot, they are (and it is said). */
    private static void readBack(CaptureReader reader, int source, PacketIndex index, CaptureInput input,
                                 List<String> problems) {
        try {
            var frames = reader.frames();
            if (frames != null) {
                index.readBack(source, frames);
            }
        } catch (IOException e) {
            problems.add(message(input.file(), e) + "; its packets are kept in memory instead");
        }
    }

    private static long cpuNanos() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    private static boolean advance(CaptureReader r, CapturedFrame f, CaptureInput input, List<String> problems) {
        try {
            if (r.next(f)) {
                return true;
            }
            if (r.problem() != null) {
                problems.add(r.problem());
            }
        } catch (IOException e) {
            problems.add(message(input.file(), e));
        }
        return false;
    }

    /** The exception's own message when it names the file (the capture readers' do), else the file and the message. */
    static String message(Path file, IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return file + ": " + e.getClass().getSimpleName();
        }
        return m.contains(file.toString()) || m.contains(String.valueOf(file.getFileName())) ? m : file + ": " + m;
    }
}
