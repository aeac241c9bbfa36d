package io.hoptrace.ui.model.analysis;

import io.hoptrace.ui.model.RowMarks;
import io.hoptrace.ui.model.Severity;
import java.util.List;

/** What analysis of the loaded packets found: findings, journeys, and the marks the packet list shows. */
public interface Analysis extends RowMarks {
    Analysis NONE = new Analysis() {
        @Override
        public List<Finding> findings() {
            return List.of();
        }

        @Override
        public Journey journeyOf(int row) {
            return null;
        }

        @Override
        public Severity severity(int row) {
            return Severity.NONE;
        }

        @Override
        public boolean hasRule(int row, String ruleId) {
            return false;
        }
    };

    List<Finding> findings();

    /** The journey the packet of {@code row} belongs to, or null when it was seen once or not stitched. */
    Journey journeyOf(int row);

    /**
     * Lines about the analysis as a whole, as {@code hoptrace analyze} prints them above its findings (for example
     * {@code clock: node-b's clock is 7.3 s ahead of node-a (...); times corrected}); empty when there is none.
     */
    default List<String> messages() {
        return List.of();
    }
}
