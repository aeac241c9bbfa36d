package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.cluster.ClusterObject;
import io.hoptrace.ui.model.cluster.LiveCluster;
import io.hoptrace.ui.model.port.ClusterState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A live cluster's names over a bundle's: they replace k8s.json while in use and leave the node files' names. */
class LiveClusterTest {
    private static final String K8S_JSON = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"kind": "Pod", "metadata": {"namespace": "demo", "name": "bundle-client"},
               "spec": {"nodeName": "node-a"}, "status": {"podIP": "10.244.0.11"}}
            ]}""";
    private static final String IP_ADDR = """
            [{"ifindex": 4, "ifname": "cni0", "addr_info": [
              {"family": "inet", "local": "10.244.0.1", "prefixlen": 24, "scope": "global"}]}]""";

    private static LiveCluster live(List<HasMetadata> objects) {
        return LiveCluster.of(new ClusterState("kind-dev", 7, objects, Map.of("networkpolicies", "HTTP 403")));
    }

    private static List<HasMetadata> cluster() {
        return List.of(
                new NodeBuilder().withNewMetadata().withName("node-a").endMetadata().withNewSpec()
                        .withPodCIDR("10.244.0.0/24").endSpec().withNewStatus().addNewAddress().withType("InternalIP")
                        .withAddress("192.168.50.11").endAddress().endStatus().build(),
                new PodBuilder().withNewMetadata().withNamespace("demo").withName("live-client").endMetadata()
                        .withNewSpec().withNodeName("node-a").endSpec().withNewStatus().withPodIP("10.244.0.11")
                        .endStatus().build(),
                new PodBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-proxy-x").endMetadata()
                        .withNewSpec().withNodeName("node-a").withHostNetwork(true).endSpec().withNewStatus()
                        .withPodIP("192.168.50.11").endStatus().build(),
                new ServiceBuilder().withNewMetadata().withNamespace("demo").withName("web").endMetadata()
                        .withNewSpec().withClusterIP("10.96.88.10").addNewPort().withPort(80).withNewTargetPort(8080)
                        .withProtocol("TCP").endPort().endSpec().build());
    }

    @Test
    void liveNamesReplaceTheBundlesWhileInUseAndTheNodeFilesStay() {
        ClusterDirectory d = ClusterDirectory.empty();
        d.addKubernetesJson("k8s.json", K8S_JSON);
        d.addIpAddr("node-a", "ip-addr.json", IP_ADDR);
        assertEquals("bundle-client", d.nameOf("10.244.0.11"));

        LiveCluster live = live(cluster());
        d.useLive(live);
        assertEquals("live-client", d.nameOf("10.244.0.11"));
        assertEquals("svc web", d.nameOf("10.96.88.10"));
        // a host-network pod does not take its node's address
        assertEquals("node-a", d.nameOf("192.168.50.11"));
        assertEquals("node-a cni0", d.nameOf("10.244.0.1"));
        assertEquals(List.of("10.244.0.11"), d.addressesOf("Pod", "live"));
        assertEquals(List.of(), d.addressesOf("Pod", "bundle"));
        // fabric8's IntOrString reads as k8s.json's number: the same detail as from a bundle
        assertEquals("ClusterIP 80/tcp\u21928080", d.objects().stream().filter(o -> o.kind().equals("Service"))
                .map(ClusterObject::detail).findFirst().orElseThrow());
        assertEquals("1 node, 2 pods, 1 Service", live.summary());
        assertEquals("kind-dev", live.context());
        assertTrue(live.index().ownerOf("10.244.0.11").isPresent());

        d.useLive(null);
        assertEquals("bundle-client", d.nameOf("10.244.0.11"));
        assertNull(d.nameOf("10.96.88.10"));
    }

    @Test
    void aPodThatGoesLosesItsName() {
        ClusterDirectory d = ClusterDirectory.empty();
        d.useLive(live(cluster()));
        assertEquals("live-client", d.nameOf("10.244.0.11"));
        d.useLive(live(cluster().stream().filter(o -> !o.getMetadata().getName().equals("live-client")).toList()));
        assertNull(d.nameOf("10.244.0.11"));
    }
}
