package io.hoptrace.ui.model.load;

import java.util.List;

/**
 * How a load ended.
 *
 * @param packets   rows in the index
 * @param problems  what went wrong without stopping the load (a file that could not be read, a file cut short, a
 *                  state file that is not what it should be): sentences for the window
 * @param cancelled true when the user stopped it (the rows read so far stay)
 * @param nanos     wall time of the load
 * @param cpuNanos  CPU time of the loading thread (the steadier figure on a busy machine)
 */
public record LoadResult(int packets, List<String> problems, boolean cancelled, long nanos, long cpuNanos) {
    public LoadResult {
        problems = List.copyOf(problems);
    }
}
