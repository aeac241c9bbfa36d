package io.hoptrace.ui.model.analysis;

import io.hoptrace.ui.model.Severity;
import java.util.List;

/**
 * A problem analysis found, as the findings panel lists it.
 *
 * @param rows     the packet-list rows that are its evidence (selecting the finding selects them)
 * @param focusRow the row to show first: the packet at the hop where it happens, or the first of {@code rows};
 *                 -1 when it names no packet
 * @param details  what backs it, for the tooltip: objects, evidence lines from the nodes' state
 */
public record Finding(String ruleId, Severity severity, String summary, String fix, int[] rows, int focusRow,
                      List<String> details) {
    public Finding {
        details = List.copyOf(details);
    }

    public Finding(String ruleId, Severity severity, String summary, String fix, int[] rows) {
        this(ruleId, severity, summary, fix, rows, rows.length > 0 ? rows[0] : -1, List.of());
    }
}
