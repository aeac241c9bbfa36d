package io.hoptrace.ui.app;

import io.hoptrace.ui.model.analysis.Journey;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;

/** The hop diagram of the selected packet's journey; clicking a station selects that observation's packet. */
public final class HopDiagramPanel extends PanelController {
    @FXML
    private ScrollPane scroll;
    @FXML
    private HopDiagram diagram;
    @FXML
    private Label placeholder;

    public HopDiagramPanel(Session session) {
        super(session);
    }

    @Override
    protected void didLoadFxml() {
        diagram.setOnHopClicked(session::selectRow);
        session.selectedRow().addListener((o, was, row) -> update());
        session.analysis().addListener((o, was, a) -> update());
        session.analysing().addListener((o, was, a) -> update());
        session.capturing().addListener((o, was, a) -> update());
        session.workspace().addListener((o, was, w) -> update());
        update();
    }

    private void update() {
        int row = session.selectedRow().get();
        Journey j = row < 0 ? null : session.analysis().get().journeyOf(row);
        Journey shown = diagram.journey();
        if (j != null && shown == j) {
            // same journey, another of its packets: only the emphasis moves
            diagram.show(j, row);
            return;
        }
        diagram.show(j, row);
        scroll.setVvalue(0);
        boolean has = j != null;
        scroll.setVisible(has);
        placeholder.setVisible(!has);
        if (!has) {
            placeholder.setText(placeholderText(row));
        }
    }

    private String placeholderText(int row) {
        if (session.workspace().get().index().count() == 0) {
            return "The journey of the selected packet shows here: where it was seen, node by node.";
        }
        if (session.analysing().get()) {
            return "Stitching journeys\u2026";
        }
        if (session.capturing().get()) {
            return "Journeys are stitched when the capture stops (Capture \u25B8 Stop).";
        }
        if (row < 0) {
            return "Select a packet to see its journey.";
        }
        return "Packet " + (row + 1) + " has no journey: it was seen at one place only, or analysis did not"
                + " follow it.";
    }

    public HopDiagram diagram() {
        return diagram;
    }
}
