package io.hoptrace.ui.model.analysis;

import io.hoptrace.ui.model.Severity;

/**
 * A problem analysis found, as the findings panel lists it.
 *
 * @param rows the packet-list rows that are its evidence (selecting the finding selects them)
 */
public record Finding(String ruleId, Severity severity, String summary, String fix, int[] rows) {
}
