package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.ConntrackMatch;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.ConntrackTuple;
import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpPrefix;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IpvsRealServer;
import io.hoptrace.decoders.state.IpvsService;
import io.hoptrace.decoders.state.IpvsTable;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.cluster.IpOwner;
import io.hoptrace.rules.cluster.ServiceAddress;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A packet tracer for one node: the node's iptables dump, named with the cluster index, answering "where does
 * this packet go on that node". Built once per dump; {@link #simulate} is cheap.
 */
public final class NodeSimulator {
    private final ClusterIndex index;
    private final IptablesDump dump;
    private final ChainCatalog catalog;
    private final IptablesTracer tracer;
    private final ConntrackTable conntrack;
    private final IpvsTable ipvs;

    public NodeSimulator(ClusterIndex index, IptablesDump dump) {
        this(index, dump, null, null);
    }

    /** With the node's conntrack listing and IPVS table, either of which may be null. */
    public NodeSimulator(ClusterIndex index, IptablesDump dump, ConntrackTable conntrack, IpvsTable ipvs) {
        this.index = index;
        this.dump = dump;
        this.catalog = ChainCatalog.of(index).withCommentsOf(dump);
        this.tracer = new IptablesTracer(dump, catalog);
        this.conntrack = conntrack;
        this.ipvs = ipvs;
    }

    /**
     * What one node does with a packet, with both ends and every DNAT target in Kubernetes terms.
     *
     * @param node           the node's name in the cluster index, or null when unknown
     * @param extraLocal     more addresses of the node (e.g. from {@code ip -j addr}); may be empty
     * @param origin         null to infer: sent locally when the source is one of the node's addresses
     */
    public Simulation simulate(Packet packet, String node, Set<String> extraLocal, Origin origin) {
        Set<String> local = new LinkedHashSet<>();
        if (node != null) {
            local.addAll(index.nodeAddresses(node));
        }
        for (String a : extraLocal) {
            String c = IpPrefix.canonical(a);
            if (c != null) {
                local.add(c);
            }
        }
        Set<String> known = local.isEmpty() ? null : Set.copyOf(local);
        Origin o = origin != null ? origin
                : local.contains(packet.sourceIp()) ? Origin.localProcess() : Origin.arriving(null);
        Optional<ServiceAddress> service = index.serviceAt(packet.destinationIp(), packet.destinationPort(),
                packet.protocol());
        if (service.isEmpty() && (local.contains(packet.destinationIp())
                || packet.destinationIp().startsWith("127."))) {
            service = index.nodePort(packet.destinationPort(), packet.protocol());
        }
        List<EndpointInfo> endpoints = service.map(s -> index.endpoints(s.servicePort())).orElse(List.of());
        PacketTrace trace = tracer.trace(packet, o, known);
        List<ConntrackMatch> ct = conntrack == null ? null : ConntrackLookup.find(conntrack, packet);
        List<String> ctNotes = ct == null ? List.of() : ConntrackLookup.compare(ct, trace);
        IpvsService vs = ipvs == null ? null : IpvsLookup.find(ipvs, packet).orElse(null);
        Map<String, String> owners = new HashMap<>();
        if (ct != null) {
            for (ConntrackMatch m : ct) {
                for (ConntrackTuple t : List.of(m.entry().original(), m.entry().reply())) {
                    name(owners, InetLiteral.format(t.source()));
                    name(owners, InetLiteral.format(t.destination()));
                }
            }
        }
        if (vs != null) {
            for (IpvsRealServer r : vs.realServers()) {
                name(owners, InetLiteral.format(r.address()));
            }
        }
        return new Simulation(node, packet, o, local, describe(packet.destinationIp(), service.orElse(null), node),
                describe(packet.sourceIp(), null, node), service.orElse(null), endpoints, trace, catalog, ct, ctNotes,
                vs, ipvs != null, owners);
    }

    private void name(Map<String, String> owners, String ip) {
        index.ownerOf(ip).ifPresent(o -> owners.put(ip, o.toString()));
    }

    private String describe(String ip, ServiceAddress service, String node) {
        if (service != null) {
            return service.servicePort().name() + " " + service.role()
                    + (service.role().equals("node port") && node != null ? " on node " + node : "");
        }
        Optional<IpOwner> owner = index.ownerOf(ip);
        if (owner.isPresent()) {
            return owner.get().toString();
        }
        Optional<String> cidrNode = index.nodeForPodIp(ip);
        if (cidrNode.isPresent()) {
            return "in the pod CIDR of node " + cidrNode.get() + " (no pod has it)";
        }
        return "not a cluster address";
    }

    /** Who an address belongs to, in words ("pod ns1/pod1 on node-2"), or null when the index does not know it. */
    public String ownerOf(String ip) {
        return index.ownerOf(ip).map(Object::toString).orElse(null);
    }

    public ChainCatalog catalog() {
        return catalog;
    }

    public IptablesDump dump() {
        return dump;
    }

    public IptablesTracer tracer() {
        return tracer;
    }
}
