package io.hoptrace.ui.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * A panel: an FXML file next to its controller class ({@code PacketListPanel.fxml} beside
 * {@code PacketListPanel.java}), loaded with this object as its controller on first use, then
 * {@link #didLoadFxml()} wires it to the session. Panels react to the session's coarse revision properties
 * (view, selection, analysis) rather than to fine-grained listeners on each other.
 */
public abstract class PanelController {
    protected final Session session;
    private Parent root;

    protected PanelController(Session session) {
        this.session = session;
    }

    public final Parent root() {
        if (root == null) {
            String name = getClass().getSimpleName() + ".fxml";
            URL url = getClass().getResource(name);
            if (url == null) {
                throw new IllegalStateException("missing " + name + " beside " + getClass().getName());
            }
            FXMLLoader loader = new FXMLLoader(url);
            loader.setController(this);
            try {
                root = loader.load();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load " + name, e);
            }
            didLoadFxml();
        }
        return root;
    }

    /** Called once, after the FXML fields are injected. */
    protected abstract void didLoadFxml();
}
