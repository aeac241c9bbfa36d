package io.hoptrace.ui.model.filter;

import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.RowMarks;
import io.hoptrace.ui.model.cluster.ClusterDirectory;

/** What a filter is evaluated against: the index, the cluster's names, the analysis' marks. */
public record FilterContext(PacketIndex index, ClusterDirectory cluster, RowMarks marks) {
}
