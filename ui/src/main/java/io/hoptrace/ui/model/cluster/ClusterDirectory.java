package io.hoptrace.ui.model.cluster;

import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpJsonAddrParser;
import io.hoptrace.decoders.state.IpJsonAddress;
import io.hoptrace.decoders.state.IpJsonLink;
import io.hoptrace.decoders.state.IpJsonLinkParser;
import io.hoptrace.decoders.state.json.JsonReader;
import io.hoptrace.decoders.state.json.JsonSyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the UI knows about the cluster: nodes, pods and Services from a bundle's {@code k8s.json}, and each node's
 * interfaces ({@code ip -j link}: the names behind the interface indexes of a {@code tcpdump -i any} capture) and
 * addresses ({@code ip -j addr}: 10.244.0.1 is node-a's cni0). Built on the loading thread, then read only.
 *
 * <p>When the analysis engine's cluster index lands in rules/, this becomes a view over it; the UI asks only for
 * names, lists and address sets.
 */
public final class ClusterDirectory {
    private final List<ClusterObject> objects = new ArrayList<>();
    private final Map<String, String> nameByAddress = new HashMap<>();
    private final Map<String, Map<Long, String>> interfaces = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    public static ClusterDirectory empty() {
        return new ClusterDirectory();
    }

    /** Adds the objects of {@code kubectl get ... -o json} text; a problem is recorded, never thrown. */
    public void addKubernetesJson(String source, String text) {
        Object root;
        try {
            root = JsonReader.parse(text);
        } catch (JsonSyntaxException e) {
            problems.add(source + ": not valid JSON: " + e.getMessage());
            return;
        }
        List<Object> items = root instanceof Map<?, ?> m && m.get("items") instanceof List<?> l
                ? castList(l) : List.of(root);
        for (Object item : items) {
            if (item instanceof Map<?, ?> m) {
                add(castMap(m));
            }
        }
    }

    private void add(Map<String, Object> item) {
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

    /** Adds a node's {@code ip -j link} output: interface names by index. */
    public void addIpLink(String node, String source, String text) {
        var links = IpJsonLinkParser.parse(text);
        Map<Long, String> byIndex = interfaces.computeIfAbsent(node, n -> new HashMap<>());
        for (IpJsonLink l : links.links()) {
            byIndex.put(l.ifindex(), l.name());
        }
        links.problems().forEach(p -> problems.add(source + ": " + p));
    }

    /** Adds a node's {@code ip -j addr} output: its addresses are named {@code node-a cni0}. */
    public void addIpAddr(String node, String source, String text) {
        var addrs = IpJsonAddrParser.parse(text);
        for (IpJsonAddress a : addrs.addresses()) {
            if (!"host".equals(a.scope()) && !"link".equals(a.scope())) {
                String ip = InetLiteral.format(a.local());
                // a node's own InternalIP keeps the plain node name; other addresses say which interface
                nameByAddress.putIfAbsent(ip, node + " " + a.interfaceName());
            }
        }
        addrs.problems().forEach(p -> problems.add(source + ": " + p));
    }

    private void name(String ip, String label) {
        var a = InetLiteral.parse(ip);
        if (a != null) {
            nameByAddress.put(InetLiteral.format(a), label);
        }
    }

    /** The name of an address ({@code web-7d4b9c6f8-abcde}, {@code svc web}, {@code node-a cni0}), or null. */
    public String nameOf(String address) {
        return nameByAddress.get(address);
    }

    /** The interface name of {@code ifindex} on {@code node}, or null when the bundle does not say. */
    public String interfaceName(String node, long ifindex) {
        Map<Long, String> m = interfaces.get(node);
        return m == null ? null : m.get(ifindex);
    }

    public List<ClusterObject> objects() {
        return Collections.unmodifiableList(objects);
    }

    public boolean isEmpty() {
        return objects.isEmpty() && interfaces.isEmpty();
    }

    public void addProblem(String problem) {
        problems.add(problem);
    }

    /** Files that could not be read as expected (shown as warnings, never fatal). */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /**
     * Addresses of the objects of {@code kind} ("Pod", "Service", "Node") whose name or namespace/name contains
     * {@code text} (case-insensitive): what a {@code pod == web} filter matches.
     */
    public List<String> addressesOf(String kind, String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (ClusterObject o : objects) {
            if (o.kind().equals(kind) && o.qualifiedName().toLowerCase(Locale.ROOT).contains(needle)) {
                out.addAll(o.addresses());
            }
        }
        return out;
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
