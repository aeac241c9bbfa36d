package io.hoptrace.rules.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.hoptrace.rules.kubeproxy.KubeProxyFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterIndexTest {
    private final ClusterIndex index = KubeProxyFixtures.cluster();

    @Test
    void readsAKubectlListWithFabric8() {
        List<HasMetadata> objects = KubernetesJson.read(KubeProxyFixtures.k8sJson());
        assertEquals(22, objects.size());
        assertEquals(Set.of("Node", "Pod", "Service", "EndpointSlice", "NetworkPolicy"),
                Set.copyOf(objects.stream().map(HasMetadata::getKind).toList()));
        assertTrue(objects.stream().anyMatch(o -> o instanceof io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice));
    }

    @Test
    void unreadableJsonSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KubernetesJson.read("{\"kind\": \"List\", \"items\": [\n{]}"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void oneObjectAndTypedListsToo() {
        assertEquals(1, KubernetesJson.read("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}").size());
        assertEquals(2, KubernetesJson.read("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":["
                + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}},"
                + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"b\"}}]}").size());
    }

    @Test
    void ownerOfAnIp() {
        assertEquals("pod ns1/pod1 on node node-2", index.ownerOf("10.180.0.1").orElseThrow().toString());
        assertEquals("service ns1/svc1 cluster IP", index.ownerOf("172.30.0.41").orElseThrow().toString());
        assertEquals("service ns2/svc2 external IP", index.ownerOf("192.168.99.22").orElseThrow().toString());
        assertEquals("service ns5/svc5 load balancer IP", index.ownerOf("5.6.7.8").orElseThrow().toString());
        assertEquals("node test-node (InternalIP)", index.ownerOf("192.168.0.2").orElseThrow().toString(),
                "the node, not the host-network pod sharing its IP");
        assertEquals(2, index.ownersOf("192.168.0.2").size());
        assertEquals(Optional.empty(), index.ownerOf("203.0.113.2"));
        assertEquals(Optional.empty(), index.ownerOf("not-an-ip"));
    }

    @Test
    void serviceAtAddressPortAndProtocol() {
        ServiceAddress a = index.serviceAt("172.30.0.44", 80, "tcp").orElseThrow();
        assertEquals("ns4/svc4:p80", a.servicePort().name().toString());
        assertEquals("cluster IP", a.role());
        assertEquals("external IP", index.serviceAt("192.168.99.33", 80, "TCP").orElseThrow().role());
        assertEquals(Optional.empty(), index.serviceAt("172.30.0.44", 81, "tcp"));
        assertEquals(Optional.empty(), index.serviceAt("172.30.0.44", 80, "udp"));
        ServiceAddress np = index.nodePort(3003, "tcp").orElseThrow();
        assertEquals("ns3/svc3:p80 node port", np.toString());
        assertEquals(Optional.empty(), index.nodePort(3004, "tcp"));
        ServicePortInfo svc5 = index.serviceAt("172.30.0.45", 80, "tcp").orElseThrow().servicePort();
        assertEquals(List.of("203.0.113.0/25"), svc5.loadBalancerSourceRanges());
        assertEquals(10800, svc5.affinityTimeoutSeconds());
        assertTrue(index.serviceAt("172.30.0.42", 80, "tcp").orElseThrow().servicePort().externalPolicyLocal());
    }

    @Test
    void endpointsReadyOrNotWithTheirNodeAndPod() {
        List<EndpointInfo> eps = index.endpoints(new ServicePortName("ns4", "svc4", "p80"), "TCP");
        assertEquals(List.of("10.180.0.4:80", "10.180.0.5:80"), eps.stream().map(EndpointInfo::endpoint).toList());
        assertEquals("test-node", eps.get(1).nodeName());
        assertEquals("node-2", eps.get(0).nodeName(), "from the pod when the slice does not say");
        assertEquals("ns4/pod4b", eps.get(1).pod());
        EndpointInfo bare = index.endpoints(new ServicePortName("ns5", "svc5", "p80"), "tcp").get(0);
        assertTrue(bare.ready(), "no conditions: ready");
        assertEquals("ns3/pod3", bare.pod(), "no targetRef: the pod that has the IP");
        assertEquals(List.of(), index.endpoints(new ServicePortName("ns6", "svc6", "p80"), "TCP"));
    }

    @Test
    void notReadyAndTerminatingEndpoints() {
        ClusterIndex x = ClusterIndex.of(List.of(new EndpointSliceBuilder()
                .withNewMetadata().withNamespace("a").withName("s-1").withLabels(Map.of(ClusterIndex.SERVICE_NAME_LABEL, "s")).endMetadata()
                .withAddressType("IPv6")
                .addNewEndpoint().withAddresses("fd00::5").withNewConditions().withReady(false).withServing(true)
                .withTerminating(true).endConditions().endEndpoint()
                .addNewPort().withPort(8080).withProtocol("UDP").endPort().build()));
        EndpointInfo e = x.endpoints(new ServicePortName("a", "s", ""), "UDP").get(0);
        assertFalse(e.ready());
        assertTrue(e.serving());
        assertTrue(e.terminating());
        assertEquals("[fd00::5]:8080", e.endpoint());
        assertEquals("a/s", e.service().toString(), "an unnamed port has no colon");
    }

    @Test
    void nodeOwningAPodCidr() {
        assertEquals(Optional.of("test-node"), index.nodeForPodIp("10.180.0.77"));
        assertEquals(Optional.of("node-2"), index.nodeForPodIp("10.180.1.9"));
        assertEquals(Optional.empty(), index.nodeForPodIp("10.181.0.1"));
        ClusterIndex v6 = ClusterIndex.of(List.of(new NodeBuilder().withNewMetadata().withName("n").endMetadata()
                .withNewSpec().withPodCIDRs("10.244.3.0/24", "fd00:10:244:3::/64").endSpec().build()));
        assertEquals(Optional.of("n"), v6.nodeForPodIp("fd00:10:244:3::17"));
    }

    @Test
    void nodeAddresses() {
        assertEquals(Set.of("192.168.0.2", "192.168.1.2", "192.168.99.11"), index.nodeAddresses("test-node"));
        assertEquals(Set.of(), index.nodeAddresses("nope"));
        assertTrue(index.hasNode("node-2"));
    }

    @Test
    void networkPoliciesSelectingAPod() {
        Pod pod1 = index.pod("ns1", "pod1").orElseThrow();
        assertEquals(List.of("web-from-ns4"), names(index.policiesSelecting(pod1)));
        Pod pod4a = index.pod("ns4", "pod4a").orElseThrow();
        assertEquals(List.of("default-deny"), names(index.policiesSelecting(pod4a)), "NotIn ext excludes it");
        Pod other = new PodBuilder().withNewMetadata().withNamespace("ns4").withName("x").withLabels(Map.of("app", "db"))
                .endMetadata().build();
        assertEquals(List.of("default-deny", "not-ext"), names(index.policiesSelecting(other)));
        Pod elsewhere = new PodBuilder().withNewMetadata().withNamespace("ns9").withName("x").endMetadata().build();
        assertEquals(List.of(), names(index.policiesSelecting(elsewhere)));
    }

    @Test
    void labelSelectorOperators() {
        Map<String, String> labels = Map.of("app", "web", "tier", "front");
        assertTrue(LabelSelectors.selects(new LabelSelectorBuilder().addNewMatchExpression().withKey("app")
                .withOperator("In").withValues("web", "api").endMatchExpression().build(), labels));
        assertTrue(LabelSelectors.selects(new LabelSelectorBuilder().addNewMatchExpression().withKey("x")
                .withOperator("DoesNotExist").endMatchExpression().build(), labels));
        assertFalse(LabelSelectors.selects(new LabelSelectorBuilder().addNewMatchExpression().withKey("x")
                .withOperator("Exists").endMatchExpression().build(), labels));
        assertFalse(LabelSelectors.selects(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "db")).build(), labels));
        assertFalse(LabelSelectors.selects(new LabelSelectorBuilder().addNewMatchExpression().withKey("app")
                .withOperator("Bogus").endMatchExpression().build(), labels));
    }

    @Test
    void headlessAndUnnamedPorts() {
        ClusterIndex x = ClusterIndex.of(List.of(new ServiceBuilder().withNewMetadata().withNamespace("d").withName("h")
                .endMetadata().withNewSpec().withClusterIP("None").addNewPort().withPort(53).withProtocol("UDP").endPort()
                .endSpec().build()));
        ServicePortInfo p = x.servicePorts().get(0);
        assertEquals(List.of(), p.clusterIPs());
        assertEquals("d/h", p.name().toString());
    }

    private static List<String> names(List<NetworkPolicy> ps) {
        return ps.stream().map(p -> p.getMetadata().getName()).toList();
    }
}
