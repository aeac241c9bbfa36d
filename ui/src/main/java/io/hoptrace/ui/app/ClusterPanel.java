package io.hoptrace.ui.app;

import io.hoptrace.ui.model.cluster.ClusterObject;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Nodes, pods and Services of the bundle (k8s.json), with their addresses. */
public final class ClusterPanel extends PanelController {
    private static final List<String> ORDER = List.of("Node", "Pod", "Service");

    @FXML
    private TableView<ClusterObject> table;
    @FXML
    private TableColumn<ClusterObject, String> kind;
    @FXML
    private TableColumn<ClusterObject, String> name;
    @FXML
    private TableColumn<ClusterObject, String> addresses;
    @FXML
    private TableColumn<ClusterObject, String> detail;
    @FXML
    private Label placeholder;

    public ClusterPanel(Session session) {
        super(session);
    }

    @Override
    protected void didLoadFxml() {
        kind.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().kind()));
        name.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().qualifiedName()));
        addresses.setCellValueFactory(cd -> new ReadOnlyStringWrapper(String.join(", ", cd.getValue().addresses())));
        detail.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().detail()));
        session.loading().addListener((o, was, loading) -> {
            if (!loading) {
                refresh();
            }
        });
        session.workspace().addListener((o, was, w) -> refresh());
        refresh();
    }

    private void refresh() {
        Workspace ws = session.workspace().get();
        if (session.loading().get()) {
            table.getItems().clear();
            placeholder.setText("Loading\u2026");
            return;
        }
        table.getItems().setAll(ws.cluster().objects().stream()
                .sorted(Comparator.comparingInt((ClusterObject o) -> ORDER.indexOf(o.kind()))
                        .thenComparing(ClusterObject::qualifiedName))
                .toList());
        placeholder.setText(ws.plan() == null ? "Nodes, pods and Services of an open bundle show here."
                : "No cluster objects: open a bundle with a k8s.json to name pods and Services.");
    }

    public TableView<ClusterObject> table() {
        return table;
    }
}
