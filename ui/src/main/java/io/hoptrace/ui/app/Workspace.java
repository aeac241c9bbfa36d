package io.hoptrace.ui.app;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.RowFormatter;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.load.OpenPlan;
import io.hoptrace.ui.model.port.BundleUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What is open: the plan, the index the loader fills, what the cluster names, and the FX thread's row formatter.
 * The cluster directory is filled by the load task before its first row, then only read. It holds the files its
 * frames are read back from, and the directories of bundle archives it unpacked: {@link #close} lets go of both.
 */
public final class Workspace implements AutoCloseable {
    public static final Workspace EMPTY = new Workspace(null, DecoderConfig.defaults());

    private final OpenPlan plan;
    private final PacketIndex index = new PacketIndex();
    private final ClusterDirectory cluster = ClusterDirectory.empty();
    private final RowFormatter formatter;
    private final DecoderConfig config;
    private final List<BundleUnpacker.Unpacked> unpacked;
    private Path temporaryFile;

    Workspace(OpenPlan plan, DecoderConfig config) {
        this(plan, config, List.of());
    }

    Workspace(OpenPlan plan, DecoderConfig config, List<BundleUnpacker.Unpacked> unpacked) {
        this.plan = plan;
        this.config = config;
        this.unpacked = List.copyOf(unpacked);
        this.formatter = new RowFormatter(index, cluster, config);
    }

    /** Closes the capture files and deletes the unpacked archives; the rows stay, their bytes read as zeros. */
    @Override
    public void close() {
        index.close();
        unpacked.forEach(BundleUnpacker.Unpacked::close);
        Path t = temporaryFile;
        temporaryFile = null;
        if (t != null) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException e) {
                // a temporary file the system may clean later: nothing the user can do about it now
            }
        }
    }

    /** {@code file} is a temporary capture (a live capture with no path chosen): {@link #close} deletes it. */
    void deleteOnClose(Path file) {
        temporaryFile = file;
    }

    /** The temporary capture file {@link #close} deletes, or null. */
    Path temporaryFile() {
        return temporaryFile;
    }

    /** The one capture file this workspace reads (what File ▸ Save As copies), or null when there are several. */
    public Path singleCapture() {
        return plan != null && plan.captures().size() == 1 ? plan.captures().get(0).file() : null;
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
