package io.hoptrace.ui.model;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.filter.DisplayFilter;
import io.hoptrace.ui.model.filter.FilterContext;
import io.hoptrace.ui.model.filter.FilterException;
import io.hoptrace.ui.model.load.CaptureLoader;
import io.hoptrace.ui.model.load.LoadResult;
import io.hoptrace.ui.model.load.OpenException;
import io.hoptrace.ui.model.load.OpenPlan;
import java.nio.file.Path;
import java.util.List;

/** Paths loaded the way the GUI loads them (state files, then captures merged by time), for model tests. */
final class Loaded {
    final OpenPlan plan;
    final ClusterDirectory cluster = ClusterDirectory.empty();
    final PacketIndex index = new PacketIndex();
    final LoadResult result;
    final RowFormatter formatter;

    Loaded(Path... paths) throws OpenException {
        plan = OpenPlan.of(List.of(paths));
        CaptureLoader.readState(plan, cluster);
        result = new CaptureLoader(new TestCaptureOpener(), DecoderConfig.defaults())
                .load(plan, cluster, index, (done, total) -> { }, () -> false);
        formatter = new RowFormatter(index, cluster, DecoderConfig.defaults());
    }

    /** How many rows {@code filter} keeps. */
    int count(String filter) throws FilterException {
        return view(filter).size();
    }

    RowView view(String filter) throws FilterException {
        DisplayFilter f = DisplayFilter.compile(filter);
        return ViewBuilder.build(index.count(), f == null ? null : f.bind(new FilterContext(index, cluster,
                RowMarks.NONE)), null, index, RowMarks.NONE, () -> formatter, () -> false);
    }

    /** The first row whose cells contain every one of {@code parts} (row order). */
    int find(Column c, String text) {
        for (int row = 0; row < index.count(); row++) {
            if (formatter.cell(row, c).contains(text)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + c + " containing " + text);
    }
}
