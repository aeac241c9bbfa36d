package io.hoptrace.ui.app;

import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.analysis.Finding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/** What analysis found: severity, rule, summary, fix. Selecting one selects its packets and shows its journey. */
public final class FindingsPanel extends PanelController {
    @FXML
    private TableView<Finding> table;
    @FXML
    private TableColumn<Finding, String> severity;
    @FXML
    private TableColumn<Finding, String> rule;
    @FXML
    private TableColumn<Finding, String> summary;
    @FXML
    private TableColumn<Finding, String> fix;
    @FXML
    private Label placeholder;
    /** What the analysis says about its input as a whole (corrected clocks), above the findings. */
    @FXML
    private Label messages;

    private java.util.function.Consumer<Finding> onOpen = f -> { };

    public FindingsPanel(Session session) {
        super(session);
    }

    @Override
    protected void didLoadFxml() {
        severity.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().severity().key()));
        rule.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().ruleId()));
        summary.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().summary()));
        fix.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().fix()));
        summary.setCellFactory(c -> wrapping());
        fix.setCellFactory(c -> wrapping());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                Severity s = empty || f == null ? Severity.NONE : f.severity();
                pseudoClassStateChanged(PacketListPanel.ERROR, s == Severity.ERROR);
                pseudoClassStateChanged(PacketListPanel.WARNING, s == Severity.WARNING);
                pseudoClassStateChanged(PacketListPanel.NOTE, s == Severity.NOTE);
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, f) -> {
            if (f != null) {
                session.selectFinding(f);
            }
        });
        // a double click (or Enter) goes to the packet list, as Wireshark's expert information does
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && table.getSelectionModel().getSelectedItem() != null) {
                onOpen.accept(table.getSelectionModel().getSelectedItem());
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                onOpen.accept(table.getSelectionModel().getSelectedItem());
            }
        });
        messages.managedProperty().bind(messages.textProperty().isNotEmpty());
        messages.visibleProperty().bind(messages.textProperty().isNotEmpty());
        session.analysis().addListener((o, was, a) -> {
            table.getItems().setAll(a.findings());
            messages.setText(String.join("\n", a.messages()));
            updatePlaceholder();
        });
        session.analysing().addListener((o, was, a) -> updatePlaceholder());
        session.workspace().addListener((o, was, w) -> {
            table.getItems().clear();
            messages.setText("");
            updatePlaceholder();
        });
        updatePlaceholder();
    }

    private void updatePlaceholder() {
        if (session.analysing().get()) {
            placeholder.setText("Analysing\u2026");
        } else if (session.workspace().get().index().count() == 0) {
            placeholder.setText("Findings show here once a capture is open.");
        } else {
            placeholder.setText("No findings.");
        }
    }

    private static TableCell<Finding, String> wrapping() {
        TableCell<Finding, String> cell = new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
            }
        };
        cell.setWrapText(true);
        return cell;
    }

    void onOpen(java.util.function.Consumer<Finding> listener) {
        this.onOpen = listener;
    }

    public TableView<Finding> table() {
        return table;
    }

    public Label messages() {
        return messages;
    }

}
