package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoptrace.capture.snapshot.MockKubeconfig;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.cluster.LiveCluster;
import io.hoptrace.ui.model.port.ClusterConnection;
import io.hoptrace.ui.model.port.ClusterException;
import io.hoptrace.ui.model.port.ClusterListener;
import io.hoptrace.ui.model.port.ClusterState;
import io.hoptrace.ui.model.port.KubeContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GUI's cluster port over fabric8, against the mock API server in CRUD mode: names, updates, failures. */
@EnableKubernetesMockClient(crud = true)
class KubeClusterConnectorTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() {
        LiveClusterFixture.create(client);
    }

    private static ClusterDirectory names(ClusterState s) {
        ClusterDirectory d = ClusterDirectory.empty();
        d.useLive(LiveCluster.of(s));
        return d;
    }

    @Test
    void listsTheContextsWithTheCurrentOneMarked() throws Exception {
        KubeContexts c = new KubeClusterConnector(LiveClusterFixture.kubeconfig(dir, server)).contexts();
        assertEquals(List.of("mock", "staging"), c.names());
        assertEquals("mock", c.current());
    }

    @Test
    void namesAddressesLiveAndFollowsAPodThatComesAndGoes() throws Exception {
        LinkedBlockingQueue<ClusterState> updates = new LinkedBlockingQueue<>();
        ClusterListener listener = new ClusterListener() {
            @Override
            public void changed(ClusterState state) {
                updates.add(state);
            }

            @Override
            public void problem(String message) {
            }
        };
        KubeClusterConnector connector = new KubeClusterConnector(LiveClusterFixture.kubeconfig(dir, server));
        try (ClusterConnection c = connector.connect("staging", listener)) {
            assertEquals("staging", c.context());
            ClusterDirectory now = names(c.state());
            assertEquals(LiveClusterFixture.CLIENT, now.nameOf(LiveClusterFixture.CLIENT_IP));
            assertEquals("svc web", now.nameOf("10.96.88.10"));
            assertEquals("node-a", now.nameOf("192.168.50.11"));
            assertNull(now.nameOf(LiveClusterFixture.LATE_IP));
            assertEquals("2 nodes, 1 pod, 1 Service", LiveCluster.of(c.state()).summary());
            assertEquals(List.of("demo/web"), now.objects().stream().filter(o -> o.kind().equals("Service"))
                    .map(o -> o.qualifiedName()).toList());

            LiveClusterFixture.addLatePod(client);
            ClusterState added = await(updates, s -> LiveClusterFixture.LATE.equals(names(s)
                    .nameOf(LiveClusterFixture.LATE_IP)));
            assertEquals(1, names(added).addressesOf("Pod", "late").size());

            LiveClusterFixture.deleteLatePod(client);
            ClusterState removed = await(updates, s -> names(s).nameOf(LiveClusterFixture.LATE_IP) == null);
            assertEquals(LiveClusterFixture.CLIENT, names(removed).nameOf(LiveClusterFixture.CLIENT_IP));
        }
    }

    private static ClusterState await(LinkedBlockingQueue<ClusterState> q, Predicate<ClusterState> want)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            ClusterState s = q.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && want.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no such update within 10 s");
    }

    @Test
    void anUnknownContextAndAnUnreachableServerAreOneLineEach() throws Exception {
        ClusterListener ignore = new ClusterListener() {
            @Override
            public void changed(ClusterState state) {
            }

            @Override
            public void problem(String message) {
            }
        };
        KubeClusterConnector mock = new KubeClusterConnector(LiveClusterFixture.kubeconfig(dir, server));
        ClusterException unknown = assertThrows(ClusterException.class, () -> mock.connect("prod", ignore));
        assertTrue(unknown.getMessage().startsWith("Context prod is not in the kubeconfig"), unknown.getMessage());

        Path down = MockKubeconfig.write(java.nio.file.Files.createDirectories(dir.resolve("down")),
                MockKubeconfig.unreachable());
        ClusterException unreachable = assertThrows(ClusterException.class,
                () -> new KubeClusterConnector(down).connect(null, ignore));
        assertTrue(unreachable.getMessage().startsWith("Cannot reach the API server of context mock ("),
                unreachable.getMessage());
        assertTrue(!unreachable.getMessage().contains("127.0.0.1"), unreachable.getMessage());
    }
}
