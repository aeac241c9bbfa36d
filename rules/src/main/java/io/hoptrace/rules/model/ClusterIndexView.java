package io.hoptrace.rules.model;

import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.IpOwner;
import io.hoptrace.rules.cluster.KubernetesJson;
import io.hoptrace.rules.cluster.ServiceAddress;
import io.hoptrace.rules.cluster.ServicePortInfo;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClusterView} over the cluster index (k8s.json through fabric8's model): the lookups stitching and the
 * rules make, plus {@link #index()} for rules that need more (endpoints, NetworkPolicies, kube-proxy chains).
 */
public final class ClusterIndexView implements ClusterView {
    private final ClusterIndex index;
    private final Map<String, String> nodeByAddress = new HashMap<>();

    public ClusterIndexView(ClusterIndex index) {
        this.index = index;
        for (String node : index.nodeNames()) {
            for (String a : index.nodeAddresses(node)) {
                nodeByAddress.putIfAbsent(a, node);
            }
        }
    }

    /** The text of k8s.json; IllegalArgumentException (saying where) when it is not Kubernetes JSON. */
    public static ClusterIndexView parse(String json) {
        return new ClusterIndexView(ClusterIndex.of(KubernetesJson.read(json)));
    }

    @Override
    public Optional<ClusterIndex> index() {
        return Optional.of(index);
    }

    @Override
    public Optional<ObjectRef> ownerOf(String address) {
        return index.ownerOf(address).map(ClusterIndexView::ref);
    }

    private static ObjectRef ref(IpOwner o) {
        return switch (o.kind()) {
            case POD -> ObjectRef.pod(o.namespace(), o.name());
            case SERVICE -> ObjectRef.service(o.namespace(), o.name());
            case NODE -> ObjectRef.node(o.name());
        };
    }

    private static ObjectRef service(ServiceAddress a) {
        return ObjectRef.service(a.servicePort().name().namespace(), a.servicePort().name().name());
    }

    @Override
    public Optional<ObjectRef> serviceAt(String address, int port, String protocol) {
        return index.serviceAt(address, port, protocol).map(ClusterIndexView::service);
    }

    @Override
    public Optional<ObjectRef> serviceByNodePort(int port, String protocol) {
        return index.nodePort(port, protocol).map(ClusterIndexView::service);
    }

    @Override
    public Optional<String> nodeOfPod(String address) {
        Optional<IpOwner> o = index.ownerOf(address);
        if (o.isPresent() && o.get().kind() == IpOwner.Kind.POD && o.get().nodeName() != null) {
            return Optional.of(o.get().nodeName());
        }
        if (o.isPresent() && o.get().kind() != IpOwner.Kind.POD) {
            return Optional.empty();
        }
        return index.nodeForPodIp(address);
    }

    @Override
    public Optional<String> nodeOfAddress(String address) {
        return Optional.ofNullable(nodeByAddress.get(address));
    }

    @Override
    public Optional<String> externalTrafficPolicy(ObjectRef service) {
        for (ServicePortInfo p : index.servicePorts()) {
            if (p.name().namespace().equals(service.namespace()) && p.name().name().equals(service.name())
                    && p.externalTrafficPolicy() != null) {
                return Optional.of(p.externalTrafficPolicy());
            }
        }
        return Optional.empty();
    }
}
