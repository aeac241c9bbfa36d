package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live cluster through fabric8's mock API server in CRUD mode: listed, then followed as pods come and go. */
@EnableKubernetesMockClient(crud = true)
class ClusterWatchTest {
    static final java.util.logging.Logger MOCK_LOG = K8sSnapshotTest.quiet("io.fabric8.mockwebserver");

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() {
        client.pods().resource(pod("web-1", "10.244.1.10")).create();
        client.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("demo").withName("web")
                .endMetadata().withNewSpec().withClusterIP("10.96.88.10").addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata().withNewSpec()
                .withPodCIDR("10.244.1.0/24").endSpec().build()).create();
    }

    static Pod pod(String name, String ip) {
        return new PodBuilder().withNewMetadata().withNamespace("demo").withName(name).endMetadata()
                .withNewSpec().withNodeName("node-a").endSpec().withNewStatus().withPodIP(ip).endStatus().build();
    }

    private Path mockKubeconfig() throws IOException {
        return MockKubeconfig.write(dir, "https://" + server.getHostName() + ":" + server.getPort());
    }

    private static List<String> names(ClusterWatch.State s) {
        return s.objects().stream().map(o -> o.getKind() + " " + o.getMetadata().getName()).sorted().toList();
    }

    @Test
    void listsTheContextsWithTheCurrentOne() throws Exception {
        Path k = mockKubeconfig();
        ClusterWatch.Contexts c = ClusterWatch.contexts(k);
        assertEquals(List.of("mock", "staging"), c.names());
        assertEquals("mock", c.current());
        assertEquals(k.toString(), c.source());
    }

    @Test
    void listsTheClusterThenFollowsAPodThatComesAndGoes() throws Exception {
        LinkedBlockingQueue<ClusterWatch.State> updates = new LinkedBlockingQueue<>();
        try (ClusterWatch w = ClusterWatch.connect(mockKubeconfig(), null, updates::add, p -> { })) {
            assertEquals("mock", w.context());
            ClusterWatch.State first = w.state();
            assertTrue(names(first).containsAll(List.of("Node node-a", "Pod web-1", "Service web")), names(first)
                    .toString());
            assertEquals(java.util.Map.of(), first.notListed());

            client.pods().resource(pod("web-2", "10.244.1.11")).create();
            ClusterWatch.State added = await(updates, s -> names(s).contains("Pod web-2"));
            assertTrue(added.version() > first.version());
            HasMetadata web2 = added.objects().stream().filter(o -> o.getMetadata().getName().equals("web-2"))
                    .findFirst().orElseThrow();
            assertEquals("10.244.1.11", ((Pod) web2).getStatus().getPodIP());

            client.pods().inNamespace("demo").withName("web-2").delete();
            ClusterWatch.State removed = await(updates, s -> !names(s).contains("Pod web-2"));
            assertTrue(names(removed).contains("Pod web-1"));
        }
    }

    private static ClusterWatch.State await(LinkedBlockingQueue<ClusterWatch.State> q,
                                            Predicate<ClusterWatch.State> want) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            ClusterWatch.State s = q.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && want.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no such update within 10 s");
    }

    @Test
    void anUnknownContextSaysWhichToPick() throws Exception {
        ClusterWatch.Unavailable e = assertThrows(ClusterWatch.Unavailable.class,
                () -> ClusterWatch.connect(mockKubeconfig(), "prod", s -> { }, p -> { }));
        assertTrue(e.getMessage().startsWith("Context prod is not in the kubeconfig ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("pick one that kubectl config get-contexts lists"), e.getMessage());
    }

    @Test
    void anUnreachableServerIsOneLineWithoutItsAddress() throws Exception {
        String url = MockKubeconfig.unreachable();
        Path k = MockKubeconfig.write(dir, url);
        long t0 = System.nanoTime();
        ClusterWatch.Unavailable e = assertThrows(ClusterWatch.Unavailable.class,
                () -> ClusterWatch.connect(k, null, s -> { }, p -> { }));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String m = e.getMessage();
        assertTrue(m.startsWith("Cannot reach the API server of context mock ("), m);
        assertTrue(m.endsWith("check that the cluster is up and reachable from here (kubectl --context mock get"
                + " nodes)"), m);
        assertFalse(m.contains("\n") || m.contains("127.0.0.1") || m.contains(url.substring(url.lastIndexOf(':') + 1)),
                m);
        assertTrue(ms < 20_000, "gave up after " + ms + " ms");
    }

    @Test
    void noKubeconfigSaysWhereToPutOne(@TempDir Path home) {
        UnaryOperator<String> bare = name -> name.equals("HOME") ? home.toString() : null;
        ClusterWatch.Unavailable e = assertThrows(ClusterWatch.Unavailable.class,
                () -> ClusterWatch.contexts(new KubeconfigSource(null, null, bare)));
        assertTrue(e.getMessage().startsWith("No kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config)"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("or start with hoptrace gui --kubeconfig FILE"), e.getMessage());
        ClusterWatch.Unavailable f = assertThrows(ClusterWatch.Unavailable.class,
                () -> ClusterWatch.contexts(home.resolve("absent.yaml")));
        assertEquals("Kubeconfig " + home.resolve("absent.yaml") + " not found: set KUBECONFIG, create"
                + " ~/.kube/config, or start with hoptrace gui --kubeconfig FILE", f.getMessage());
    }
}
