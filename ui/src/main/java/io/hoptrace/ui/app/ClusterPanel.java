package io.hoptrace.ui.app;

import io.hoptrace.ui.model.cluster.ClusterObject;
import io.hoptrace.ui.model.cluster.LiveCluster;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * Nodes, pods and Services with their addresses: the bundle's (k8s.json), or the live cluster's while connected
 * (the line above the table says which).
 */
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
    @FXML
    private Label source;

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
        session.clusterRevision().addListener((o, was, r) -> refresh());
        refresh();
    }

    private void refresh() {
        Workspace ws = session.workspace().get();
        LiveCluster live = session.cluster().state().get();
        source.setText(live != null ? "Live cluster, context " + live.context() + ": these names replace the"
                + " bundle's k8s.json while connected" : ws.plan() != null && !ws.cluster().objects().isEmpty()
                ? "From the bundle's k8s.json" : "");
        source.setVisible(!source.getText().isEmpty());
        source.setManaged(source.isVisible());
        if (session.loading().get() && live == null) {
            table.getItems().clear();
            placeholder.setText("Loading\u2026");
            return;
        }
        table.getItems().setAll((live != null ? live.objects() : ws.cluster().objects()).stream()
                .sorted(Comparator.comparingInt((ClusterObject o) -> ORDER.indexOf(o.kind()))
                        .thenComparing(ClusterObject::qualifiedName))
                .toList());
        placeholder.setText(live != null ? "The cluster lists no nodes, pods or Services."
                : ws.plan() == null ? "Nodes, pods and Services of an open bundle, or of a cluster (File \u25B8"
                + " Connect to Cluster), show here."
                : "No cluster objects: open a bundle with a k8s.json, or connect to the cluster, to name pods and"
                + " Services.");
    }

    public TableView<ClusterObject> table() {
        return table;
    }
}
