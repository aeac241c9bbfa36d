package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * conntrack-stats.txt: several samples of conntrack's per-CPU counters, each after a {@code # time:} line, so the
 * rules can see what grew between them (insert_failed, drop, early_drop). {@code conntrack -S}, else the kernel's
 * /proc/net/stat/nf_conntrack; the source that gives the first sample gives them all.
 */
final class ConntrackStatsFile {
    static final String NAME = "conntrack-stats.txt";
    /** The line before each sample; the decoders' ConntrackStatsParser reads it. */
    static final String TIME_LINE = "# time: ";

    private static final List<NodeFiles.Source> SOURCES = List.of(NodeFiles.Source.command("conntrack", "-S"),
            NodeFiles.Source.file("/proc/net/stat/nf_conntrack"));

    private ConntrackStatsFile() {
    }

    static BundleFile write(NodeFiles files, Path dir, SnapshotPhase phase, int samples, Duration interval) {
        Path target = dir.resolve(NAME);
        NodeFiles.deleteQuietly(target);
        Path part = dir.resolve(".conntrack-stats.sample");
        Path all = dir.resolve(".conntrack-stats.part");
        List<Attempt> failed = new ArrayList<>();
        List<NodeCommands.Run> runs = new ArrayList<>();
        Instant first = files.now();
        try {
            for (NodeFiles.Source s : SOURCES) {
                int taken = 0;
                NodeCommands.Run last = null;
                String stoppedBecause = null;
                long t0 = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(all)) {
                    for (int i = 0; i < samples; i++) {
                        if (i > 0 && !sleep(interval)) {
                            stoppedBecause = "interrupted";
                            break;
                        }
                        Instant t = files.now();
                        if (i == 0) {
                            first = t;
                        }
                        NodeCommands.Run r = files.run(s, part);
                        if (!r.ok()) {
                            if (i == 0) {
                                last = r;
                            } else {
                                stoppedBecause = r.reason(); // keep the samples taken so far
                            }
                            break;
                        }
                        last = r;
                        out.write((TIME_LINE + t + "\n").getBytes(StandardCharsets.US_ASCII));
                        Files.copy(part, out);
                        taken++;
                    }
                }
                if (taken > 0) {
                    Files.move(all, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("samples", taken);
                    details.put("intervalMillis", interval.toMillis());
                    if (stoppedBecause != null) {
                        details.put("stopped", stoppedBecause);
                    }
                    NodeCommands.Run whole = new NodeCommands.Run(last.command(), FileStatus.OK, null,
                            last.exitStatus(), (System.nanoTime() - t0) / 1_000_000, "");
                    return files.written(NAME, phase, whole, first, failed, details);
                }
                failed.add(last.attempt());
                runs.add(last);
            }
        } catch (IOException e) {
            NodeCommands.Run r = new NodeCommands.Run("conntrack -S", FileStatus.FAILED,
                    "failed: " + NodeCommands.firstLine(e.toString()), null, 0, "");
            failed.add(r.attempt());
            runs.add(r);
        } finally {
            NodeFiles.deleteQuietly(part);
            NodeFiles.deleteQuietly(all);
        }
        return files.notWritten(NAME, phase, runs, failed, first);
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
