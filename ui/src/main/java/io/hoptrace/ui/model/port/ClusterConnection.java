package io.hoptrace.ui.model.port;

/** A live connection to a cluster; closing it stops the watches. */
public interface ClusterConnection extends AutoCloseable {
    /** The context's name. */
    String context();

    /** The cluster as it is now. */
    ClusterState state();

    @Override
    void close();
}
