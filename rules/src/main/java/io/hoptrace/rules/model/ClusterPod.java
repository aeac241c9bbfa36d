package io.hoptrace.rules.model;

import io.hoptrace.rules.ObjectRef;

import java.util.List;
import java.util.Map;

/**
 * A Pod of k8s.json as the rules that look at pods as a whole need it (which namespaces have pods, which
 * NetworkPolicies select them).
 *
 * @param ref         pod namespace/name
 * @param labels      metadata.labels (empty when none)
 * @param hostNetwork spec.hostNetwork: the pod uses its node's network namespace, so NetworkPolicies do not apply
 * @param node        spec.nodeName, or null when not scheduled
 * @param ips         status.podIPs (or podIP), possibly empty
 */
public record ClusterPod(ObjectRef ref, Map<String, String> labels, boolean hostNetwork, String node,
                         List<String> ips) {
    public ClusterPod {
        labels = Map.copyOf(labels);
        ips = List.copyOf(ips);
    }

    public String namespace() {
        return ref.namespace();
    }
}
