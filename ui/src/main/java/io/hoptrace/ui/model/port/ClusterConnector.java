package io.hoptrace.ui.model.port;

/**
 * Connects the window to a live cluster through a kubeconfig context, as kubectl would ({@code --kubeconfig},
 * {@code KUBECONFIG}, {@code ~/.kube/config}). cli implements it with fabric8 informers (capture's ClusterWatch).
 */
public interface ClusterConnector {
    /** No cluster connection: the menu item says so rather than failing later. */
    ClusterConnector NONE = new ClusterConnector() {
        @Override
        public KubeContexts contexts() throws ClusterException {
            throw new ClusterException("This window was started without cluster access: run it as hoptrace gui");
        }

        @Override
        public ClusterConnection connect(String context, ClusterListener listener) throws ClusterException {
            throw new ClusterException("This window was started without cluster access: run it as hoptrace gui");
        }
    };

    /** The kubeconfig's contexts and its current one; reads a local file only. */
    KubeContexts contexts() throws ClusterException;

    /**
     * Lists the cluster's Pods, Services, EndpointSlices, Nodes and NetworkPolicies and starts following them;
     * returns once everything is listed ({@link ClusterConnection#state()}). Later states go to {@code listener} on
     * a background thread. {@code context} null means the kubeconfig's current one. Interrupting the calling thread
     * cancels: everything started is stopped and InterruptedException thrown.
     */
    ClusterConnection connect(String context, ClusterListener listener)
            throws ClusterException, InterruptedException;
}
