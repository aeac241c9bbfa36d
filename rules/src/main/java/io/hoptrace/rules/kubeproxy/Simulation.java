package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.ConntrackMatch;
import io.hoptrace.decoders.state.IpvsService;
import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.cluster.ServiceAddress;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answer of {@link NodeSimulator}: the trace, plus what the packet's ends are in the cluster
 * ({@code destination}, {@code source}), the Service port it was addressed to (null when none) with all that
 * port's endpoints from the EndpointSlices, ready or not, and the node addresses used for {@code addrtype}.
 * {@code conntrack} holds the node's entries for the packet (null when no conntrack listing was given) and
 * {@code conntrackNotes} where they disagree with the rules; {@code ipvs} the IPVS virtual service the packet hits
 * (null when none, or no IPVS listing: {@code ipvsKnown} tells). {@code addressOwners} names the addresses
 * those two mention.
 */
public record Simulation(String node, Packet packet, Origin origin, Set<String> localAddresses, String destination,
                         String source, ServiceAddress service, List<EndpointInfo> serviceEndpoints,
                         PacketTrace trace, ChainCatalog catalog, List<ConntrackMatch> conntrack,
                         List<String> conntrackNotes, IpvsService ipvs, boolean ipvsKnown,
                         Map<String, String> addressOwners) {
    public Simulation {
        localAddresses = Collections.unmodifiableSet(new LinkedHashSet<>(localAddresses));
        serviceEndpoints = List.copyOf(serviceEndpoints);
        conntrack = conntrack == null ? null : List.copyOf(conntrack);
        conntrackNotes = List.copyOf(conntrackNotes);
        addressOwners = Map.copyOf(addressOwners);
    }

    /** Who owns an address that appears in the conntrack entries or IPVS real servers, or null. */
    public String ownerOf(String ip) {
        return addressOwners.get(ip);
    }
}
