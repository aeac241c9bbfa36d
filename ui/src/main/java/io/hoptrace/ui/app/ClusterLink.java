package io.hoptrace.ui.app;

import io.hoptrace.ui.model.cluster.LiveCluster;
import io.hoptrace.ui.model.port.ClusterConnection;
import io.hoptrace.ui.model.port.ClusterConnector;
import io.hoptrace.ui.model.port.ClusterException;
import io.hoptrace.ui.model.port.ClusterListener;
import io.hoptrace.ui.model.port.ClusterState;
import io.hoptrace.ui.model.port.KubeContexts;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/**
 * The window's connection to a live cluster (FX thread state, background work). Connecting lists the cluster in a
 * Task that Cancel interrupts; afterwards the connector's updates arrive on its own thread, are turned into a
 * {@link LiveCluster} there, and the newest one is applied on the next pulse (one pending Platform.runLater, older
 * states dropped). While connected, the live cluster's names replace a bundle's k8s.json
 * ({@link io.hoptrace.ui.model.cluster.ClusterDirectory#useLive}).
 */
public final class ClusterLink {
    private final Session session;
    private final ClusterConnector connector;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hoptrace-cluster");
        t.setDaemon(true);
        return t;
    });
    private final ObjectProperty<LiveCluster> state = new SimpleObjectProperty<>();
    private final BooleanProperty connecting = new SimpleBooleanProperty();
    private final StringProperty target = new SimpleStringProperty();
    private final StringBinding summary = Bindings.createStringBinding(this::describe, state, connecting, target);
    /** The newest state not yet applied; set on the connector's thread, taken on the FX thread. */
    private final AtomicReference<LiveCluster> latest = new AtomicReference<>();

    private Task<ClusterConnection> connectTask;
    private ClusterConnection connection;
    /** Counts connections: updates of an earlier one are ignored. */
    private long generation;

    ClusterLink(Session session, ClusterConnector connector) {
        this.session = session;
        this.connector = connector;
    }

    /** Reads the kubeconfig's contexts off the FX thread; one of the two callbacks runs on the FX thread. */
    public void readContexts(Consumer<KubeContexts> done, Consumer<String> failed) {
        Task<KubeContexts> task = new Task<>() {
            @Override
            protected KubeContexts call() throws ClusterException {
                return connector.contexts();
            }
        };
        task.setOnSucceeded(e -> done.accept(task.getValue()));
        task.setOnFailed(e -> failed.accept(Session.describe(task.getException())));
        thread.submit(task);
    }

    /** Connects to {@code context} (null: the kubeconfig's current one), replacing any connection. */
    public void connect(String context) {
        disconnect();
        long gen = ++generation;
        ClusterListener listener = new ClusterListener() {
            @Override
            public void changed(ClusterState s) {
                offer(gen, LiveCluster.of(s));
            }

            @Override
            public void problem(String message) {
                Platform.runLater(() -> {
                    if (gen == generation) {
                        session.messages().add(new Message(Message.Level.WARNING, message));
                    }
                });
            }
        };
        Task<ClusterConnection> task = new Task<>() {
            @Override
            protected ClusterConnection call() throws ClusterException, InterruptedException {
                ClusterConnection c = connector.connect(context, listener);
                if (isCancelled()) {
                    c.close();
                    return null;
                }
                offer(gen, LiveCluster.of(c.state()));
                return c;
            }
        };
        connectTask = task;
        target.set(context == null ? "the current context" : context);
        connecting.set(true);
        task.setOnSucceeded(e -> {
            if (task != connectTask) {
                closeLater(task.getValue());
                return;
            }
            connectTask = null;
            connecting.set(false);
            connection = task.getValue();
            target.set(connection.context());
            apply(gen);
            session.messages().add(new Message(Message.Level.INFO, "Connected to context " + connection.context()
                    + ": pod, Service and node names now come from the live cluster, replacing a bundle's k8s.json"
                    + " while connected (File \u25B8 Disconnect goes back to it)."));
        });
        task.setOnFailed(e -> {
            if (task != connectTask) {
                return;
            }
            connectTask = null;
            connecting.set(false);
            target.set(null);
            session.showError("Cannot connect to " + (context == null ? "the current context" : "context "
                    + context) + ": " + Session.describe(task.getException()));
        });
        task.setOnCancelled(e -> {
            if (task == connectTask) {
                connectTask = null;
                connecting.set(false);
                target.set(null);
            }
        });
        thread.submit(task);
    }

    /** Stops a connection being made (the connector sees an interrupt). */
    public void cancelConnect() {
        if (connectTask != null) {
            connectTask.cancel(true);
            connectTask = null;
            connecting.set(false);
            target.set(null);
            generation++;
        }
    }

    /** Closes the connection; the bundle's names (if any) come back. */
    public void disconnect() {
        cancelConnect();
        generation++;
        latest.set(null);
        closeLater(connection);
        connection = null;
        target.set(null);
        if (state.get() != null) {
            state.set(null);
            useLive(null);
        }
    }

    private void closeLater(ClusterConnection c) {
        if (c != null) {
            // stopping informers and the client's threads may wait on the network: not on the FX thread
            Thread t = new Thread(c::close, "hoptrace-cluster-close");
            t.setDaemon(true);
            t.start();
        }
    }

    /** From any thread: the newest state wins; one runLater is pending at a time. */
    private void offer(long gen, LiveCluster s) {
        if (latest.getAndSet(s) == null) {
            Platform.runLater(() -> apply(gen));
        }
    }

    private void apply(long gen) {
        LiveCluster s = latest.getAndSet(null);
        if (s == null || gen != generation || connection == null) {
            if (s != null && gen == generation) {
                // arrived before the connect task finished: keep it for the task's handler
                latest.compareAndSet(null, s);
            }
            return;
        }
        if (state.get() != null && s.version() <= state.get().version()) {
            return;
        }
        state.set(s);
        useLive(s);
    }

    private void useLive(LiveCluster s) {
        Workspace ws = session.workspace().get();
        // the empty workspace is shared by every window: it keeps no names (the cluster panel reads state())
        if (ws != Workspace.EMPTY) {
            ws.cluster().useLive(s);
        }
        session.clusterChanged();
    }

    private String describe() {
        if (connecting.get()) {
            return "Connecting to " + target.get() + "\u2026";
        }
        LiveCluster s = state.get();
        if (s == null) {
            return "";
        }
        String notListed = s.notListed().isEmpty() ? "" : " (not listed: " + String.join(", ",
                s.notListed().keySet()) + ")";
        return "Live: " + s.context() + " \u00B7 " + s.summary() + notListed;
    }

    /** The window closes: the connection goes, with no names to swap back in. */
    void dispose() {
        cancelConnect();
        generation++;
        closeLater(connection);
        connection = null;
        thread.shutdownNow();
    }

    /** The live cluster in use, or null when not connected. */
    public ObjectProperty<LiveCluster> state() {
        return state;
    }

    public BooleanProperty connecting() {
        return connecting;
    }

    /** "Live: kind-dev · 3 nodes, 41 pods, 12 Services", "Connecting to kind-dev…", or "". */
    public StringBinding summary() {
        return summary;
    }

    public boolean connected() {
        return connection != null;
    }

    ClusterConnector connector() {
        return connector;
    }
}
