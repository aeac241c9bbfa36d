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

/**
 * {@code hoptrace capture --bundle DIR}: a snapshot at the start, the capture into
 * {@code nodes/<node>/capture.pcapng}, a snapshot at the end into the {@code end/} folders, and the manifest with
 * the capture's start and end. The end snapshot and the manifest are written even when the capture fails or is
 * interrupted, so the state around a capture that went wrong is kept too.
 */
public final class BundleCapture {
    public static final String PRODUCER = "hoptrace capture";
    public static final String CAPTURE_FILE = "capture.pcapng";

    /** The capture itself, e.g. the live capture writing pcapng. */
    @FunctionalInterface
    public interface CaptureStep {
        /**
         * Captures into {@code pcapng} until the capture stops (packet count, duration, Ctrl-C) and returns what
         * the manifest should say about it (interfaces, filter, packets, drops); may return an empty map.
         */
        Map<String, Object> capture(Path pcapng) throws Exception;
    }

    private final Path root;
    private final NodeSnapshot node;
    private final K8sSnapshot k8s;
    private final Clock clock;

    /**
     * @param node the node whose state is taken and whose folder holds the capture
     * @param k8s null to take no k8s.json
     */
    public BundleCapture(Path root, NodeSnapshot node, K8sSnapshot k8s) {
        this(root, node, k8s, Clock.systemUTC());
    }

    BundleCapture(Path root, NodeSnapshot node, K8sSnapshot k8s, Clock clock) {
        this.root = root;
        this.node = node;
        this.k8s = k8s;
        this.clock = clock;
    }

    /** The file the capture step writes into. */
    public Path captureFile() {
        return root.resolve(SnapshotPhase.START.nodeFile(node.node(), CAPTURE_FILE));
    }

    /**
     * Runs the whole bundle capture.
     *
     * @param command the capture as a person would type it, for the manifest (no secrets in it)
     * @return the manifest as written
     * @throws Exception what the capture step threw, after the end snapshot and manifest were written; an
     *         IOException when the bundle itself cannot be written
     */
    public Manifest run(CaptureStep step, String command) throws Exception {
        Files.createDirectories(root);
        Manifest manifest = Manifest.readOrCreate(root, PRODUCER);
        manifest = manifest.withFiles(snapshot(SnapshotPhase.START));
        Instant start = now();
        manifest = manifest.withCapture(start, null);
        manifest.write(root); // a capture killed with -9 still leaves the start state described

        Path pcapng = captureFile();
        Files.createDirectories(pcapng.getParent());
        Exception failure = null;
        Map<String, Object> details = Map.of();
        long t0 = System.nanoTime();
        try {
            Map<String, Object> d = step.capture(pcapng);
            details = d == null ? Map.of() : d;
        } catch (Exception e) {
            failure = e;
        }
        Instant end = now();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        // Ctrl-C interrupts the capture; the end snapshot still has to run its commands
        boolean interrupted = Thread.interrupted();
        try {
            List<BundleFile> files = new ArrayList<>();
            files.add(captureEntry(pcapng, command, start, ms, details, failure, interrupted));
            files.addAll(snapshot(SnapshotPhase.END));
            manifest = manifest.withFiles(files).withCapture(start, end);
            manifest.write(root);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return manifest;
    }

    private List<BundleFile> snapshot(SnapshotPhase phase) throws IOException {
        List<BundleFile> files = new ArrayList<>(node.write(root, phase));
        if (k8s != null) {
            files.add(k8s.write(root, phase));
        }
        return files;
    }

    private BundleFile captureEntry(Path pcapng, String command, Instant start, long ms, Map<String, Object> details,
            Exception failure, boolean interrupted) {
        String path = root.relativize(pcapng).toString().replace('\\', '/');
        Map<String, Object> d = new LinkedHashMap<>(details);
        if (interrupted) {
            d.put("stopped", "interrupted");
        }
        FileStatus status = FileStatus.OK;
        String reason = null;
        if (failure != null) {
            status = FileStatus.FAILED;
            String msg = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
            reason = "failed: " + NodeCommands.firstLine(msg);
        } else if (!Files.isRegularFile(pcapng)) {
            status = FileStatus.FAILED;
            reason = "failed: the capture wrote no file";
        }
        return new BundleFile(path, node.node(), null, status, reason, command, null, ms, start, List.of(), d);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
