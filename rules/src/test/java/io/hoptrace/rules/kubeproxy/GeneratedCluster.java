package io.hoptrace.rules.kubeproxy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.hoptrace.rules.cluster.ClusterIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A large cluster and the {@code iptables-save} of one of its nodes, as kube-proxy's iptables mode would leave it
 * (canonical iptables-save order, counters, the probabilities kube-proxy writes): {@code services} ClusterIP
 * Services of {@code endpointsPerService} endpoints, every tenth also a NodePort.
 */
public record GeneratedCluster(int services, int endpointsPerService, String iptablesSave, List<HasMetadata> objects) {
    public static final String NODE = "bench-node";
    public static final String NODE_IP = "192.168.50.10";

    public static GeneratedCluster generate(int services, int endpointsPerService) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().withNewStatus().addNewAddress()
                .withType("InternalIP").withAddress(NODE_IP).endAddress().endStatus().build());
        StringBuilder chains = new StringBuilder(services * 300);
        StringBuilder svcRules = new StringBuilder(services * 220);
        StringBuilder nodePorts = new StringBuilder();
        StringBuilder rules = new StringBuilder(services * endpointsPerService * 500);
        for (int i = 0; i < services; i++) {
            String ns = "ns" + (i % 50);
            String name = "svc" + i;
            String spn = ns + "/" + name + ":http";
            String vip = clusterIp(i);
            int nodePort = i % 10 == 0 ? 30000 + i / 10 : 0;
            ServiceBuilder sb = new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata();
            Service svc = sb.withNewSpec().withType(nodePort > 0 ? "NodePort" : "ClusterIP").withClusterIP(vip)
                    .addNewPort().withName("http").withPort(80).withProtocol("TCP").withNodePort(nodePort > 0 ? nodePort : null)
                    .endPort().endSpec().build();
            objects.add(svc);
            EndpointSliceBuilder es = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns)
                    .withName(name + "-abcde").withLabels(Map.of(ClusterIndex.SERVICE_NAME_LABEL, name)).endMetadata()
                    .withAddressType("IPv4");
            String svcChain = KubeProxyChainNames.serviceChain(spn, "tcp");
            chains.append(':').append(svcChain).append(" - [0:0]\n");
            svcRules.append("[0:0] -A KUBE-SERVICES -d ").append(vip).append("/32 -p tcp -m comment --comment \"")
                    .append(spn).append(" cluster IP\" -m tcp --dport 80 -j ").append(svcChain).append('\n');
            rules.append("[0:0] -A ").append(svcChain).append(" ! -s 10.0.0.0/8 -d ").append(vip)
                    .append("/32 -p tcp -m comment --comment \"").append(spn)
                    .append(" cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ\n");
            if (nodePort > 0) {
                String ext = KubeProxyChainNames.externalChain(spn, "tcp");
                chains.append(':').append(ext).append(" - [0:0]\n");
                nodePorts.append("[0:0] -A KUBE-NODEPORTS -p tcp -m comment --comment \"").append(spn)
                        .append("\" -m tcp --dport ").append(nodePort).append(" -j ").append(ext).append('\n');
                rules.append("[0:0] -A ").append(ext).append(" -m comment --comment \"masquerade traffic for ")
                        .append(spn).append(" external destinations\" -j KUBE-MARK-MASQ\n");
                rules.append("[0:0] -A ").append(ext).append(" -j ").append(svcChain).append('\n');
            }
            for (int e = 0; e < endpointsPerService; e++) {
                String ip = endpointIp(i, e);
                String ep = ip + ":8080";
                es.addNewEndpoint().withAddresses(ip).withNodeName("node" + (e % 100)).endEndpoint();
                String sep = KubeProxyChainNames.endpointChain(spn, "tcp", ep);
                chains.append(':').append(sep).append(" - [0:0]\n");
                int left = endpointsPerService - e;
                rules.append("[0:0] -A ").append(svcChain).append(" -m comment --comment \"").append(spn)
                        .append(" -> ").append(ep).append('"');
                if (left > 1) {
                    rules.append(String.format(Locale.ROOT, " -m statistic --mode random --probability %.11f", 1.0 / left));
                }
                rules.append(" -j ").append(sep).append('\n');
                rules.append("[0:0] -A ").append(sep).append(" -s ").append(ip).append("/32 -m comment --comment \"")
                        .append(spn).append("\" -j KUBE-MARK-MASQ\n");
                rules.append("[0:0] -A ").append(sep).append(" -p tcp -m comment --comment \"").append(spn)
                        .append("\" -m tcp -j DNAT --to-destination ").append(ep).append('\n');
            }
            objects.add(es.addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build());
        }
        String text = "# Generated by iptables-save v1.8.9 (nf_tables)\n"
                + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                + ":KUBE-MARK-MASQ - [0:0]\n:KUBE-NODEPORTS - [0:0]\n:KUBE-POSTROUTING - [0:0]\n:KUBE-SERVICES - [0:0]\n"
                + chains
                + "[0:0] -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "[0:0] -A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "[0:0] -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
                + "[0:0] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n"
                + "[0:0] -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
                + "[0:0] -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\n"
                + "[0:0] -A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully\n"
                + nodePorts + svcRules
                + "[0:0] -A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the "
                + "last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n"
                + rules
                + "COMMIT\n"
                + "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-FORWARD - [0:0]\n"
                + "[0:0] -A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD\n"
                + "[0:0] -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n"
                + "[0:0] -A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT\n"
                + "[0:0] -A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                + "COMMIT\n";
        return new GeneratedCluster(services, endpointsPerService, text, objects);
    }

    /** 172.20.0.0/16 upward: the ClusterIP of Service {@code i}. */
    public static String clusterIp(int i) {
        return "172." + (20 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
    }

    public static String endpointIp(int service, int endpoint) {
        int n = service * 16 + endpoint;
        return "10." + (n / 65536 % 256) + "." + (n / 256 % 256) + "." + (n % 256);
    }

    public int nodePortOf(int service) {
        return service % 10 == 0 ? 30000 + service / 10 : 0;
    }
}
