package io.hoptrace.ui.app;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.RowFormatter;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.load.OpenPlan;

/**
 * What is open: the plan, the index the loader fills, what the cluster names, and the FX thread's row formatter.
 * The cluster directory is filled by the load task before its first row, then only read.
 */
public final class Workspace {
    public static final Workspace EMPTY = new Workspace(null, DecoderConfig.defaults());

    private final OpenPlan plan;
    private final PacketIndex index = new PacketIndex();
    private final ClusterDirectory cluster = ClusterDirectory.empty();
    private final RowFormatter formatter;
    private final DecoderConfig config;

    Workspace(OpenPlan plan, DecoderConfig config) {
        this.plan = plan;
        this.config = config;
        this.formatter = new RowFormatter(index, cluster, config);
    }

    public OpenPlan plan() {
        return plan;
    }

    public PacketIndex index() {
        return index;
    }

    public ClusterDirectory cluster() {
        return cluster;
    }

    /** The FX thread's formatter (it owns a decoder: use it on the FX thread only). */
    public RowFormatter formatter() {
        return formatter;
    }

    /** A new formatter for a worker thread (sorting by text). */
    public RowFormatter newFormatter() {
        return new RowFormatter(index, cluster, config);
    }
}
