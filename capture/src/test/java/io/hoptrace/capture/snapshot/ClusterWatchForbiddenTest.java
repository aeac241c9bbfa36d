package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user whose role may not list anything: one line naming the permissions to ask for. */
@EnableKubernetesMockClient
class ClusterWatchForbiddenTest {
    static final java.util.logging.Logger MOCK_LOG = K8sSnapshotTest.quiet("io.fabric8.mockwebserver");

    static KubernetesMockServer server;

    @Test
    void aForbiddenListSaysWhichPermissionsToAskFor(@TempDir Path dir) throws Exception {
        for (String path : List.of("/api/v1/pods", "/api/v1/services", "/apis/discovery.k8s.io/v1/endpointslices",
                "/api/v1/nodes", "/apis/networking.k8s.io/v1/networkpolicies")) {
            String kind = path.substring(path.lastIndexOf('/') + 1);
            server.expect().get().withPath(path + "?resourceVersion=0").andReturn(403, new StatusBuilder()
                    .withCode(403).withReason("Forbidden").withMessage(kind + " is forbidden: User \"dev\" cannot"
                            + " list resource \"" + kind + "\" at the cluster scope").build()).always();
        }
        Path k = MockKubeconfig.write(dir, "https://" + server.getHostName() + ":" + server.getPort());
        ClusterWatch.Unavailable e = assertThrows(ClusterWatch.Unavailable.class,
                () -> ClusterWatch.connect(k, "staging", s -> { }, p -> { }));
        assertEquals("Context staging may not list pods (HTTP 403: pods is forbidden: User \"dev\" cannot list"
                + " resource \"pods\" at the cluster scope): ask for get, list and watch on pods, services,"
                + " endpointslices, nodes and networkpolicies", e.getMessage());
    }
}
