package io.hoptrace.rules.model;

import io.hoptrace.rules.ObjectRef;

import java.util.Optional;

/**
 * Who owns an address in the cluster, from k8s.json: the lookups stitching and rules need. Addresses are the
 * textual form hops carry ({@code 10.244.0.11}). Implementations are immutable; {@link #EMPTY} knows nothing (no
 * k8s.json).
 */
public interface ClusterView {
    /** The pod, node or Service (cluster IP, external IP, load-balancer IP) that has this address. */
    Optional<ObjectRef> ownerOf(String address);

    /** The Service whose cluster IP (or external/LB IP) and port this is. */
    Optional<ObjectRef> serviceAt(String address, int port, String protocol);

    /** The Service with this NodePort. */
    Optional<ObjectRef> serviceByNodePort(int port, String protocol);

    /** The node a pod with this IP runs on. */
    Optional<String> nodeOfPod(String address);

    /** The node that has this address (InternalIP, ExternalIP, ...). */
    Optional<String> nodeOfAddress(String address);

    /** A Service's {@code spec.externalTrafficPolicy} ("Cluster", "Local"), when it has one. */
    Optional<String> externalTrafficPolicy(ObjectRef service);

    /** The full cluster index behind this view (endpoints, NetworkPolicies, Service ports), when there is one. */
    default Optional<io.hoptrace.rules.cluster.ClusterIndex> index() {
        return Optional.empty();
    }

    /** True when nothing was loaded. */
    default boolean isEmpty() {
        return false;
    }

    ClusterView EMPTY = new ClusterView() {
        @Override
        public Optional<ObjectRef> ownerOf(String address) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectRef> serviceAt(String address, int port, String protocol) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectRef> serviceByNodePort(int port, String protocol) {
            return Optional.empty();
        }

        @Override
        public Optional<String> nodeOfPod(String address) {
            return Optional.empty();
        }

        @Override
        public Optional<String> nodeOfAddress(String address) {
            return Optional.empty();
        }

        @Override
        public Optional<String> externalTrafficPolicy(ObjectRef service) {
            return Optional.empty();
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };
}
