package io.hoptrace.ui.app;

import io.hoptrace.ui.model.DetailNode;
import io.hoptrace.ui.model.PacketDetails;
import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.analysis.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/**
 * Packet details: each layer of the selected packet as a tree of its fields and anomalies (from the decoders'
 * describe), findings that name the packet first. Selecting a line highlights its bytes in the hex view. Which
 * layers are open is remembered by protocol from packet to packet, as Wireshark does.
 */
public final class DetailsPanel extends PanelController {
    private static final PseudoClass ANOMALY = PseudoClass.getPseudoClass("anomaly");
    private static final PseudoClass FINDING = PseudoClass.getPseudoClass("finding");
    private static final PseudoClass LAYER = PseudoClass.getPseudoClass("layer");

    @FXML
    private TreeView<DetailNode> tree;

    private final Set<String> expanded = new HashSet<>(Set.of("IPv4", "Findings"));
    private Consumer<DetailNode> onFieldSelected = n -> { };
    private boolean rebuilding;

    public DetailsPanel(Session session) {
        super(session);
    }

    @Override
    protected void didLoadFxml() {
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new DetailCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, was, item) -> {
            if (!rebuilding) {
                onFieldSelected.accept(item == null ? null : item.getValue());
            }
        });
        session.selectedRow().addListener((o, was, row) -> show(row.intValue()));
        session.analysis().addListener((o, was, a) -> show(session.selectedRow().get()));
        session.workspace().addListener((o, was, w) -> tree.setRoot(null));
    }

    void onFieldSelected(Consumer<DetailNode> listener) {
        this.onFieldSelected = listener;
    }

    private void show(int row) {
        Workspace ws = session.workspace().get();
        if (row < 0 || row >= ws.index().count()) {
            tree.setRoot(null);
            return;
        }
        List<DetailNode> notes = new ArrayList<>();
        for (Finding f : session.analysis().get().findings()) {
            for (int r : f.rows()) {
                if (r == row) {
                    DetailNode n = new DetailNode(DetailNode.Kind.FINDING, f.severity().key() + " \u2013 "
                            + f.ruleId() + ": " + f.summary(), 0, 0, f.severity());
                    notes.add(n);
                    break;
                }
            }
        }
        DetailNode root = PacketDetails.of(row, ws.index(), ws.formatter(), notes);
        rebuilding = true;
        try {
            TreeItem<DetailNode> item = item(root);
            item.setExpanded(true);
            tree.setRoot(item);
        } finally {
            rebuilding = false;
        }
        onFieldSelected.accept(null);
    }

    private TreeItem<DetailNode> item(DetailNode n) {
        TreeItem<DetailNode> item = new TreeItem<>(n);
        for (DetailNode c : n.children()) {
            item.getChildren().add(item(c));
        }
        if (n.kind() == DetailNode.Kind.LAYER || n.kind() == DetailNode.Kind.FRAME) {
            String key = protocolOf(n);
            item.setExpanded(expanded.contains(key));
            item.expandedProperty().addListener((o, was, open) -> {
                if (!rebuilding) {
                    if (open) {
                        expanded.add(key);
                    } else {
                        expanded.remove(key);
                    }
                }
            });
        }
        return item;
    }

    private static String protocolOf(DetailNode n) {
        String label = n.label();
        int comma = label.indexOf(',');
        int colon = label.indexOf(':');
        int end = comma < 0 ? colon : colon < 0 ? comma : Math.min(comma, colon);
        String head = end < 0 ? label : label.substring(0, end);
        int space = head.indexOf(' ');
        return space < 0 ? head : head.substring(0, space);
    }

    public TreeView<DetailNode> tree() {
        return tree;
    }

    private static final class DetailCell extends TreeCell<DetailNode> {
        @Override
        protected void updateItem(DetailNode n, boolean empty) {
            super.updateItem(n, empty);
            setText(empty || n == null ? null : n.label());
            // long lines (findings, layer summaries) are read whole in a tooltip
            setTooltip(empty || n == null || n.label().length() < 60 ? null : new javafx.scene.control.Tooltip(n.label()));
            boolean anomaly = !empty && n != null && n.kind() == DetailNode.Kind.ANOMALY
                    && n.severity().compareTo(Severity.NOTE) >= 0;
            pseudoClassStateChanged(ANOMALY, anomaly);
            pseudoClassStateChanged(FINDING, !empty && n != null && n.kind() == DetailNode.Kind.FINDING);
            pseudoClassStateChanged(LAYER, !empty && n != null
                    && (n.kind() == DetailNode.Kind.LAYER || n.kind() == DetailNode.Kind.FRAME));
        }
    }
}
