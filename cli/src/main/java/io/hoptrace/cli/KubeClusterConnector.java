package io.hoptrace.cli;

import io.hoptrace.capture.snapshot.ClusterWatch;
import io.hoptrace.ui.model.port.ClusterConnection;
import io.hoptrace.ui.model.port.ClusterConnector;
import io.hoptrace.ui.model.port.ClusterException;
import io.hoptrace.ui.model.port.ClusterListener;
import io.hoptrace.ui.model.port.ClusterState;
import io.hoptrace.ui.model.port.KubeContexts;
import java.nio.file.Path;

/** The GUI's cluster port over capture's {@link ClusterWatch} (fabric8 informers, kubectl's kubeconfig lookup). */
final class KubeClusterConnector implements ClusterConnector {
    private final Path kubeconfig;

    /** {@code kubeconfig} null: {@code KUBECONFIG}, then {@code ~/.kube/config}, as kubectl. */
    KubeClusterConnector(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    @Override
    public KubeContexts contexts() throws ClusterException {
        try {
            ClusterWatch.Contexts c = ClusterWatch.contexts(kubeconfig);
            return new KubeContexts(c.source(), c.names(), c.current());
        } catch (ClusterWatch.Unavailable e) {
            throw new ClusterException(e.getMessage());
        }
    }

    @Override
    public ClusterConnection connect(String context, ClusterListener listener)
            throws ClusterException, InterruptedException {
        ClusterWatch watch;
        try {
            watch = ClusterWatch.connect(kubeconfig, context, s -> listener.changed(state(s)), listener::problem);
        } catch (ClusterWatch.Unavailable e) {
            throw new ClusterException(e.getMessage());
        }
        return new ClusterConnection() {
            @Override
            public String context() {
                return watch.context();
            }

            @Override
            public ClusterState state() {
                return KubeClusterConnector.state(watch.state());
            }

            @Override
            public void close() {
                watch.close();
            }
        };
    }

    private static ClusterState state(ClusterWatch.State s) {
        return new ClusterState(s.context(), s.version(), s.objects(), s.notListed());
    }
}
