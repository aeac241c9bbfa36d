package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k8s.json from fabric8's mock API server in CRUD mode: the five kinds, nothing secret, kubectl's shape. */
@EnableKubernetesMockClient(crud = true)
class K8sSnapshotTest {
    static final String TOKEN = "hoptrace-test-token-3f9a7c";
    static final String ENV_SECRET = "hunter2-in-plain-env";
    static final String SECRET_DATA = "c3VwZXItc2VjcmV0LXBhc3N3b3Jk";

    /** The mock server logs every request at INFO; held here so the setting is not garbage-collected. */
    static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    // one server for the class (starting one takes seconds); the tests only read what cluster() made
    static KubernetesMockServer server;
    static KubernetesClient client;

    static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.WARNING);
        return l;
    }

    @TempDir
    Path bundle;

    @BeforeAll
    static void cluster() {
        pod("demo", "web-1", "10.244.1.10", "node-a", true);
        pod("demo", "web-2", "10.244.2.11", "node-b", false);
        pod("kube-system", "coredns-5d78c9869d-abcde", "10.244.1.2", "node-a", false);
        client.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("demo").withName("web")
                .endMetadata().withNewSpec().withClusterIP("10.96.88.10").addToSelector("app", "web")
                .addNewPort().withName("http").withPort(80).withNewTargetPort(8080).withProtocol("TCP").endPort()
                .endSpec().build()).create();
        client.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("kube-system")
                .withName("kube-dns").endMetadata().withNewSpec().withClusterIP("10.96.0.10").addNewPort()
                .withName("dns").withPort(53).withProtocol("UDP").endPort().endSpec().build()).create();
        client.discovery().v1().endpointSlices().resource(new EndpointSliceBuilder().withNewMetadata()
                .withNamespace("demo").withName("web-x7k2p").addToLabels("kubernetes.io/service-name", "web")
                .endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.244.1.10").withNodeName("node-a").withNewConditions()
                .withReady(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.244.2.11").withNodeName("node-b").withNewConditions()
                .withReady(true).endConditions().endEndpoint()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build()).create();
        for (String n : List.of("node-a", "node-b")) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n).endMetadata().withNewSpec()
                    .withPodCIDR(n.equals("node-a") ? "10.244.1.0/24" : "10.244.2.0/24").endSpec().build())
                    .create();
        }
        client.network().v1().networkPolicies().resource(new NetworkPolicyBuilder().withNewMetadata()
                .withNamespace("demo").withName("default-deny").endMetadata().withNewSpec()
                .withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("demo")
                .withName("db-password").endMetadata().addToData("password", SECRET_DATA).build()).create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("demo")
                .withName("web-settings").endMetadata().addToData("DB_HOST", "db.demo.svc").build()).create();
    }

    private static void pod(String ns, String name, String ip, String node, boolean appliedWithKubectl) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app",
                name.replaceAll("-.*", "")).withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl")
                .withOperation("Update").withApiVersion("v1").build()).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("nginx:1.27")
                .addNewPort().withContainerPort(8080).endPort()
                .addNewEnv().withName("DB_PASSWORD").withValue(ENV_SECRET).endEnv()
                .addNewEnv().withName("DB_USER").withNewValueFrom().withNewSecretKeyRef("user", "db-password", false)
                .endValueFrom().endEnv()
                .endContainer().endSpec()
                .withNewStatus().withPodIP(ip).withPhase("Running").endStatus();
        if (appliedWithKubectl) {
            b.editMetadata().addToAnnotations(K8sSnapshot.LAST_APPLIED, "{\"kind\":\"Pod\",\"spec\":{\"containers\":"
                    + "[{\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"" + ENV_SECRET + "\"}]}]}}")
                    .addToAnnotations("prometheus.io/scrape", "true").endMetadata();
        }
        client.pods().resource(b.build()).create();
    }

    private KubernetesList readBack() throws IOException {
        try (InputStream in = Files.newInputStream(bundle.resolve("k8s.json"))) {
            return new KubernetesSerialization().unmarshal(in, KubernetesList.class);
        }
    }

    @Test
    void k8sJsonHoldsTheFiveKindsInKubectlsShape() throws IOException {
        BundleFile f = K8sSnapshot.of(client).write(bundle, SnapshotPhase.START);
        assertEquals(FileStatus.OK, f.status(), f.toString());
        assertEquals("k8s.json", f.path());
        assertEquals(Map.of("Pod", 3, "Service", 2, "EndpointSlice", 1, "Node", 2, "NetworkPolicy", 1),
                f.details().get("counts"));

        KubernetesList list = readBack();
        assertEquals("v1", list.getApiVersion());
        assertEquals("List", list.getKind());
        List<String> seen = new ArrayList<>();
        for (HasMetadata o : list.getItems()) {
            String ns = o.getMetadata().getNamespace();
            seen.add(o.getApiVersion() + " " + o.getKind() + " " + (ns == null ? "" : ns + "/")
                    + o.getMetadata().getName());
        }
        assertEquals(List.of(
                "v1 Pod demo/web-1", "v1 Pod demo/web-2", "v1 Pod kube-system/coredns-5d78c9869d-abcde",
                "v1 Service demo/web", "v1 Service kube-system/kube-dns",
                "discovery.k8s.io/v1 EndpointSlice demo/web-x7k2p",
                "v1 Node node-a", "v1 Node node-b",
                "networking.k8s.io/v1 NetworkPolicy demo/default-deny"), seen);

        String text = Files.readString(bundle.resolve("k8s.json"));
        assertTrue(text.startsWith("{\n  \"apiVersion\" : \"v1\""), "indented, as kubectl prints: " + text);
        // the raw JSON itself carries apiVersion and kind on every item (9) and the List, not only fabric8's
        // defaults on reading; nothing else in these objects has a kind
        assertEquals(9 + 1, text.split("\"kind\" : \"").length - 1, text);
        assertEquals(9 + 1, text.split("\"apiVersion\" : \"").length - 1, text);
    }

    @Test
    void nothingSecretEntersK8sJson() throws Exception {
        while (server.takeRequest(100, TimeUnit.MILLISECONDS) != null) {
            // the requests before this test's snapshot (the creates, other tests' lists)
        }
        K8sSnapshot.of(client).write(bundle, SnapshotPhase.START);
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            paths.add(r.getMethod() + " " + r.getPath());
        }
        assertEquals(5, paths.size(), paths.toString());
        for (String p : paths) {
            assertTrue(p.startsWith("GET "), p);
            assertFalse(p.contains("secrets") || p.contains("configmaps"), "never asked for: " + p);
        }

        String text = Files.readString(bundle.resolve("k8s.json"));
        for (String forbidden : List.of("\"Secret\"", "\"ConfigMap\"", "db.demo.svc", SECRET_DATA, ENV_SECRET,
                "managedFields", K8sSnapshot.LAST_APPLIED, server.getHostName() + ":" + server.getPort())) {
            assertFalse(text.contains(forbidden), forbidden + " in k8s.json");
        }
        Pod web1 = (Pod) readBack().getItems().get(0);
        assertEquals(Map.of("prometheus.io/scrape", "true"), web1.getMetadata().getAnnotations(),
                "other annotations stay");
        var env = web1.getSpec().getContainers().get(0).getEnv();
        assertEquals("DB_PASSWORD", env.get(0).getName(), "names stay");
        assertNull(env.get(0).getValue(), "literal values go");
        assertEquals("db-password", env.get(1).getValueFrom().getSecretKeyRef().getName(), "references stay");
        assertEquals("10.244.1.10", web1.getStatus().getPodIP());
    }

    @Test
    void k8sJsonReadsBackIntoTheSameObjects() throws IOException {
        K8sSnapshot.of(client).write(bundle, SnapshotPhase.START);
        List<HasMetadata> expected = new ArrayList<>();
        expected.addAll(client.pods().inAnyNamespace().list().getItems());
        expected.addAll(client.services().inAnyNamespace().list().getItems());
        expected.addAll(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
        expected.addAll(client.nodes().list().getItems());
        expected.addAll(client.network().v1().networkPolicies().inAnyNamespace().list().getItems());
        for (HasMetadata o : expected) {
            K8sSnapshot.redact(o);
        }
        assertEquals(expected, readBack().getItems());
    }

    @Test
    void aKindTheApiRefusesIsNotedAndTheRestWritten() throws IOException {
        server.expect().get().withPath("/apis/networking.k8s.io/v1/networkpolicies?limit=500")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403)
                        .withReason("Forbidden").withMessage("networkpolicies.networking.k8s.io is forbidden: User"
                                + " \"system:serviceaccount:hoptrace:hoptrace\" cannot list resource").build())
                .once();
        BundleFile f = K8sSnapshot.of(client).write(bundle, SnapshotPhase.START);
        assertEquals(FileStatus.OK, f.status(), f.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> notListed = (Map<String, Object>) f.details().get("notListed");
        assertTrue(String.valueOf(notListed.get("NetworkPolicy")).startsWith("HTTP 403: networkpolicies"),
                notListed.toString());
        assertEquals(8, readBack().getItems().size());
    }

    @Test
    void anAnswerThatIsNotJsonIsThatKindsProblem() throws IOException {
        server.expect().get().withPath("/api/v1/nodes?limit=500").andReturn(200, "<html>proxy error</html>").once();
        BundleFile f = K8sSnapshot.of(client).write(bundle, SnapshotPhase.START);
        assertEquals(FileStatus.OK, f.status(), f.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> notListed = (Map<String, Object>) f.details().get("notListed");
        assertEquals(Set.of("Node"), notListed.keySet(), f.toString());
        assertEquals(7, readBack().getItems().size());
    }

    @Test
    void throughAKubeconfigFileWithItsCurrentContext() throws IOException {
        Path kubeconfig = kubeconfig("https://" + server.getHostName() + ":" + server.getPort());
        Manifest m = BundleSnapshot.take(bundle, null, K8sSnapshot.fromKubeconfig(kubeconfig, null)).manifest();
        BundleFile f = m.file("k8s.json").orElseThrow();
        assertEquals(FileStatus.OK, f.status(), f.toString());
        assertEquals("kubernetes API, context mock", f.command());
        assertEquals(9, readBack().getItems().size());
        assertNoKubeconfigContent();
    }

    @Test
    void throughAChosenContext() throws IOException {
        Path kubeconfig = kubeconfig("https://" + server.getHostName() + ":" + server.getPort());
        BundleFile f = K8sSnapshot.fromKubeconfig(kubeconfig, "mock").write(bundle, SnapshotPhase.START);
        assertEquals(FileStatus.OK, f.status(), f.toString());
        BundleFile other = K8sSnapshot.fromKubeconfig(kubeconfig, "elsewhere").write(bundle, SnapshotPhase.END);
        assertEquals(FileStatus.FAILED, other.status());
        assertEquals("failed: context elsewhere is not in the kubeconfig", other.reason());
        assertEquals("end/k8s.json", other.path());
    }

    @Test
    void throughKubeconfigTheEnvironmentNames() throws IOException {
        Path kubeconfig = kubeconfig("https://" + server.getHostName() + ":" + server.getPort());
        // fabric8 and KubeconfigSource read the kubeconfig system property before $KUBECONFIG
        System.setProperty("kubeconfig", kubeconfig.toString());
        try {
            BundleFile f = K8sSnapshot.fromKubeconfig(null, null).write(bundle, SnapshotPhase.START);
            assertEquals(FileStatus.OK, f.status(), f.toString());
            assertEquals(9, readBack().getItems().size());
        } finally {
            System.clearProperty("kubeconfig");
        }
    }

    @Test
    void anUnreachableApiServerIsOneLineInTheManifest() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path kubeconfig = kubeconfig("https://127.0.0.1:" + closed);
        long t0 = System.nanoTime();
        Manifest m = BundleSnapshot.take(bundle, null, K8sSnapshot.fromKubeconfig(kubeconfig, null)).manifest();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        BundleFile f = m.file("k8s.json").orElseThrow();
        assertEquals(FileStatus.FAILED, f.status());
        assertTrue(f.reason().startsWith("failed: cannot reach the API server: "), f.reason());
        assertFalse(f.reason().contains("\n"));
        assertFalse(f.reason().contains("127.0.0.1") || f.reason().contains(String.valueOf(closed)), f.reason());
        assertFalse(Files.exists(bundle.resolve("k8s.json")));
        assertTrue(ms < 20_000, "gave up after " + ms + " ms");
        assertNoKubeconfigContent();
    }

    @Test
    void noKubeconfigIsMissing(@TempDir Path home) throws IOException {
        UnaryOperator<String> bare = name -> name.equals("HOME") ? home.toString() : null;
        K8sSnapshot k8s = K8sSnapshot.fromKubeconfig(new KubeconfigSource(null, null, bare));
        Manifest m = BundleSnapshot.take(bundle, null, k8s).manifest();
        BundleFile f = m.file("k8s.json").orElseThrow();
        assertEquals(FileStatus.MISSING, f.status());
        assertTrue(f.reason().startsWith("missing: no kubeconfig"), f.reason());
        assertFalse(Files.exists(bundle.resolve("k8s.json")));

        UnaryOperator<String> gone = name -> name.equals("KUBECONFIG") ? home.resolve("nope").toString() : null;
        BundleFile g = K8sSnapshot.fromKubeconfig(new KubeconfigSource(null, null, gone)).write(bundle,
                SnapshotPhase.START);
        assertEquals("missing: no file named by KUBECONFIG exists", g.reason());

        BundleFile h = K8sSnapshot.fromKubeconfig(home.resolve("absent.yaml"), null).write(bundle,
                SnapshotPhase.START);
        assertEquals(FileStatus.MISSING, h.status());
        assertEquals("missing: kubeconfig " + home.resolve("absent.yaml") + " not found", h.reason());
    }

    private Path kubeconfig(String serverUrl) throws IOException {
        // outside the bundle, which must not hold any of it
        Path f = MockKubeconfig.write(Files.createTempDirectory(bundle.getParent(), "kubeconfig-"), serverUrl);
        f.toFile().deleteOnExit();
        return f;
    }

    private void assertNoKubeconfigContent() throws IOException {
        try (var files = Files.walk(bundle)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(p);
                for (String forbidden : List.of(TOKEN, "mock-user", "mock-cluster", "insecure-skip-tls-verify",
                        server.getHostName() + ":" + server.getPort())) {
                    assertFalse(text.contains(forbidden), forbidden + " in " + bundle.relativize(p));
                }
            }
        }
    }
}
