package io.hoptrace.capture.snapshot;

/**
 * When a snapshot was taken. A plain {@code hoptrace snapshot} and the snapshot before a capture are {@link #START}
 * and use the bundle's usual names; the snapshot after a capture is {@link #END} and goes into an {@code end/}
 * folder beside them with the same file names, so one parser reads both (docs/BUNDLE.md).
 */
public enum SnapshotPhase {
    START("start", ""),
    END("end", "end/");

    private final String label;
    private final String folder;

    SnapshotPhase(String label, String folder) {
        this.label = label;
        this.folder = folder;
    }

    /** The word in manifest.json: "start" or "end". */
    public String label() {
        return label;
    }

    /** The bundle path of a node file, e.g. {@code nodes/n1/end/conntrack.txt}. */
    public String nodeFile(String node, String name) {
        return "nodes/" + node + "/" + folder + name;
    }

    /** The bundle path of a cluster-wide file, e.g. {@code end/k8s.json}. */
    public String clusterFile(String name) {
        return folder + name;
    }
}
