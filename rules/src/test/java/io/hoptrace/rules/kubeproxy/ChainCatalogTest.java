package io.hoptrace.rules.kubeproxy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.hoptrace.decoders.state.IptablesChain;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesRule;
import io.hoptrace.decoders.state.IptablesTarget;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.ServicePortInfo;
import io.hoptrace.rules.kubeproxy.ChainMeaning.Kind;
import io.hoptrace.rules.kubeproxy.ChainMeaning.Source;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainCatalogTest {
    static final String OVERALL = "iptables_TestOverallIPTablesRules_expected.txt";
    static final String TRACE = "iptables_TestTracePacket_rules.txt";
    static final String PARTIAL = "iptables_TestSyncProxyRulesRepeated_partial-sync_add-endpoint.txt";
    static final String RESYNC = "iptables_TestSyncProxyRulesRepeated_full-resync_with-chain-deletes.txt";

    @Test
    void hashesKubeProxyUses() {
        assertEquals("XPGD46QRK7WJZT7O", KubeProxyChainNames.portProtoHash("ns1/svc1:p80", "tcp"));
        assertEquals("KUBE-SVC-TCOU7JCQXEZGVUNU", KubeProxyChainNames.serviceChain("kube-system/kube-dns:dns", "udp"));
        assertEquals("KUBE-SVC-NPX46M4PTMTKRN6Y", KubeProxyChainNames.serviceChain("default/kubernetes:https", "tcp"));
        assertEquals("KUBE-SEP-SXIVWICOYRO3J4NJ",
                KubeProxyChainNames.endpointChain("ns1/svc1:p80", "tcp", "10.180.0.1:80"));
        assertEquals("KUBE-FW-NUKIZ6OKUXPJNT4C", KubeProxyChainNames.firewallChain("ns5/svc5:p80", "tcp"));
        assertEquals("KUBE-EXT-GNZBNJ2PO5MGZ6GT", KubeProxyChainNames.externalChain("ns2/svc2:p80", "tcp"));
        assertEquals("KUBE-SVL-GNZBNJ2PO5MGZ6GT", KubeProxyChainNames.localServiceChain("ns2/svc2:p80", "tcp"));
    }

    /** Every per-Service chain of the dump is named from the cluster, and the name agrees with the rules. */
    static void assertComputedNamesAgreeWithTheDump(IptablesDump dump, ChainCatalog catalog) {
        Set<String> chains = ChainCatalog.serviceChainsOf(dump);
        assertTrue(chains.size() > 3, "the dump has service chains");
        assertEquals(List.of(), catalog.unnamedChains(dump));
        for (String chain : chains) {
            ChainMeaning m = catalog.meaning(chain).orElseThrow();
            assertEquals(Source.COMPUTED, m.source(), chain);
            IptablesChain c = dump.chain("nat", chain);
            if (c == null) {
                continue;
            }
            for (IptablesRule r : c.rules()) {
                if (r.comment() != null && r.comment().contains("/")) {
                    assertTrue(r.comment().contains(m.service().toString()),
                            chain + " named " + m.service() + " but its rule says " + r.comment());
                }
                IptablesTarget t = r.target();
                if (t != null && t.name().equals("DNAT")) {
                    assertEquals(Kind.ENDPOINT, m.kind());
                    assertEquals(m.endpoint().endpoint(), t.natDestinations().get(0).text(), chain);
                }
                if (r.targetName() != null && r.targetName().startsWith("KUBE-SEP-") && r.comment() != null
                        && r.comment().contains(" -> ")) {
                    String ep = r.comment().substring(r.comment().indexOf(" -> ") + 4);
                    assertEquals(ep, catalog.meaning(r.targetName()).orElseThrow().endpoint().endpoint(),
                            "the SVC rule's comment names the endpoint the SEP chain was computed from");
                }
            }
        }
    }

    @Test
    void overallAndTracePacketDumpsNamedFromTheirServices() {
        ChainCatalog catalog = ChainCatalog.of(KubeProxyFixtures.cluster());
        for (String f : List.of(OVERALL, TRACE)) {
            IptablesDump dump = KubeProxyFixtures.dump(f);
            assertComputedNamesAgreeWithTheDump(dump, catalog);
            assertEquals(16, ChainCatalog.serviceChainsOf(dump).size(), f + ": 5 SVC, 4 EXT, 1 FW, 6 SEP");
        }
        assertEquals("KUBE-SEP-SXIVWICOYRO3J4NJ (endpoint 10.180.0.1:80 of ns1/svc1:p80, pod ns1/pod1 on node-2)",
                catalog.meaning("KUBE-SEP-SXIVWICOYRO3J4NJ").orElseThrow().toString());
        assertEquals("KUBE-FW-NUKIZ6OKUXPJNT4C (ns5/svc5:p80, load-balancer source ranges)",
                catalog.label("KUBE-FW-NUKIZ6OKUXPJNT4C"));
        assertEquals("KUBE-SERVICES (Service IPs)", catalog.label("KUBE-SERVICES"));
    }

    @Test
    void everyServiceWithEndpointsHasItsChainInTheDump() {
        ClusterIndex index = KubeProxyFixtures.cluster();
        IptablesDump dump = KubeProxyFixtures.dump(OVERALL);
        for (ServicePortInfo sp : index.servicePorts()) {
            String svc = KubeProxyChainNames.serviceChain(sp.name().toString(), sp.protocolLower());
            boolean hasEndpoints = !index.endpoints(sp).isEmpty();
            assertEquals(hasEndpoints, dump.chain("nat", svc) != null, sp + " " + svc);
        }
    }

    static List<HasMetadata> repeatedCluster() {
        List<HasMetadata> objects = new ArrayList<>();
        String[][] services = {
            {"ns1", "svc1", "172.30.0.41", "p80", "80", "10.0.1.1"},
            {"ns2", "svc2", "172.30.0.42", "p8080", "8080", "10.0.2.1"},
            {"ns3", "svc3", "172.30.0.43", "p80", "80", "10.0.3.1,10.0.3.2,10.0.3.3"},
            {"ns4", "svc4", "172.30.0.44", "p80", "80", "10.0.4.1"},
        };
        for (String[] s : services) {
            int port = Integer.parseInt(s[4]);
            objects.add(new ServiceBuilder().withNewMetadata().withNamespace(s[0]).withName(s[1]).endMetadata()
                    .withNewSpec().withClusterIP(s[2]).addNewPort().withName(s[3]).withPort(port).withProtocol("TCP")
                    .endPort().endSpec().build());
            EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(s[0])
                    .withName(s[1] + "-1").withLabels(Map.of(ClusterIndex.SERVICE_NAME_LABEL, s[1])).endMetadata()
                    .withAddressType("IPv4");
            for (String ip : s[5].split(",")) {
                b.addNewEndpoint().withAddresses(ip).endEndpoint();
            }
            objects.add(b.addNewPort().withName(s[3]).withPort(port).withProtocol("TCP").endPort().build());
        }
        return objects;
    }

    @Test
    void partialAndFullResyncDumpsIncludingDeletedAndUndeclaredChains() {
        ChainCatalog catalog = ChainCatalog.of(ClusterIndex.of(repeatedCluster()));
        for (String f : List.of(PARTIAL, RESYNC)) {
            assertComputedNamesAgreeWithTheDump(KubeProxyFixtures.dump(f), catalog);
        }
        assertEquals("endpoint 10.0.4.1:80 of ns4/svc4:p80",
                catalog.meaning("KUBE-SEP-AYCN5HPXMIRJNJXU").orElseThrow().description(), "a -X line");
        assertEquals("ns1/svc1:p80", catalog.meaning("KUBE-SVC-XPGD46QRK7WJZT7O").orElseThrow().description(),
                "jumped to, not declared, in the partial sync");
    }

    @Test
    void realDumpExcerptNamedFromKubeDns() {
        List<HasMetadata> objects = List.of(
                new ServiceBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns").endMetadata()
                        .withNewSpec().withClusterIP("10.96.0.10")
                        .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
                        .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").endPort().endSpec().build(),
                new ServiceBuilder().withNewMetadata().withNamespace("default").withName("kubernetes").endMetadata()
                        .withNewSpec().withClusterIP("10.96.0.1").addNewPort().withName("https").withPort(443)
                        .endPort().endSpec().build(),
                new EndpointSliceBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns-1")
                        .withLabels(Map.of(ClusterIndex.SERVICE_NAME_LABEL, "kube-dns")).endMetadata()
                        .addNewEndpoint().withAddresses("192.168.78.125").endEndpoint()
                        .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
                        .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").endPort().build());
        ChainCatalog catalog = ChainCatalog.of(ClusterIndex.of(objects));
        IptablesDump dump = KubeProxyFixtures.dump("real-iptables-save-excerpts/issue_k8s-61005_iptables-save_v1.4.21_nat_head.txt");
        assertEquals("endpoint 192.168.78.125:53 of kube-system/kube-dns:dns",
                catalog.meaning("KUBE-SEP-43JXX3WIN2SOR6EG").orElseThrow().description());
        assertEquals("endpoint 192.168.78.125:53 of kube-system/kube-dns:dns-tcp",
                catalog.meaning("KUBE-SEP-L2F7FPCFKWKVX3RC").orElseThrow().description());
        assertEquals("kube-system/kube-dns:dns", catalog.meaning("KUBE-SVC-TCOU7JCQXEZGVUNU").orElseThrow().description());
        assertEquals("kube-system/kube-dns:dns-tcp", catalog.meaning("KUBE-SVC-ERIFXISQEP7F7OF4").orElseThrow().description());
        assertEquals("default/kubernetes:https", catalog.meaning("KUBE-SVC-NPX46M4PTMTKRN6Y").orElseThrow().description());
        assertEquals(List.of("KUBE-SEP-BSHRGJUUKHTTGYIF", "KUBE-SEP-JP2M66LUY5YAQ4M2", "KUBE-SEP-K7LSCPAICZ3AW7AD",
                "KUBE-SEP-YZ73XLPKS2NWC2Q3"), catalog.unnamedChains(dump), "endpoints the excerpt does not show");
    }

    @Test
    void withoutAClusterNamesComeFromCommentsAndAreHashChecked() {
        IptablesDump dump = KubeProxyFixtures.dump(OVERALL);
        ChainCatalog catalog = ChainCatalog.fixedOnly().withCommentsOf(dump);
        assertEquals(List.of(), catalog.unnamedChains(dump));
        for (String chain : ChainCatalog.serviceChainsOf(dump)) {
            assertEquals(Source.COMMENT_VERIFIED, catalog.meaning(chain).orElseThrow().source(), chain);
        }
        ChainMeaning sep = catalog.meaning("KUBE-SEP-UKSFD7AGPMPPLUHC").orElseThrow();
        assertEquals("endpoint 10.180.0.4:80 of ns4/svc4:p80; from rule comments, hash checked", sep.label());

        IptablesDump old = KubeProxyFixtures.dump("iptables_TestGetChainLinesMultipleTables_iptables-save-v1.4.21_2015.txt");
        ChainCatalog oldCatalog = ChainCatalog.fixedOnly().withCommentsOf(old);
        ChainMeaning dns = oldCatalog.meaning("KUBE-SVC-1111111111111111").orElseThrow();
        assertEquals(Source.COMMENT, dns.source(), "2015 chain names are not hashes");
        assertEquals("kube-system/kube-dns:dns", dns.service().toString());

        IptablesDump consul = KubeProxyFixtures.dump("real-iptables-save-excerpts/issue_k8s-26292_iptables-save_nat_probabilities.txt");
        ChainMeaning rpc = ChainCatalog.fixedOnly().withCommentsOf(consul).meaning("KUBE-SVC-NAKX6UQGKMWYNALM").orElseThrow();
        assertEquals(Source.COMMENT_VERIFIED, rpc.source());
        assertEquals("tcp", rpc.protocol(), "the protocol the hash confirms");
    }

    @Test
    void computedNamesWinOverComments() {
        IptablesDump dump = KubeProxyFixtures.dump(OVERALL);
        ChainCatalog catalog = ChainCatalog.of(KubeProxyFixtures.cluster()).withCommentsOf(dump);
        assertEquals(Source.COMPUTED, catalog.meaning("KUBE-SEP-UKSFD7AGPMPPLUHC").orElseThrow().source());
    }
}
