package io.hoptrace.ui.app;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.model.analysis.Analyzer;
import io.hoptrace.ui.model.port.CaptureOpener;
import io.hoptrace.ui.model.port.ClusterConnector;
import java.nio.file.Path;
import java.util.List;

/**
 * What the composition root hands the application.
 *
 * @param opener     reads capture files (cli implements it over the capture module)
 * @param analyzer   the analysis engine's port ({@link Analyzer#NONE} until one is plugged in)
 * @param recentFile where Open Recent is remembered
 * @param open       paths to open at start (command line)
 * @param filter     display filter to apply at start ("" for none), as {@code wireshark -Y}
 * @param select     packet number to select once loaded (0: the first packet of the worst finding, if any)
 * @param screenshot when set: open, wait until loading and analysis are done, write the window as PNG there, exit
 * @param clusters   reaches live clusters through the kubeconfig ({@link ClusterConnector#NONE} for none)
 * @param connect    the context to connect to at start ("" for the kubeconfig's current one), or null not to
 */
public record AppOptions(CaptureOpener opener, Analyzer analyzer, DecoderConfig config, Path recentFile,
                         List<Path> open, String filter, int select, Path screenshot, ClusterConnector clusters,
                         String connect) {
    public AppOptions {
        open = List.copyOf(open);
        filter = filter == null ? "" : filter;
        clusters = clusters == null ? ClusterConnector.NONE : clusters;
    }

    /** Options for opening {@code paths} with no start filter, selection or screenshot. */
    public static AppOptions of(CaptureOpener opener, Analyzer analyzer, Path recentFile, List<Path> paths) {
        return new AppOptions(opener, analyzer, DecoderConfig.defaults(), recentFile, paths, "", 0, null,
                ClusterConnector.NONE, null);
    }

    /** The same options with a cluster connector, and a context to connect to at start (null: none). */
    public AppOptions withClusters(ClusterConnector connector, String context) {
        return new AppOptions(opener, analyzer, config, recentFile, open, filter, select, screenshot, connector,
                context);
    }
}
