package io.hoptrace.rules.kubeproxy;

import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.cluster.ServicePortName;

/**
 * What a kube-proxy chain stands for in Kubernetes terms. Per-Service chains carry the Service port and protocol;
 * KUBE-SEP chains also the endpoint ({@code endpoint} when the cluster index knows it, else only
 * {@code endpointText} read from the chain's DNAT). {@code source} says how the name was found.
 */
public record ChainMeaning(String chain, Kind kind, ServicePortName service, String protocol, EndpointInfo endpoint,
                           String endpointText, Source source, String description) {
    public enum Kind {
        /** KUBE-SVC-: all endpoints (Cluster traffic policy). */
        SERVICE,
        /** KUBE-SVL-: local endpoints only (Local traffic policy). */
        SERVICE_LOCAL,
        /** KUBE-EXT-: NodePort, external IP and load-balancer traffic. */
        EXTERNAL,
        /** KUBE-FW-: loadBalancerSourceRanges. */
        FIREWALL,
        /** KUBE-SEP-: one endpoint. */
        ENDPOINT,
        /** A fixed chain of kube-proxy or kubelet (KUBE-SERVICES, KUBE-MARK-MASQ...). */
        KUBE_PROXY
    }

    public enum Source {
        /** Recomputed from a Service (and endpoint) of the cluster index. */
        COMPUTED,
        /** Read from the rules' comments and confirmed by recomputing the hash. */
        COMMENT_VERIFIED,
        /** Read from the rules' comments; the hash does not confirm it (old kube-proxy, edited rules). */
        COMMENT,
        /** A fixed chain name. */
        FIXED
    }

    /** The description, with where it came from when that was not the cluster index. */
    public String label() {
        return switch (source) {
            case COMPUTED, FIXED -> description;
            case COMMENT_VERIFIED -> description + "; from rule comments, hash checked";
            case COMMENT -> description + "; from rule comments, hash differs";
        };
    }

    @Override
    public String toString() {
        return chain + " (" + label() + ")";
    }
}
