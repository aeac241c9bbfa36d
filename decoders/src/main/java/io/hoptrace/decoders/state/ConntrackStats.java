package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.List;

/** The samples of a conntrack-stats file, in file order, and the lines that could not be read. */
public record ConntrackStats(List<ConntrackStatsSample> samples, List<LineProblem> problems) {
    public ConntrackStats {
        samples = List.copyOf(samples);
        problems = List.copyOf(problems);
    }

    /** The change between each sample and the next (one fewer than there are samples). */
    public List<ConntrackStatsDelta> deltas() {
        List<ConntrackStatsDelta> out = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            out.add(ConntrackStatsDelta.between(samples.get(i - 1), samples.get(i)));
        }
        return out;
    }
}
