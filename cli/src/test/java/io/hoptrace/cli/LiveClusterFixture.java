package io.hoptrace.cli;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoptrace.capture.snapshot.MockKubeconfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A small cluster in fabric8's mock API server whose pod IPs are those of samples/mtu-blackhole's captures, under
 * other names than the bundle's k8s.json gives them: a name seen beside an IP says which source named it.
 */
final class LiveClusterFixture {
    /** 10.244.0.11 is mtu-client-7b9f6c5d8-q8wzt in the bundle. */
    static final String CLIENT_IP = "10.244.0.11";
    static final String CLIENT = "live-client";
    /** 10.244.1.10 is web-7d4b9c6f8-abcde in the bundle; this pod is created after connecting. */
    static final String LATE_IP = "10.244.1.10";
    static final String LATE = "late-web";

    static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private LiveClusterFixture() {
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.WARNING);
        return l;
    }

    static void create(KubernetesClient client) {
        for (String n : new String[] {"node-a", "node-b"}) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n).endMetadata().withNewSpec()
                    .withPodCIDR(n.equals("node-a") ? "10.244.0.0/24" : "10.244.1.0/24").endSpec().withNewStatus()
                    .addNewAddress().withType("InternalIP").withAddress(n.equals("node-a") ? "192.168.50.11"
                            : "192.168.50.12").endAddress().endStatus().build()).create();
        }
        client.pods().resource(pod(CLIENT, CLIENT_IP, "node-a")).create();
        client.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("demo").withName("web")
                .endMetadata().withNewSpec().withClusterIP("10.96.88.10").addNewPort().withPort(80)
                .withNewTargetPort(8080).withProtocol("TCP").endPort().endSpec().build()).create();
    }

    static Pod pod(String name, String ip, String node) {
        return new PodBuilder().withNewMetadata().withNamespace("demo").withName(name).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPodIP(ip).withPhase("Running")
                .endStatus().build();
    }

    static void addLatePod(KubernetesClient client) {
        client.pods().resource(pod(LATE, LATE_IP, "node-b")).create();
    }

    static void deleteLatePod(KubernetesClient client) {
        client.pods().inNamespace("demo").withName(LATE).delete();
    }

    static Path kubeconfig(Path dir, KubernetesMockServer server) throws IOException {
        return MockKubeconfig.write(dir, "https://" + server.getHostName() + ":" + server.getPort());
    }
}
