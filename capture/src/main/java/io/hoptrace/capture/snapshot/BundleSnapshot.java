package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A plain {@code hoptrace snapshot}: node files, k8s.json, manifest.json. */
public final class BundleSnapshot {
    public static final String PRODUCER = "hoptrace snapshot";

    private BundleSnapshot() {
    }

    /**
     * What a snapshot did.
     *
     * @param manifest the bundle's manifest as written (with entries of earlier snapshots)
     * @param files this snapshot's entries, in the order taken
     */
    public record Result(Manifest manifest, List<BundleFile> files) {
    }

    /**
     * Takes the node's state and the cluster's objects into a bundle folder and records them in its manifest (an
     * existing manifest is added to, so several nodes can be gathered into one bundle).
     *
     * @param node null to take no node files (cluster objects only, e.g. from a laptop)
     * @param k8s null to leave k8s.json out ({@code --no-k8s})
     * @throws IOException only when the bundle folder or its manifest cannot be written
     */
    public static Result take(Path root, NodeSnapshot node, K8sSnapshot k8s) throws IOException {
        Files.createDirectories(root);
        Manifest manifest = Manifest.readOrCreate(root, PRODUCER);
        List<BundleFile> files = new ArrayList<>();
        if (node != null) {
            files.addAll(node.write(root, SnapshotPhase.START));
        }
        if (k8s != null) {
            files.add(k8s.write(root, SnapshotPhase.START));
        }
        manifest = manifest.withFiles(files);
        manifest.write(root);
        return new Result(manifest, List.copyOf(files));
    }
}
