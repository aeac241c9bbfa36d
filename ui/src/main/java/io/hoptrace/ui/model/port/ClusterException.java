package io.hoptrace.ui.model.port;

/** Why there is no cluster connection, as one line that says what to do; the window shows it as it is. */
public final class ClusterException extends Exception {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }
}
