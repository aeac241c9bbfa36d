package io.hoptrace.ui.app;

import java.util.Locale;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;

/**
 * Packets loaded and displayed, what is going on, load progress with a cancel button (Stop while capturing), and
 * the live cluster: its context and object counts, or a connection being made with its own cancel button.
 */
public final class StatusBar extends PanelController {
    @FXML
    private Label counts;
    @FXML
    private Label status;
    @FXML
    private ProgressBar progress;
    @FXML
    private Button cancel;
    @FXML
    private ProgressIndicator clusterProgress;
    @FXML
    private Label cluster;
    @FXML
    private Button clusterCancel;

    public StatusBar(Session session) {
        super(session);
    }

    @Override
    protected void didLoadFxml() {
        status.textProperty().bind(session.status());
        progress.progressProperty().bind(session.progress());
        progress.visibleProperty().bind(session.loading());
        progress.managedProperty().bind(session.loading());
        var busy = session.loading().or(session.capturing());
        cancel.visibleProperty().bind(busy);
        cancel.managedProperty().bind(busy);
        cancel.textProperty().bind(javafx.beans.binding.Bindings.when(session.capturing()).then("Stop")
                .otherwise("Cancel"));
        cancel.setOnAction(e -> {
            if (session.capturing().get()) {
                session.stopCapture();
            } else {
                session.cancelLoad();
            }
        });
        ClusterLink link = session.cluster();
        cluster.textProperty().bind(link.summary());
        cluster.visibleProperty().bind(link.summary().isNotEmpty());
        cluster.managedProperty().bind(link.summary().isNotEmpty());
        for (var n : new javafx.scene.Node[] {clusterProgress, clusterCancel}) {
            n.visibleProperty().bind(link.connecting());
            n.managedProperty().bind(link.connecting());
        }
        clusterCancel.setOnAction(e -> link.cancelConnect());
        session.packets().addListener((o, was, n) -> updateCounts());
        session.view().addListener((o, was, v) -> updateCounts());
        session.analysis().addListener((o, was, a) -> updateCounts());
        updateCounts();
    }

    private void updateCounts() {
        int packets = session.packets().get();
        int shown = session.view().get().size();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Packets: %,d", packets));
        if (session.filter().get() != null || shown != packets) {
            sb.append(String.format(Locale.ROOT, " \u00B7 Displayed: %,d (%.1f%%)", shown,
                    packets == 0 ? 0.0 : 100.0 * shown / packets));
        }
        int findings = session.analysis().get().findings().size();
        if (findings > 0) {
            sb.append(String.format(Locale.ROOT, " \u00B7 Findings: %d", findings));
        }
        counts.setText(sb.toString());
    }

    public Label cluster() {
        return cluster;
    }

    public Label counts() {
        return counts;
    }
}
