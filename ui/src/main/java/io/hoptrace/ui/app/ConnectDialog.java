package io.hoptrace.ui.app;

import io.hoptrace.ui.model.port.KubeContexts;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * File ▸ Connect to cluster…: the kubeconfig's contexts (read off the FX thread), the current one selected, and
 * what connecting does to the names. Shown without blocking; choosing Connect starts {@link ClusterLink#connect}.
 */
public final class ConnectDialog {
    public static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<String> dialog = new Dialog<>();
    private final ListView<String> contexts = new ListView<>();
    private final Label source = new Label("Reading the kubeconfig\u2026");
    private final Label error = new Label();
    private String current;

    private ConnectDialog(Window owner, ClusterLink link) {
        dialog.setTitle("Connect to cluster");
        dialog.setHeaderText("Name pods, Services and nodes from a live cluster");
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.initModality(Modality.WINDOW_MODAL);
        contexts.setId("context-list");
        contexts.setPrefSize(420, 180);
        contexts.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                setText(empty || name == null ? null : name.equals(current) ? name + "  (current)" : name);
            }
        });
        source.setId("context-source");
        source.setWrapText(true);
        error.setId("context-error");
        error.setWrapText(true);
        error.getStyleClass().add("dialog-error");
        error.setManaged(false);
        Label note = new Label("While connected, the live cluster's names replace those of a bundle's k8s.json"
                + " in the packet list, the journeys and the cluster tab; they follow pods as they come and go."
                + " File \u25B8 Disconnect goes back to the bundle's.");
        note.setWrapText(true);
        for (Label l : new Label[] {note, source, error}) {
            // wrapped lines get the height they need, rather than an ellipsis
            l.setMaxWidth(420);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        VBox content = new VBox(8, source, contexts, error, note);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(CONNECT, ButtonType.CANCEL);
        dialog.getDialogPane().getStylesheets().add(HoptraceApp.stylesheet());
        Node connect = dialog.getDialogPane().lookupButton(CONNECT);
        connect.setId("connect-button");
        connect.disableProperty().bind(contexts.getSelectionModel().selectedItemProperty().isNull());
        contexts.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && contexts.getSelectionModel().getSelectedItem() != null) {
                dialog.setResult(contexts.getSelectionModel().getSelectedItem());
                dialog.close();
            }
        });
        dialog.setResultConverter(b -> b == CONNECT ? contexts.getSelectionModel().getSelectedItem() : null);
        dialog.setOnHidden(e -> {
            String chosen = dialog.getResult();
            if (chosen != null) {
                link.connect(chosen);
            }
        });
        link.readContexts(this::show, this::failed);
    }

    /** Opens the dialog over {@code owner}; returns it at once (tests drive it through its node ids). */
    public static ConnectDialog open(Window owner, ClusterLink link) {
        ConnectDialog d = new ConnectDialog(owner, link);
        d.dialog.show();
        return d;
    }

    private void show(KubeContexts k) {
        current = k.current();
        contexts.getItems().setAll(k.names());
        source.setText(k.names().isEmpty() ? "The kubeconfig (" + k.source() + ") has no contexts."
                : "Contexts of " + k.source() + ":");
        if (current != null && k.names().contains(current)) {
            contexts.getSelectionModel().select(current);
        } else if (!k.names().isEmpty()) {
            contexts.getSelectionModel().select(0);
        }
        contexts.requestFocus();
        fit();
    }

    /** The dialog was sized for "Reading the kubeconfig…": grow it to what it shows now. */
    private void fit() {
        if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
            dialog.getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private void failed(String message) {
        source.setText("No contexts to offer.");
        error.setText(message);
        error.setManaged(true);
        fit();
    }

    public Dialog<String> dialog() {
        return dialog;
    }

    public ListView<String> contexts() {
        return contexts;
    }
}
