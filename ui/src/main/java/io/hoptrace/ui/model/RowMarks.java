package io.hoptrace.ui.model;

/**
 * What analysis says about each row: the worst finding that names the packet, and its rules. Implemented over the
 * analysis engine's findings; {@link #NONE} before (or without) analysis.
 */
public interface RowMarks {
    RowMarks NONE = new RowMarks() {
        @Override
        public Severity severity(int row) {
            return Severity.NONE;
        }

        @Override
        public boolean hasRule(int row, String ruleId) {
            return false;
        }
    };

    /** The worst severity of the findings naming this row, NONE when none does. */
    Severity severity(int row);

    /** True when a finding of rule {@code ruleId} (or a rule whose id starts with it and a dot) names this row. */
    boolean hasRule(int row, String ruleId);
}
