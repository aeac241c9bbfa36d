package io.hoptrace.ui.model.analysis;

import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.load.OpenPlan;
import java.util.function.BooleanSupplier;

/**
 * Runs analysis over the loaded packets (off the FX thread, after loading). The port the analysis engine in rules/
 * plugs into; the panels (hop diagram, findings, row marks) know only {@link Analysis}.
 */
@FunctionalInterface
public interface Analyzer {
    Analyzer NONE = (plan, index, cluster, cancelled) -> Analysis.NONE;

    /** {@code plan} names the bundle's state files (iptables, conntrack, ...) the rules read. */
    Analysis analyze(OpenPlan plan, PacketIndex index, ClusterDirectory cluster, BooleanSupplier cancelled);
}
