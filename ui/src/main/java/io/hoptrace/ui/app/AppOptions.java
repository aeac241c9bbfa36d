package io.hoptrace.ui.app;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.model.analysis.Analyzer;
import io.hoptrace.ui.model.port.BundleUnpacker;
import io.hoptrace.ui.model.port.CaptureOpener;
import io.hoptrace.ui.model.port.LiveCapturer;
import io.hoptrace.ui.model.port.ClusterConnector;
import java.nio.file.Path;
import java.util.List;

/**
 * What the composition root hands the application.
 *
 * @param opener     reads capture files (cli implements it over the capture module)
 * @param unpacker   unpacks bundle archives ({@link BundleUnpacker#NONE}: archives are not recognised)
 * @param analyzer   the analysis engine's port ({@link Analyzer#NONE} until one is plugged in)
 * @param recentFile where Open Recent is remembered
 * @param open       paths to open at start (command line)
 * @param filter     display filter to apply at start ("" for none), as {@code wireshark -Y}
 * @param select     packet number to select once loaded (0: the first packet of the worst finding, if any)
 * @param screenshot when set: open, wait until loading and analysis are done, write the window as PNG there, exit
 * @param capturer   captures live (cli implements it over the capture module; {@link LiveCapturer#NONE} when the
 *                   Capture menu is to say it is not available)
 * @param clusters   reaches live clusters through the kubeconfig ({@link ClusterConnector#NONE} for none)
 * @param connect    the context to connect to at start ("" for the kubeconfig's current one), or null not to
 */
public record AppOptions(CaptureOpener opener, BundleUnpacker unpacker, Analyzer analyzer, DecoderConfig config,
                         Path recentFile, List<Path> open, String filter, int select, Path screenshot,
                         LiveCapturer capturer, ClusterConnector clusters, String connect) {
    public AppOptions {
        open = List.copyOf(open);
        filter = filter == null ? "" : filter;
        unpacker = unpacker == null ? BundleUnpacker.NONE : unpacker;
        capturer = capturer == null ? LiveCapturer.NONE : capturer;
        clusters = clusters == null ? ClusterConnector.NONE : clusters;
    }

    /** Options for opening {@code paths} with no start filter, selection, screenshot or live capture. */
    public static AppOptions of(CaptureOpener opener, Analyzer analyzer, Path recentFile, List<Path> paths) {
        return new AppOptions(opener, BundleUnpacker.NONE, analyzer, DecoderConfig.defaults(), recentFile, paths, "",
                0, null, LiveCapturer.NONE, ClusterConnector.NONE, null);
    }

    /** The same options with {@code capturer} for live capture. */
    public AppOptions withCapturer(LiveCapturer capturer) {
        return new AppOptions(opener, unpacker, analyzer, config, recentFile, open, filter, select, screenshot,
                capturer, clusters, connect);
    }

    /** These options with {@code unpacker} for bundle archives. */
    public AppOptions withUnpacker(BundleUnpacker unpacker) {
        return new AppOptions(opener, unpacker, analyzer, config, recentFile, open, filter, select, screenshot,
                capturer, clusters, connect);
    }

    /** The same options with a cluster connector, and a context to connect to at start (null: none). */
    public AppOptions withClusters(ClusterConnector connector, String context) {
        return new AppOptions(opener, unpacker, analyzer, config, recentFile, open, filter, select, screenshot,
                capturer, connector, context);
    }
}
