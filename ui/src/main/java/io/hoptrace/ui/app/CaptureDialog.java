package io.hoptrace.ui.app;

import io.hoptrace.ui.model.port.LiveInterface;
import io.hoptrace.ui.model.port.LiveRequest;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Capture ▸ Start…: which interfaces (several, or {@code any}), a BPF filter, the snaplen and where the file goes.
 * Start checks everything by starting the capture; whatever is wrong (a bad filter, no privilege) stays in the
 * dialog as the capture layer's one line, and the dialog stays open to fix it.
 */
public final class CaptureDialog {
    static final ButtonType START = new ButtonType("Start", ButtonBar.ButtonData.OK_DONE);

    private final LiveSession live;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ListView<LiveInterface> interfaces = new ListView<>();
    private final TextField filter = new TextField();
    private final TextField snapLength = new TextField();
    private final TextField file = new TextField();
    private final Label error = new Label();

    public CaptureDialog(Window owner, LiveSession live) {
        this.live = live;
        dialog.initOwner(owner);
        dialog.setTitle("Capture");
        dialog.setHeaderText("Capture packets from network interfaces");
        dialog.getDialogPane().getButtonTypes().addAll(START, ButtonType.CANCEL);
        dialog.getDialogPane().getStylesheets().add(HoptraceApp.stylesheet());
        dialog.getDialogPane().getStyleClass().add("capture-dialog");
        dialog.getDialogPane().setContent(content());
        dialog.setResizable(true);
        Button start = (Button) dialog.getDialogPane().lookupButton(START);
        start.setId("capture-start");
        start.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog closes once the capture runs, or stays open with the message
            start();
        });
        fill();
    }

    private Node content() {
        interfaces.setId("capture-interfaces");
        interfaces.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        interfaces.setPrefSize(620, 220);
        interfaces.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LiveInterface i, boolean empty) {
                super.updateItem(i, empty);
                setText(empty || i == null ? null : label(i));
            }
        });
        filter.setId("capture-filter");
        filter.setPromptText("BPF filter, as tcpdump takes it: udp port 53, icmp, host 10.244.0.11, not port 22");
        filter.textProperty().addListener((o, was, now) -> error.setText(""));
        snapLength.setId("capture-snaplen");
        snapLength.setPrefColumnCount(8);
        file.setId("capture-file");
        file.setPromptText("a new temporary file (the status line names it when the capture ends)");
        Button browse = new Button("Browse\u2026");
        browse.setOnAction(e -> browse());
        HBox fileRow = new HBox(6, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);
        error.setId("capture-error");
        error.getStyleClass().add("capture-error");
        error.setWrapText(true);
        error.setMaxWidth(620);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        Label interfacesLabel = new Label("Interfaces");
        GridPane.setValignment(interfacesLabel, javafx.geometry.VPos.TOP);
        grid.addRow(0, interfacesLabel, interfaces);
        grid.addRow(1, new Label("Capture filter"), filter);
        grid.addRow(2, new Label("Snaplen (bytes)"), snapLength);
        grid.addRow(3, new Label("Save to"), fileRow);
        grid.add(error, 0, 4, 2, 1);
        GridPane.setVgrow(interfaces, Priority.ALWAYS);
        return grid;
    }

    /** "eth0  10.0.0.5, fe80::1 · up" with libpcap's description where it has one. */
    static String label(LiveInterface i) {
        StringBuilder s = new StringBuilder(i.name());
        if (!i.addresses().isEmpty()) {
            s.append("   ").append(String.join(", ", i.addresses()));
        }
        if (!i.description().isBlank()) {
            s.append("   (").append(i.description()).append(')');
        }
        s.append(i.up() ? "" : "   down").append(i.loopback() ? "   loopback" : "");
        return s.toString();
    }

    private void fill() {
        LiveRequest last = live.lastRequest();
        filter.setText(last.filter());
        snapLength.setText(Integer.toString(last.snapLength()));
        file.setText(last.file() == null ? "" : last.file().toString());
        interfaces.setPlaceholder(new Label("Looking for interfaces\u2026"));
        live.interfaces(list -> {
            interfaces.setPlaceholder(new Label("No interface to capture on"));
            interfaces.getItems().setAll(list);
            for (LiveInterface i : list) {
                if (last.interfaces().contains(i.name())) {
                    interfaces.getSelectionModel().select(i);
                }
            }
        }, message -> {
            interfaces.setPlaceholder(new Label("No interface to capture on"));
            error.setText(message);
        });
    }

    private void browse() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the capture to");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("pcapng", "*.pcapng"));
        File f = chooser.showSaveDialog(dialog.getOwner());
        if (f != null) {
            file.setText(f.toPath().toString());
        }
    }

    /**
     * Starts the capture from the fields, or shows which field is wrong. The capture starts in the background; the
     * dialog closes once it runs, or shows why it cannot.
     */
    void start() {
        List<String> names = interfaces.getSelectionModel().getSelectedItems().stream()
                .map(LiveInterface::name).toList();
        if (names.isEmpty()) {
            error.setText("choose one or more interfaces (any captures on all of them)");
            return;
        }
        int snap;
        try {
            snap = Integer.parseInt(snapLength.getText().strip());
        } catch (NumberFormatException e) {
            snap = -1;
        }
        if (snap < 1 || snap > LiveRequest.DEFAULT_SNAPLEN) {
            error.setText("snaplen must be a number of bytes from 1 to " + LiveRequest.DEFAULT_SNAPLEN);
            return;
        }
        String path = file.getText().strip();
        LiveRequest request;
        try {
            request = new LiveRequest(names, filter.getText(), snap, path.isEmpty() ? null : Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            error.setText(e.getMessage());
            return;
        }
        Node startButton = dialog.getDialogPane().lookupButton(START);
        startButton.setDisable(true);
        error.setText("Starting\u2026");
        live.start(request, () -> {
            dialog.setResult(START);
            dialog.close();
        }, message -> {
            startButton.setDisable(false);
            error.setText(message);
        });
    }

    public void show() {
        dialog.show();
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }
}
