package io.hoptrace.ui.model.cluster;

import io.hoptrace.decoders.state.InetLiteral;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nodes, pods and Services read from Kubernetes objects in their JSON shape (k8s.json's items, or a live
 * cluster's objects turned into the same maps), and the names their addresses get beside the IPs. A bundle's
 * directory fills one while loading; a live cluster's state is a new, finished one each time it changes.
 */
final class KubeNames {
    final List<ClusterObject> objects = new ArrayList<>();
    final Map<String, String> nameByAddress = new HashMap<>();

    /** Adds the items of {@code kubectl get ... -o json} text (a List or one object). */
    void addJson(Object root) {
        List<Object> items = root instanceof Map<?, ?> m && m.get("items") instanceof List<?> l
                ? castList(l) : List.of(root);
        for (Object item : items) {
            if (item instanceof Map<?, ?> m) {
                add(castMap(m));
            }
        }
    }

    void add(Map<String, Object> item) {
        String kind = string(item, "kind");
        Map<String, Object> meta = map(item, "metadata");
        Map<String, Object> spec = map(item, "spec");
        Map<String, Object> status = map(item, "status");
        String name = string(meta, "name");
        if (kind == null || name == null) {
            return;
        }
        String namespace = string(meta, "namespace");
        switch (kind) {
            case "Pod" -> {
                boolean hostNetwork = Boolean.TRUE.equals(spec.get("hostNetwork"));
                List<String> ips = new ArrayList<>();
                for (Object o : list(status, "podIPs")) {
                    if (o instanceof Map<?, ?> m && m.get("ip") instanceof String ip) {
                        ips.add(ip);
                    }
                }
                if (ips.isEmpty() && string(status, "podIP") != null) {
                    ips.add(string(status, "podIP"));
                }
                String node = string(spec, "nodeName");
                ClusterObject pod = new ClusterObject(kind, namespace, name, ips,
                        (node != null ? "on " + node : "not scheduled") + (hostNetwork ? ", host network" : ""));
                objects.add(pod);
                if (!hostNetwork) {
                    // a host-network pod shares its node's address: naming the address after the pod would lie
                    ips.forEach(ip -> name(ip, pod.label()));
                }
            }
            case "Service" -> {
                List<String> ips = new ArrayList<>();
                for (Object o : list(spec, "clusterIPs")) {
                    if (o instanceof String ip && !ip.equalsIgnoreCase("None")) {
                        ips.add(ip);
                    }
                }
                String clusterIp = string(spec, "clusterIP");
                if (ips.isEmpty() && clusterIp != null && !clusterIp.equalsIgnoreCase("None")) {
                    ips.add(clusterIp);
                }
                StringBuilder detail = new StringBuilder(string(spec, "type") != null ? string(spec, "type")
                        : "ClusterIP");
                for (Object o : list(spec, "ports")) {
                    if (o instanceof Map<?, ?> p) {
                        detail.append(' ').append(p.get("port")).append('/')
                                .append(String.valueOf(p.get("protocol") != null ? p.get("protocol") : "TCP")
                                        .toLowerCase(Locale.ROOT));
                        if (p.get("targetPort") != null) {
                            detail.append("→").append(p.get("targetPort"));
                        }
                    }
                }
                ClusterObject svc = new ClusterObject(kind, namespace, name, ips, detail.toString());
                objects.add(svc);
                ips.forEach(ip -> name(ip, svc.label()));
            }
            case "Node" -> {
                List<String> ips = new ArrayList<>();
                for (Object o : list(status, "addresses")) {
                    if (o instanceof Map<?, ?> a && "InternalIP".equals(a.get("type"))
                            && a.get("address") instanceof String ip) {
                        ips.add(ip);
                    }
                }
                String cidr = string(spec, "podCIDR");
                ClusterObject node = new ClusterObject(kind, null, name, ips, cidr != null ? "pods " + cidr : "");
                objects.add(node);
                ips.forEach(ip -> name(ip, node.label()));
            }
            default -> {
                // EndpointSlices, NetworkPolicies: the analysis engine reads them; nothing to name here
            }
        }
    }

    private void name(String ip, String label) {
        var a = InetLiteral.parse(ip);
        if (a != null) {
            nameByAddress.put(InetLiteral.format(a), label);
        }
    }

    // ---- JSON helpers --------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> l) {
        return (List<Object>) l;
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return m.get(key) instanceof Map<?, ?> v ? castMap(v) : Map.of();
    }

    private static List<Object> list(Map<String, Object> m, String key) {
        return m.get(key) instanceof List<?> v ? castList(v) : List.of();
    }

    private static String string(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }
}
