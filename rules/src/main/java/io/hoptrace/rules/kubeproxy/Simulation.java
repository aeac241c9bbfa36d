package io.hoptrace.rules.kubeproxy;

import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.cluster.ServiceAddress;

import java.util.List;
import java.util.Set;

/**
 * The answer of {@link NodeSimulator}: the trace, plus what the packet's ends are in the cluster
 * ({@code destination}, {@code source}), the Service port it was addressed to (null when none) with all that
 * port's endpoints from the EndpointSlices, ready or not, and the node addresses used for {@code addrtype}.
 */
public record Simulation(String node, Packet packet, Origin origin, Set<String> localAddresses, String destination,
                         String source, ServiceAddress service, List<EndpointInfo> serviceEndpoints,
                         PacketTrace trace, ChainCatalog catalog) {
    public Simulation {
        localAddresses = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(localAddresses));
        serviceEndpoints = List.copyOf(serviceEndpoints);
    }
}
