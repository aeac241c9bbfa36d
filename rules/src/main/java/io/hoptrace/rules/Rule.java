package io.hoptrace.rules;

import java.util.List;

/**
 * One check of the catalog: a small pure function from what the analysis saw to findings. The engine does every
 * per-packet step once for all rules (decode, stitch, count per flow, keep the notable packets); a rule only reads
 * the finished {@link AnalysisView}, so it needs no state, allocates only for what it reports, and can be tested on
 * a view built from a capture or by hand. See docs/RULES.md for how to add one.
 */
public interface Rule {
    /** Stable id, {@code family.problem} ({@code mtu.blackhole}); findings, thresholds and docs use it. */
    String id();

    /** One line for {@code hoptrace analyze --list-rules}: what it flags. */
    String title();

    /** The thresholds it reads (for --list-rules and to validate --threshold keys). */
    default List<Threshold<?>> thresholds() {
        return List.of();
    }

    /**
     * The findings for this view; empty when nothing is wrong or the inputs it needs are missing. Must not throw
     * on any view (a missing file is null state, not an error) and must give the same findings for the same view.
     */
    List<Finding> evaluate(AnalysisView view);
}
