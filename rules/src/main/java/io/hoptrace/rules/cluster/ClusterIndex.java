package io.hoptrace.rules.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.hoptrace.decoders.state.IpPrefix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster as a set of answers: who owns an IP, which Service answers on an IP:port/protocol or a NodePort,
 * which node owns a pod CIDR, which endpoints back a Service port, which NetworkPolicies select a Pod. Built once
 * from fabric8 model objects (Pods, Services, EndpointSlices, Nodes, NetworkPolicies; other kinds are ignored);
 * immutable afterwards. Addresses are compared in canonical text form ({@link IpPrefix#canonical}).
 */
public final class ClusterIndex {
    /** The label that ties an EndpointSlice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Map<String, List<IpOwner>> ownersByIp = new HashMap<>();
    private final Map<String, ServiceAddress> servicesByAddress = new HashMap<>();
    private final Map<String, ServiceAddress> nodePorts = new HashMap<>();
    private final List<ServicePortInfo> servicePorts = new ArrayList<>();
    private final Map<String, Map<String, EndpointInfo>> endpoints = new HashMap<>();
    private final List<Map.Entry<IpPrefix, String>> podCidrs = new ArrayList<>();
    private final Map<String, Set<String>> nodeAddresses = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final Map<String, Pod> podsByIp = new HashMap<>();
    private final List<NetworkPolicy> policies = new ArrayList<>();

    private ClusterIndex() {
    }

    public static ClusterIndex empty() {
        return new ClusterIndex();
    }

    public static ClusterIndex of(Collection<? extends HasMetadata> objects) {
        ClusterIndex x = new ClusterIndex();
        for (HasMetadata o : objects) {
            if (o instanceof Node n) {
                x.addNode(n);
            }
        }
        for (HasMetadata o : objects) {
            if (o instanceof Pod p) {
                x.addPod(p);
            } else if (o instanceof Service s) {
                x.addService(s);
            } else if (o instanceof NetworkPolicy np) {
                x.policies.add(np);
            }
        }
        for (HasMetadata o : objects) {
            if (o instanceof EndpointSlice es) {
                x.addSlice(es);
            }
        }
        return x;
    }

    private void addNode(Node n) {
        String name = n.getMetadata().getName();
        Set<String> addrs = nodeAddresses.computeIfAbsent(name, k -> new LinkedHashSet<>());
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (NodeAddress a : n.getStatus().getAddresses()) {
                String ip = IpPrefix.canonical(a.getAddress());
                if (ip != null) {
                    addrs.add(ip);
                    owner(ip, new IpOwner(IpOwner.Kind.NODE, "", name, a.getType(), name));
                }
            }
        }
        if (n.getSpec() != null) {
            Set<String> cidrs = new LinkedHashSet<>();
            if (n.getSpec().getPodCIDRs() != null) {
                cidrs.addAll(n.getSpec().getPodCIDRs());
            }
            if (n.getSpec().getPodCIDR() != null) {
                cidrs.add(n.getSpec().getPodCIDR());
            }
            for (String c : cidrs) {
                IpPrefix p = IpPrefix.parse(c.strip());
                if (p != null) {
                    podCidrs.add(Map.entry(p, name));
                }
            }
        }
    }

    private void addPod(Pod p) {
        String ns = p.getMetadata().getNamespace();
        String name = p.getMetadata().getName();
        pods.put(ns + "/" + name, p);
        boolean hostNetwork = p.getSpec() != null && Boolean.TRUE.equals(p.getSpec().getHostNetwork());
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        Set<String> ips = new LinkedHashSet<>();
        if (p.getStatus() != null) {
            if (p.getStatus().getPodIPs() != null) {
                for (PodIP ip : p.getStatus().getPodIPs()) {
                    ips.add(ip.getIp());
                }
            }
            if (p.getStatus().getPodIP() != null) {
                ips.add(p.getStatus().getPodIP());
            }
        }
        for (String raw : ips) {
            String ip = IpPrefix.canonical(raw);
            if (ip == null) {
                continue;
            }
            owner(ip, new IpOwner(IpOwner.Kind.POD, ns, name, hostNetwork ? "host network" : "pod IP", node));
            if (!hostNetwork || !podsByIp.containsKey(ip)) {
                podsByIp.putIfAbsent(ip, p);
            }
        }
    }

    private void addService(Service s) {
        ServiceSpec spec = s.getSpec();
        if (spec == null || spec.getPorts() == null) {
            return;
        }
        String ns = s.getMetadata().getNamespace();
        String name = s.getMetadata().getName();
        List<String> clusterIPs = new ArrayList<>();
        if (spec.getClusterIPs() != null) {
            clusterIPs.addAll(spec.getClusterIPs());
        }
        if (spec.getClusterIP() != null && !clusterIPs.contains(spec.getClusterIP())) {
            clusterIPs.add(0, spec.getClusterIP());
        }
        clusterIPs = canonicalAll(clusterIPs);
        List<String> externalIPs = canonicalAll(spec.getExternalIPs());
        List<String> lbIPs = new ArrayList<>();
        if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                && s.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress in : s.getStatus().getLoadBalancer().getIngress()) {
                lbIPs.add(in.getIp());
            }
        }
        lbIPs = canonicalAll(lbIPs);
        List<String> ranges = new ArrayList<>();
        if (spec.getLoadBalancerSourceRanges() != null) {
            for (String r : spec.getLoadBalancerSourceRanges()) {
                ranges.add(r.strip());
            }
        }
        int affinity = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            affinity = 10800;
            if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                    && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
                affinity = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            }
        }
        String type = spec.getType() == null ? "ClusterIP" : spec.getType();
        for (ServicePort sp : spec.getPorts()) {
            String proto = sp.getProtocol() == null ? "TCP" : sp.getProtocol().toUpperCase(Locale.ROOT);
            String target = sp.getTargetPort() == null ? null
                    : sp.getTargetPort().getStrVal() != null ? sp.getTargetPort().getStrVal()
                    : String.valueOf(sp.getTargetPort().getIntVal());
            ServicePortInfo info = new ServicePortInfo(new ServicePortName(ns, name, sp.getName()), type, proto,
                    sp.getPort() == null ? 0 : sp.getPort(), target, sp.getNodePort() == null ? 0 : sp.getNodePort(),
                    clusterIPs, externalIPs, lbIPs, ranges, spec.getExternalTrafficPolicy(),
                    spec.getInternalTrafficPolicy(), spec.getHealthCheckNodePort() == null ? 0
                    : spec.getHealthCheckNodePort(), affinity);
            servicePorts.add(info);
            address(clusterIPs, info, "cluster IP");
            address(externalIPs, info, "external IP");
            address(lbIPs, info, "load balancer IP");
            if (info.nodePort() > 0) {
                nodePorts.putIfAbsent(info.nodePort() + "|" + proto, new ServiceAddress(info, "node port"));
            }
        }
    }

    private void address(List<String> ips, ServicePortInfo info, String role) {
        for (String ip : ips) {
            servicesByAddress.putIfAbsent(ip + "|" + info.port() + "|" + info.protocol(), new ServiceAddress(info, role));
            IpOwner o = new IpOwner(IpOwner.Kind.SERVICE, info.name().namespace(), info.name().name(), role, null);
            if (!ownersByIp.getOrDefault(ip, List.of()).contains(o)) {
                owner(ip, o);
            }
        }
    }

    private void addSlice(EndpointSlice es) {
        Map<String, String> labels = es.getMetadata().getLabels();
        String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        if (svc == null || es.getEndpoints() == null || es.getPorts() == null) {
            return;
        }
        String ns = es.getMetadata().getNamespace();
        for (EndpointPort port : es.getPorts()) {
            if (port.getPort() == null) {
                continue;
            }
            String proto = port.getProtocol() == null ? "TCP" : port.getProtocol().toUpperCase(Locale.ROOT);
            ServicePortName spn = new ServicePortName(ns, svc, port.getName());
            Map<String, EndpointInfo> eps = endpoints.computeIfAbsent(key(spn, proto), k -> new LinkedHashMap<>());
            for (Endpoint e : es.getEndpoints()) {
                if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
                    continue;
                }
                // kube-proxy uses an endpoint's first address only
                String ip = IpPrefix.canonical(e.getAddresses().get(0));
                if (ip == null) {
                    continue;
                }
                boolean ready = e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
                boolean serving = e.getConditions() == null || e.getConditions().getServing() == null ? ready
                        : e.getConditions().getServing();
                boolean terminating = e.getConditions() != null
                        && Boolean.TRUE.equals(e.getConditions().getTerminating());
                String podNs = null;
                String podName = null;
                if (e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())) {
                    podNs = e.getTargetRef().getNamespace() == null ? ns : e.getTargetRef().getNamespace();
                    podName = e.getTargetRef().getName();
                } else if (podsByIp.containsKey(ip)) {
                    Pod p = podsByIp.get(ip);
                    podNs = p.getMetadata().getNamespace();
                    podName = p.getMetadata().getName();
                }
                String node = e.getNodeName();
                if (node == null && podName != null && pods.containsKey(podNs + "/" + podName)) {
                    Pod p = pods.get(podNs + "/" + podName);
                    node = p.getSpec() == null ? null : p.getSpec().getNodeName();
                }
                EndpointInfo info = new EndpointInfo(spn, proto, ip, port.getPort(), ready, serving, terminating,
                        node, podNs, podName, e.getZone());
                eps.putIfAbsent(info.endpoint(), info);
            }
        }
    }

    private void owner(String ip, IpOwner o) {
        ownersByIp.computeIfAbsent(ip, k -> new ArrayList<>(1)).add(o);
    }

    private static String key(ServicePortName spn, String protocol) {
        return spn + "|" + protocol.toUpperCase(Locale.ROOT);
    }

    private static List<String> canonicalAll(List<String> ips) {
        List<String> out = new ArrayList<>();
        if (ips != null) {
            for (String ip : ips) {
                String c = ip == null ? null : IpPrefix.canonical(ip.strip());
                if (c != null && !out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Every owner of an IP: a Service IP, a Pod, a Node (and host-network Pods sharing the node's IP). */
    public List<IpOwner> ownersOf(String ip) {
        String c = IpPrefix.canonical(ip);
        return c == null ? List.of() : Collections.unmodifiableList(ownersByIp.getOrDefault(c, List.of()));
    }

    /** The main owner: a Service, else a Pod with its own IP, else a Node, else a host-network Pod. */
    public Optional<IpOwner> ownerOf(String ip) {
        List<IpOwner> all = ownersOf(ip);
        for (IpOwner.Kind k : IpOwner.Kind.values()) {
            for (IpOwner o : all) {
                boolean hostPod = o.kind() == IpOwner.Kind.POD && o.role().equals("host network");
                if (k == IpOwner.Kind.SERVICE && o.kind() == k || k == IpOwner.Kind.POD && o.kind() == k && !hostPod
                        || k == IpOwner.Kind.NODE && o.kind() == k) {
                    return Optional.of(o);
                }
            }
        }
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The Service port answering on a cluster, external or load-balancer IP and port; protocol any case. */
    public Optional<ServiceAddress> serviceAt(String ip, int port, String protocol) {
        String c = IpPrefix.canonical(ip);
        if (c == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(servicesByAddress.get(c + "|" + port + "|" + protocol.toUpperCase(Locale.ROOT)));
    }

    public Optional<ServiceAddress> nodePort(int port, String protocol) {
        return Optional.ofNullable(nodePorts.get(port + "|" + protocol.toUpperCase(Locale.ROOT)));
    }

    /** The node whose pod CIDR holds the address (the longest matching prefix). */
    public Optional<String> nodeForPodIp(String ip) {
        IpPrefix host = IpPrefix.host(ip);
        String best = null;
        int bestLen = -1;
        for (Map.Entry<IpPrefix, String> e : podCidrs) {
            if (e.getKey().contains(host) && e.getKey().length() > bestLen) {
                best = e.getValue();
                bestLen = e.getKey().length();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Endpoints of a Service port, ready or not, in slice order; empty when there are none. */
    public List<EndpointInfo> endpoints(ServicePortName name, String protocol) {
        Map<String, EndpointInfo> m = endpoints.get(key(name, protocol));
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public List<EndpointInfo> endpoints(ServicePortInfo port) {
        return endpoints(port.name(), port.protocol());
    }

    public List<ServicePortInfo> servicePorts() {
        return Collections.unmodifiableList(servicePorts);
    }

    public Optional<ServicePortInfo> servicePort(ServicePortName name, String protocol) {
        for (ServicePortInfo p : servicePorts) {
            if (p.name().equals(name) && p.protocol().equalsIgnoreCase(protocol)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Set<String> nodeNames() {
        return Collections.unmodifiableSet(nodeAddresses.keySet());
    }

    public boolean hasNode(String name) {
        return nodeAddresses.containsKey(name);
    }

    /** The node's addresses from its status (InternalIP, ExternalIP), canonical; empty for an unknown node. */
    public Set<String> nodeAddresses(String node) {
        return Collections.unmodifiableSet(nodeAddresses.getOrDefault(node, Set.of()));
    }

    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name));
    }

    public Optional<Pod> podByIp(String ip) {
        String c = IpPrefix.canonical(ip);
        return c == null ? Optional.empty() : Optional.ofNullable(podsByIp.get(c));
    }

    /** The NetworkPolicies of the Pod's namespace whose podSelector selects it. */
    public List<NetworkPolicy> policiesSelecting(Pod pod) {
        List<NetworkPolicy> out = new ArrayList<>();
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        for (NetworkPolicy np : policies) {
            if (Objects.equals(np.getMetadata().getNamespace(), ns) && np.getSpec() != null
                    && LabelSelectors.selects(np.getSpec().getPodSelector(), labels)) {
                out.add(np);
            }
        }
        return out;
    }

    public List<NetworkPolicy> networkPolicies() {
        return Collections.unmodifiableList(policies);
    }
}
