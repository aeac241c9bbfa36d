package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the files of one node folder and makes their manifest entries; shared by the node file writers. */
final class NodeFiles {
    /** One way to get a file: a command's stdout, or a kernel file copied as it is. */
    record Source(List<String> argv, String kernelFile) {
        static Source command(String... argv) {
            return new Source(List.of(argv), null);
        }

        static Source file(String path) {
            return new Source(null, path);
        }
    }

    private final String node;
    private final NodeCommands commands;
    private final Clock clock;

    NodeFiles(String node, NodeCommands commands, Clock clock) {
        this.node = node;
        this.commands = commands;
        this.clock = clock;
    }

    NodeCommands commands() {
        return commands;
    }

    NodeCommands.Run run(Source s, Path target) {
        return s.argv() != null ? commands.run(s.argv(), target) : commands.copy(s.kernelFile(), target);
    }

    /** Tries each source in order until one produces the file. */
    BundleFile collect(String name, Path dir, SnapshotPhase phase, Source... sources) {
        Path target = dir.resolve(name);
        deleteQuietly(target); // a file left from an earlier snapshot must not pass for this one
        List<Attempt> failed = new ArrayList<>();
        List<NodeCommands.Run> runs = new ArrayList<>();
        Instant taken = now();
        for (Source s : sources) {
            taken = now();
            NodeCommands.Run r = run(s, target);
            if (r.ok()) {
                return written(name, phase, r, taken, failed, Map.of());
            }
            failed.add(r.attempt());
            runs.add(r);
        }
        return notWritten(name, phase, runs, failed, taken);
    }

    /**
     * The entry of a file that was written by {@code r}, after the {@code failed} attempts. What the command said on
     * stderr while succeeding is kept (first line): "iptables-legacy tables present", "20 flow entries have been
     * shown".
     */
    BundleFile written(String name, SnapshotPhase phase, NodeCommands.Run r, Instant taken, List<Attempt> failed,
            Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        String said = NodeCommands.firstLine(r.stderr());
        if (!said.isEmpty()) {
            d.put("stderr", said);
        }
        return new BundleFile(phase.nodeFile(node, name), node, phase.label(), FileStatus.OK, null, r.command(),
                r.exitStatus(), r.durationMillis(), taken, failed, d);
    }

    /**
     * An entry for a file no source produced: failed if any source failed (something is there but broken, which
     * says more than a fallback's absence), else missing; the reason and command are that source's.
     */
    BundleFile notWritten(String name, SnapshotPhase phase, List<NodeCommands.Run> runs, List<Attempt> failed,
            Instant taken) {
        NodeCommands.Run shown = runs.stream().filter(r -> r.status() == FileStatus.FAILED).findFirst()
                .orElse(runs.get(0));
        long ms = runs.stream().mapToLong(NodeCommands.Run::durationMillis).sum();
        return new BundleFile(phase.nodeFile(node, name), node, phase.label(), shown.status(), shown.reason(),
                shown.command(), shown.exitStatus(), ms, taken, failed, Map.of());
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left as it is; the manifest says what this snapshot wrote
        }
    }
}
