package io.hoptrace.ui.model.cluster;

import java.util.List;

/**
 * A Kubernetes object the cluster panel lists and the packet list names addresses after.
 *
 * @param kind      "Node", "Pod" or "Service"
 * @param namespace null for nodes
 * @param addresses pod IPs, Service cluster IPs, node internal IPs
 * @param detail    the node a pod runs on, a Service's type and ports, a node's pod CIDR
 */
public record ClusterObject(String kind, String namespace, String name, List<String> addresses, String detail) {
    public ClusterObject {
        addresses = List.copyOf(addresses);
    }

    /** {@code demo/web} for namespaced objects, the name for nodes. */
    public String qualifiedName() {
        return namespace == null ? name : namespace + "/" + name;
    }

    /** How an address of this object is named beside the IP in the packet list. */
    public String label() {
        return switch (kind) {
            case "Service" -> "svc " + name;
            default -> name;
        };
    }
}
