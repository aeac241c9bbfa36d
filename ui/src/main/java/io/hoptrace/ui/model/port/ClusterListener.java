package io.hoptrace.ui.model.port;

/** What a {@link ClusterConnection} reports after it is made, on a background thread. */
public interface ClusterListener {
    /** The cluster changed (changes are gathered: one call per burst); {@code state} is complete, not a delta. */
    void changed(ClusterState state);

    /** A watch stopped or failed; one line that says what to do. The last state stays valid, if stale. */
    void problem(String message);
}
