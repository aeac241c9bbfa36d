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
 * <p>While the window is connected to a live cluster ({@link #useLive}), the live cluster's nodes, pods and
 * Services replace the bundle's {@code k8s.json} for names, lists and filters: one source of names at a time, so
 * a row never mixes a pod name from the bundle with one from the cluster. The node files ({@code ip -j link},
 * {@code ip -j addr}) stay: a live cluster does not know them.
 */
public final class ClusterDirectory {
    private final KubeNames bundle = new KubeNames();
    /** Node addresses from {@code ip -j addr}, named after the Kubernetes names (which win). */
    private final Map<String, String> interfaceAddresses = new HashMap<>();
    private volatile LiveCluster live;
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
        bundle.addJson(root);
    }

    /** Names from a live cluster instead of the bundle's k8s.json, or null for the bundle's again. */
    public void useLive(LiveCluster state) {
        live = state;
    }

    /** The live cluster whose names are in use, or null. */
    public LiveCluster live() {
        return live;
    }

    private KubeNames kube() {
        LiveCluster l = live;
        return l != null ? l.names() : bundle;
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
                interfaceAddresses.putIfAbsent(ip, node + " " + a.interfaceName());
            }
        }
        addrs.problems().forEach(p -> problems.add(source + ": " + p));
    }

    /** The name of an address ({@code web-7d4b9c6f8-abcde}, {@code svc web}, {@code node-a cni0}), or null. */
    public String nameOf(String address) {
        String name = kube().nameByAddress.get(address);
        return name != null ? name : interfaceAddresses.get(address);
    }

    /** The interface name of {@code ifindex} on {@code node}, or null when the bundle does not say. */
    public String interfaceName(String node, long ifindex) {
        Map<Long, String> m = interfaces.get(node);
        return m == null ? null : m.get(ifindex);
    }

    public List<ClusterObject> objects() {
        return Collections.unmodifiableList(kube().objects);
    }

    public boolean isEmpty() {
        return kube().objects.isEmpty() && interfaces.isEmpty();
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
        for (ClusterObject o : kube().objects) {
            if (o.kind().equals(kind) && o.qualifiedName().toLowerCase(Locale.ROOT).contains(needle)) {
                out.addAll(o.addresses());
            }
        }
        return out;
    }
}
