package io.hoptrace.rules.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoptrace.rules.ObjectRef;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClusterView} over the text of k8s.json ({@code kubectl get pods,services,endpointslices,nodes,
 * networkpolicies -A -o json}, a List, or one object): pods by IP (host-network pods are left to their node),
 * Services by cluster/external/load-balancer IP and port and by NodePort, nodes by address. Pure: the caller reads
 * the file. Unknown kinds and missing fields are skipped.
 */
public final class SimpleClusterView implements ClusterView {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, ObjectRef> pods = new HashMap<>();
    private final Map<String, String> podNode = new HashMap<>();
    private final Map<String, ObjectRef> serviceIps = new HashMap<>();
    private final Map<String, ObjectRef> servicePorts = new HashMap<>();
    private final Map<String, ObjectRef> nodePorts = new HashMap<>();
    private final Map<ObjectRef, String> trafficPolicy = new HashMap<>();
    private final Map<String, String> nodeAddresses = new HashMap<>();
    private final Map<String, java.util.List<String>> podCidrs = new java.util.LinkedHashMap<>();

    private SimpleClusterView() {
    }

    /** Throws IllegalArgumentException (with Jackson's location) when the text is not JSON. */
    public static SimpleClusterView parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON" + (e.getLocation() != null
                    ? " at line " + e.getLocation().getLineNr() : "") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        SimpleClusterView v = new SimpleClusterView();
        if (root != null) {
            v.add(root);
        }
        return v;
    }

    private void add(JsonNode o) {
        JsonNode items = o.get("items");
        if (items != null && items.isArray()) {
            for (JsonNode i : items) {
                add(i);
            }
            return;
        }
        String kind = o.path("kind").asText("");
        String ns = o.path("metadata").path("namespace").asText("");
        String name = o.path("metadata").path("name").asText("");
        switch (kind) {
            case "Pod" -> pod(o, ns, name);
            case "Service" -> service(o, ns, name);
            case "Node" -> {
                java.util.List<String> cidrs = new java.util.ArrayList<>();
                o.path("spec").path("podCIDRs").forEach(c -> cidrs.add(c.asText()));
                if (cidrs.isEmpty() && o.path("spec").hasNonNull("podCIDR")) {
                    cidrs.add(o.path("spec").get("podCIDR").asText());
                }
                cidrs.removeIf(String::isEmpty);
                if (!cidrs.isEmpty()) {
                    podCidrs.put(name, java.util.List.copyOf(cidrs));
                }
                for (JsonNode a : o.path("status").path("addresses")) {
                    String t = a.path("type").asText("");
                    if (t.endsWith("IP")) {
                        nodeAddresses.put(a.path("address").asText(), name);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void pod(JsonNode o, String ns, String name) {
        if (o.path("spec").path("hostNetwork").asBoolean(false)) {
            return;
        }
        ObjectRef ref = ObjectRef.pod(ns, name);
        String node = o.path("spec").path("nodeName").asText(null);
        JsonNode ips = o.path("status").path("podIPs");
        if (ips.isArray() && ips.size() > 0) {
            for (JsonNode ip : ips) {
                putPod(ip.path("ip").asText(""), ref, node);
            }
        } else {
            putPod(o.path("status").path("podIP").asText(""), ref, node);
        }
    }

    private void putPod(String ip, ObjectRef ref, String node) {
        if (!ip.isEmpty()) {
            pods.put(ip, ref);
            if (node != null) {
                podNode.put(ip, node);
            }
        }
    }

    private void service(JsonNode o, String ns, String name) {
        ObjectRef ref = ObjectRef.service(ns, name);
        JsonNode spec = o.path("spec");
        if (spec.hasNonNull("externalTrafficPolicy")) {
            trafficPolicy.put(ref, spec.get("externalTrafficPolicy").asText());
        }
        java.util.List<String> ips = new java.util.ArrayList<>();
        JsonNode cips = spec.path("clusterIPs");
        if (cips.isArray() && cips.size() > 0) {
            cips.forEach(i -> ips.add(i.asText()));
        } else if (spec.hasNonNull("clusterIP")) {
            ips.add(spec.get("clusterIP").asText());
        }
        spec.path("externalIPs").forEach(i -> ips.add(i.asText()));
        o.path("status").path("loadBalancer").path("ingress").forEach(i -> {
            if (i.hasNonNull("ip")) {
                ips.add(i.get("ip").asText());
            }
        });
        ips.removeIf(ip -> ip.isEmpty() || ip.equalsIgnoreCase("None"));
        for (String ip : ips) {
            serviceIps.put(ip, ref);
        }
        for (JsonNode p : spec.path("ports")) {
            String proto = p.path("protocol").asText("TCP").toLowerCase(Locale.ROOT);
            int port = p.path("port").asInt(-1);
            for (String ip : ips) {
                servicePorts.put(ip + " " + port + " " + proto, ref);
            }
            if (p.hasNonNull("nodePort")) {
                nodePorts.put(p.get("nodePort").asInt() + " " + proto, ref);
            }
        }
    }

    @Override
    public Optional<ObjectRef> ownerOf(String address) {
        ObjectRef r = serviceIps.get(address);
        if (r == null) {
            r = pods.get(address);
        }
        if (r == null && nodeAddresses.containsKey(address)) {
            r = ObjectRef.node(nodeAddresses.get(address));
        }
        return Optional.ofNullable(r);
    }

    @Override
    public Optional<ObjectRef> serviceAt(String address, int port, String protocol) {
        return Optional.ofNullable(servicePorts.get(address + " " + port + " " + protocol.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<ObjectRef> serviceByNodePort(int port, String protocol) {
        return Optional.ofNullable(nodePorts.get(port + " " + protocol.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<String> nodeOfPod(String address) {
        return Optional.ofNullable(podNode.get(address));
    }

    @Override
    public Optional<String> nodeOfAddress(String address) {
        return Optional.ofNullable(nodeAddresses.get(address));
    }

    @Override
    public Optional<String> externalTrafficPolicy(ObjectRef service) {
        return Optional.ofNullable(trafficPolicy.get(service));
    }

    @Override
    public Map<String, java.util.List<String>> podCidrs() {
        return java.util.Collections.unmodifiableMap(podCidrs);
    }
}
