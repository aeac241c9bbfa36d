package io.hoptrace.rules.cluster;

import java.util.List;

/**
 * One port of one Service with what kube-proxy programs for it: the addresses it answers on, its NodePort, and
 * the policies that change the chains (traffic policies, source ranges, session affinity).
 * {@code protocol} is upper case as in the API ({@code TCP}); {@code nodePort} and {@code healthCheckNodePort}
 * are 0 when unset; {@code affinityTimeoutSeconds} is 0 without ClientIP affinity.
 */
public record ServicePortInfo(ServicePortName name, String type, String protocol, int port, String targetPort,
                              int nodePort, List<String> clusterIPs, List<String> externalIPs,
                              List<String> loadBalancerIPs, List<String> loadBalancerSourceRanges,
                              String externalTrafficPolicy, String internalTrafficPolicy, int healthCheckNodePort,
                              int affinityTimeoutSeconds) {
    public ServicePortInfo {
        clusterIPs = List.copyOf(clusterIPs);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIPs = List.copyOf(loadBalancerIPs);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
    }

    /** {@code tcp}, as kube-proxy passes it to the chain-name hash. */
    public String protocolLower() {
        return protocol.toLowerCase(java.util.Locale.ROOT);
    }

    public boolean externalPolicyLocal() {
        return "Local".equals(externalTrafficPolicy);
    }

    public boolean internalPolicyLocal() {
        return "Local".equals(internalTrafficPolicy);
    }

    /** NodePort, LoadBalancer or external IPs: traffic from outside the cluster reaches it. */
    public boolean externallyAccessible() {
        return nodePort > 0 || !externalIPs.isEmpty() || !loadBalancerIPs.isEmpty();
    }

    @Override
    public String toString() {
        return name + "/" + protocol;
    }
}
