package io.hoptrace.ui.app;

import io.hoptrace.ui.model.DetailNode;
import javafx.fxml.FXML;

/** The bytes of the selected packet, with the selected detail line's bytes highlighted. */
public final class HexPanel extends PanelController {
    @FXML
    private HexView hex;

    public HexPanel(Session session) {
        super(session);
    }

    @Override
    protected void didLoadFxml() {
        session.selectedRow().addListener((o, was, row) -> show(row.intValue()));
        session.workspace().addListener((o, was, w) -> hex.clear());
    }

    private void show(int row) {
        Workspace ws = session.workspace().get();
        if (row < 0 || row >= ws.index().count()) {
            hex.clear();
            return;
        }
        byte[] frame = new byte[ws.index().capturedLength(row)];
        ws.index().frame(row, frame);
        hex.setBytes(frame, 0, frame.length);
    }

    /** Highlights the bytes of a details line (none for lines without bytes of their own). */
    void highlight(DetailNode n) {
        if (n == null || n.offset() < 0) {
            hex.highlight(0, 0);
        } else {
            hex.highlight(n.offset(), n.length());
        }
    }

    public HexView hexView() {
        return hex;
    }
}
