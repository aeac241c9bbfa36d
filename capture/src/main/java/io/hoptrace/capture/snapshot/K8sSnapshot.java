package io.hoptrace.capture.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes k8s.json: the cluster's Pods, Services, EndpointSlices, Nodes and NetworkPolicies in the shape of
 * {@code kubectl get pods,services,endpointslices,nodes,networkpolicies -A -o json} (one {@code v1 List}, every
 * item with its apiVersion and kind).
 *
 * <p>What never enters the bundle: Secrets and ConfigMaps (never requested), {@code metadata.managedFields}, the
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation (it repeats whole manifests, env values
 * included), the literal values of container environment variables (a common place for passwords; names and
 * {@code valueFrom} references stay), and anything from the kubeconfig: the manifest names the context, never the
 * server, user or token. A missing kubeconfig, an unreachable API server or a refusal is one manifest line.
 */
public final class K8sSnapshot {
    public static final String FILE = "k8s.json";
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Objects per list request: big clusters are read in pages, as kubectl does. */
    static final long PAGE = 500;

    /** One kind to list. */
    private record Kind(String apiVersion, String kind,
            Function<KubernetesClient, Function<ListOptions, ? extends KubernetesResourceList<? extends HasMetadata>>>
                    lister) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("v1", "Pod", c -> o -> c.pods().inAnyNamespace().list(o)),
            new Kind("v1", "Service", c -> o -> c.services().inAnyNamespace().list(o)),
            new Kind("discovery.k8s.io/v1", "EndpointSlice",
                    c -> o -> c.discovery().v1().endpointSlices().inAnyNamespace().list(o)),
            new Kind("v1", "Node", c -> o -> c.nodes().list(o)),
            new Kind("networking.k8s.io/v1", "NetworkPolicy",
                    c -> o -> c.network().v1().networkPolicies().inAnyNamespace().list(o)));

    private final KubeconfigSource source;
    private final KubernetesClient given;

    private K8sSnapshot(KubeconfigSource source, KubernetesClient given) {
        this.source = source;
        this.given = given;
    }

    /**
     * A snapshot through the kubeconfig kubectl would use: {@code kubeconfig} if given, else {@code $KUBECONFIG},
     * else {@code ~/.kube/config}, else the pod's service account; {@code context} null for the current one.
     */
    public static K8sSnapshot fromKubeconfig(Path kubeconfig, String context) {
        return new K8sSnapshot(new KubeconfigSource(kubeconfig, context, KubeconfigSource.SYSTEM), null);
    }

    static K8sSnapshot fromKubeconfig(KubeconfigSource source) {
        return new K8sSnapshot(source, null);
    }

    /** A snapshot through a client the caller made and closes. */
    public static K8sSnapshot of(KubernetesClient client) {
        return new K8sSnapshot(null, client);
    }

    /** Writes k8s.json (or end/k8s.json) and returns its manifest entry; never throws for cluster problems. */
    public BundleFile write(Path bundleRoot, SnapshotPhase phase) {
        String path = phase.clusterFile(FILE);
        Path target = bundleRoot.resolve(path);
        Instant taken = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
        } catch (IOException e) {
            return entry(path, phase, FileStatus.FAILED, "failed: " + NodeCommands.firstLine(e.toString()), null,
                    taken, t0, Map.of());
        }
        if (given != null) {
            return list(given, "kubernetes API", "", path, target, phase, taken, t0);
        }
        KubeconfigSource.Resolved r = source.resolve();
        if (r.client() == null) {
            return entry(path, phase, r.status(), r.reason(), r.describe(), taken, t0, Map.of());
        }
        try (KubernetesClient client = r.client()) {
            return list(client, r.describe(), r.masterUrl(), path, target, phase, taken, t0);
        }
    }

    private BundleFile list(KubernetesClient client, String described, String masterUrl, String path, Path target,
            SnapshotPhase phase, Instant taken, long t0) {
        List<HasMetadata> items = new ArrayList<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        Map<String, Object> notListed = new LinkedHashMap<>();
        for (Kind k : KINDS) {
            try {
                List<? extends HasMetadata> got = listAll(k.lister().apply(client));
                for (HasMetadata o : got) {
                    // list items come without apiVersion and kind; kubectl sets them, fabric8's classes
                    // default the kind
                    o.setApiVersion(k.apiVersion());
                    redact(o);
                    items.add(o);
                }
                counts.put(k.kind(), got.size());
            } catch (KubernetesClientException e) {
                String why = describe(e, masterUrl);
                if (e.getCode() <= 0 && unreachable(e)) {
                    // no HTTP answer at all: the other kinds would wait for the same timeout
                    return entry(path, phase, FileStatus.FAILED, "failed: cannot reach the API server: " + why,
                            described, taken, t0, Map.of());
                }
                notListed.put(k.kind(), why);
            } catch (RuntimeException e) {
                // an answer fabric8 could not read is that kind's problem, not the snapshot's
                notListed.put(k.kind(), scrub(NodeCommands.firstLine(e.toString()), masterUrl));
            }
        }
        if (counts.isEmpty()) {
            Map.Entry<String, Object> first = notListed.entrySet().iterator().next();
            return entry(path, phase, FileStatus.FAILED, "failed: " + first.getKey() + ": " + first.getValue(),
                    described, taken, t0, Map.of("notListed", notListed));
        }
        try {
            writeList(items, target);
        } catch (IOException e) {
            return entry(path, phase, FileStatus.FAILED, "failed: " + NodeCommands.firstLine(e.toString()),
                    described, taken, t0, Map.of());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("counts", counts);
        if (!notListed.isEmpty()) {
            details.put("notListed", notListed);
        }
        return entry(path, phase, FileStatus.OK, null, described, taken, t0, details);
    }

    private static List<? extends HasMetadata> listAll(
            Function<ListOptions, ? extends KubernetesResourceList<? extends HasMetadata>> lister) {
        List<HasMetadata> all = new ArrayList<>();
        String next = null;
        do {
            ListOptions o = new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build();
            KubernetesResourceList<? extends HasMetadata> page = lister.apply(o);
            all.addAll(page.getItems());
            next = page.getMetadata() != null ? page.getMetadata().getContinue() : null;
        } while (next != null && !next.isEmpty());
        return all;
    }

    /** Removes what must not leave the cluster and what only bloats the file. */
    static void redact(HasMetadata o) {
        ObjectMeta m = o.getMetadata();
        if (m != null) {
            // empty rather than null: fabric8 leaves empty members out and reads them back as empty
            m.setManagedFields(new ArrayList<>());
            if (m.getAnnotations() != null) {
                Map<String, String> a = new LinkedHashMap<>(m.getAnnotations());
                a.remove(LAST_APPLIED);
                m.setAnnotations(a);
            }
        }
        if (o instanceof Pod p && p.getSpec() != null) {
            List<Container> all = new ArrayList<>();
            all.addAll(nonNull(p.getSpec().getContainers()));
            all.addAll(nonNull(p.getSpec().getInitContainers()));
            for (Container c : all) {
                for (EnvVar e : nonNull(c.getEnv())) {
                    e.setValue(null);
                }
            }
            nonNull(p.getSpec().getEphemeralContainers())
                    .forEach(c -> nonNull(c.getEnv()).forEach(e -> e.setValue(null)));
        }
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static void writeList(List<HasMetadata> items, Path target) throws IOException {
        KubernetesList list = new KubernetesList("v1", items, "List", new ListMetaBuilder().withResourceVersion("")
                .build());
        // fabric8's own serialization (Quantity, IntOrString, unknown fields kept), indented as kubectl prints
        KubernetesSerialization json = new KubernetesSerialization(
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT), true);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.writeString(tmp, json.asJson(list) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Whether a failure means the server could not be reached (refused, no route, no name, timeout, TLS), as
     * opposed to an answer that could not be read (fabric8 reports both without an HTTP status).
     */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JacksonException) {
                return false;
            }
            if (t instanceof java.net.SocketException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof javax.net.ssl.SSLException || t.getClass() == IOException.class) {
                return true;
            }
        }
        return false;
    }

    /** One line for an API error, with the server's address taken out (it is kubeconfig content). */
    static String describe(KubernetesClientException e, String masterUrl) {
        String text;
        if (e.getCode() > 0) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus()
                    .getMessage() : e.getMessage();
            text = "HTTP " + e.getCode() + ": " + message;
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage();
            text = root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        }
        return scrub(NodeCommands.firstLine(text), masterUrl);
    }

    /** The server's URL and host:port replaced by a placeholder. */
    static String scrub(String text, String masterUrl) {
        if (masterUrl == null || masterUrl.isBlank()) {
            return text;
        }
        String url = masterUrl.endsWith("/") ? masterUrl.substring(0, masterUrl.length() - 1) : masterUrl;
        String out = text.replace(url, "<api-server>");
        try {
            java.net.URI u = java.net.URI.create(url);
            if (u.getHost() != null) {
                if (u.getPort() > 0) {
                    out = out.replace(u.getHost() + ":" + u.getPort(), "<api-server>");
                }
                out = out.replace(u.getHost(), "<api-server>");
            }
        } catch (IllegalArgumentException e) {
            // not a URL: the plain replacement above is all we can do
        }
        return out;
    }

    private static BundleFile entry(String path, SnapshotPhase phase, FileStatus status, String reason,
            String command, Instant taken, long t0, Map<String, Object> details) {
        return new BundleFile(path, null, phase.label(), status, reason, command, null,
                (System.nanoTime() - t0) / 1_000_000, taken, List.of(), details);
    }
}
