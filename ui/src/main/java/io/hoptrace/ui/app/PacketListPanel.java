package io.hoptrace.ui.app;

import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.RowFormatter;
import io.hoptrace.ui.model.RowView;
import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.SortOrder;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/**
 * The packet list: a virtualized TableView over the session's {@link RowView}. Cells read their text from the
 * workspace's {@link RowFormatter} for the rows on screen only; sorting and filtering run off the FX thread in the
 * session (the table's sort policy only records what was asked).
 */
public final class PacketListPanel extends PanelController {
    static final PseudoClass ERROR = PseudoClass.getPseudoClass("sev-error");
    static final PseudoClass WARNING = PseudoClass.getPseudoClass("sev-warning");
    static final PseudoClass NOTE = PseudoClass.getPseudoClass("sev-note");
    static final PseudoClass ANOMALY = PseudoClass.getPseudoClass("anomaly");

    private static final Map<Column, Double> WIDTHS = new EnumMap<>(Map.ofEntries(
            Map.entry(Column.MARK, 26.0), Map.entry(Column.NUMBER, 54.0), Map.entry(Column.TIME, 80.0),
            Map.entry(Column.NODE, 62.0), Map.entry(Column.INTERFACE, 124.0), Map.entry(Column.SOURCE, 285.0),
            Map.entry(Column.DESTINATION, 285.0), Map.entry(Column.ENCAPSULATION, 182.0),
            Map.entry(Column.PROTOCOL, 64.0), Map.entry(Column.LENGTH, 58.0), Map.entry(Column.STACK, 190.0),
            Map.entry(Column.INFO, 700.0)));

    @FXML
    private TableView<Integer> table;

    private final RowList rows = new RowList(RowView.EMPTY);
    private int generation = -1;
    private boolean selecting;

    public PacketListPanel(Session session) {
        super(session);
    }

    @Override
    protected void didLoadFxml() {
        table.setItems(rows);
        table.setFixedCellSize(22);
        for (Column c : Column.values()) {
            boolean shown = c != Column.STACK;
            TableColumn<Integer, String> col = new TableColumn<>(c.title());
            col.setId("col-" + c.name().toLowerCase(java.util.Locale.ROOT));
            col.setUserData(c);
            col.setPrefWidth(WIDTHS.getOrDefault(c, 100.0));
            col.setCellValueFactory(cd -> new ReadOnlyStringWrapper(
                    session.workspace().get().formatter().cell(cd.getValue(), c)));
            if (c == Column.MARK) {
                col.getStyleClass().add("mark-column");
                col.setResizable(false);
            }
            if (c == Column.NUMBER || c == Column.LENGTH || c == Column.TIME) {
                col.getStyleClass().add("number-column");
            }
            // the stack is in the details' frame line; the table menu (+) shows the column
            col.setVisible(shown);
            table.getColumns().add(col);
        }
        table.setRowFactory(t -> new SeverityRow());
        // several rows are selected when a finding is: its evidence packets, the one at its hop focused
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.setSortPolicy(t -> {
            session.sortBy(currentSort());
            return true;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (!selecting && row != null) {
                session.selectRow(row);
            }
        });
        session.view().addListener((o, was, v) -> viewDidChange(v));
        session.selectedRow().addListener((o, was, row) -> selectionDidChange(row.intValue()));
        session.selectedFinding().addListener((o, was, f) -> selectionDidChange(session.selectedRow().get()));
        session.analysis().addListener((o, was, a) -> table.refresh());
        session.clusterRevision().addListener((o, was, r) -> table.refresh());
        session.workspace().addListener((o, was, w) -> table.getSortOrder().clear());
    }

    private SortOrder currentSort() {
        if (table.getSortOrder().isEmpty()) {
            return null;
        }
        TableColumn<Integer, ?> col = table.getSortOrder().get(0);
        return new SortOrder((Column) col.getUserData(), col.getSortType() == TableColumn.SortType.ASCENDING);
    }

    private void viewDidChange(RowView v) {
        int gen = session.viewGeneration().get();
        if (gen == generation && !v.sorted() && !rows.view().sorted() && v.size() >= rows.size()) {
            rows.extend(v);
            if (session.capturing().get() && session.selectedRow().get() < 0 && v.size() > 0) {
                // a live capture follows the newest packet, as Wireshark does, until one is selected
                table.scrollTo(v.size() - 1);
            }
            return;
        }
        generation = gen;
        selecting = true;
        try {
            // no selection to carry through a million-row change: it is put back from the session below
            table.getSelectionModel().clearSelection();
            rows.replace(v);
        } finally {
            selecting = false;
        }
        selectionDidChange(session.selectedRow().get());
    }

    private void selectionDidChange(int row) {
        if (row < 0) {
            return;
        }
        var finding = session.selectedFinding().get();
        boolean ofFinding = finding != null && java.util.Arrays.stream(finding.rows()).anyMatch(r -> r == row);
        Integer current = table.getSelectionModel().getSelectedItem();
        if (current != null && current == row && !ofFinding) {
            return;
        }
        int position = rows.view().positionOf(row);
        selecting = true;
        try {
            if (position < 0) {
                table.getSelectionModel().clearSelection();
                return;
            }
            table.getSelectionModel().clearSelection();
            if (ofFinding) {
                for (int r : finding.rows()) {
                    int p = rows.view().positionOf(r);
                    if (p >= 0 && r != row) {
                        table.getSelectionModel().select(p);
                    }
                }
            }
            // the focused row last: it is the selected item the details show
            table.getSelectionModel().select(position);
            table.getFocusModel().focus(position);
            scrollIntoView(position);
        } finally {
            selecting = false;
        }
    }

    private void scrollIntoView(int position) {
        // keep a little context above the row, as Wireshark does when it jumps to a packet
        table.scrollTo(Math.max(0, position - 3));
    }

    public TableView<Integer> table() {
        return table;
    }

    /** Rows are tinted by the worst finding on them, or by a decoder anomaly (lighter). */
    private final class SeverityRow extends TableRow<Integer> {
        @Override
        protected void updateItem(Integer row, boolean empty) {
            super.updateItem(row, empty);
            Severity finding = Severity.NONE;
            Severity anomaly = Severity.NONE;
            if (!empty && row != null) {
                Workspace ws = session.workspace().get();
                if (row < ws.index().count()) {
                    finding = session.marks().severity(row);
                    anomaly = ws.index().anomalySeverity(row);
                }
            }
            pseudoClassStateChanged(ERROR, finding == Severity.ERROR);
            pseudoClassStateChanged(WARNING, finding == Severity.WARNING);
            pseudoClassStateChanged(NOTE, finding == Severity.NOTE);
            pseudoClassStateChanged(ANOMALY, finding == Severity.NONE && anomaly.compareTo(Severity.WARNING) >= 0);
        }
    }
}
