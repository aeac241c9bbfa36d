package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesChain;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesRule;
import io.hoptrace.decoders.state.IptablesTable;
import io.hoptrace.decoders.state.IptablesTarget;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.cluster.ServicePortInfo;
import io.hoptrace.rules.cluster.ServicePortName;
import io.hoptrace.rules.kubeproxy.ChainMeaning.Kind;
import io.hoptrace.rules.kubeproxy.ChainMeaning.Source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names every kube-proxy chain of a dump in Kubernetes terms. Per-Service and per-endpoint names are recomputed
 * from the cluster index (every Service port and every endpoint, ready or not), so they do not depend on rule
 * comments, which kube-proxy drops above 1000 endpoints. Chains the index cannot name may still be named from
 * their comments ({@link #withCommentsOf}), and those names are checked against the hash.
 */
public final class ChainCatalog {
    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("KUBE-SERVICES", "Service IPs"),
            Map.entry("KUBE-NODEPORTS", "NodePorts"),
            Map.entry("KUBE-EXTERNAL-SERVICES", "external traffic to Services without usable endpoints"),
            Map.entry("KUBE-POSTROUTING", "SNAT of traffic marked for masquerade"),
            Map.entry("KUBE-MARK-MASQ", "mark for masquerade (SNAT)"),
            Map.entry("KUBE-MARK-DROP", "mark for drop"),
            Map.entry("KUBE-FORWARD", "forwarding of Service traffic"),
            Map.entry("KUBE-PROXY-FIREWALL", "load-balancer source ranges"),
            Map.entry("KUBE-FIREWALL", "kubelet's localnet protection"),
            Map.entry("KUBE-PROXY-CANARY", "kube-proxy's canary"),
            Map.entry("KUBE-KUBELET-CANARY", "kubelet's canary"));

    private final Map<String, ChainMeaning> byChain;

    private ChainCatalog(Map<String, ChainMeaning> byChain) {
        this.byChain = byChain;
    }

    /** Only the fixed chains: for a dump without a cluster. */
    public static ChainCatalog fixedOnly() {
        return of(ClusterIndex.empty());
    }

    public static ChainCatalog of(ClusterIndex index) {
        Map<String, ChainMeaning> m = new HashMap<>();
        for (Map.Entry<String, String> e : FIXED.entrySet()) {
            m.put(e.getKey(), new ChainMeaning(e.getKey(), Kind.KUBE_PROXY, null, null, null, null, Source.FIXED,
                    e.getValue()));
        }
        for (ServicePortInfo sp : index.servicePorts()) {
            String spn = sp.name().toString();
            String proto = sp.protocolLower();
            put(m, KubeProxyChainNames.serviceChain(spn, proto), Kind.SERVICE, sp.name(), proto, null, null,
                    Source.COMPUTED);
            put(m, KubeProxyChainNames.localServiceChain(spn, proto), Kind.SERVICE_LOCAL, sp.name(), proto, null,
                    null, Source.COMPUTED);
            put(m, KubeProxyChainNames.externalChain(spn, proto), Kind.EXTERNAL, sp.name(), proto, null, null,
                    Source.COMPUTED);
            put(m, KubeProxyChainNames.firewallChain(spn, proto), Kind.FIREWALL, sp.name(), proto, null, null,
                    Source.COMPUTED);
            for (EndpointInfo ep : index.endpoints(sp)) {
                put(m, KubeProxyChainNames.endpointChain(spn, proto, ep.endpoint()), Kind.ENDPOINT, sp.name(), proto,
                        ep, ep.endpoint(), Source.COMPUTED);
            }
        }
        return new ChainCatalog(m);
    }

    private static void put(Map<String, ChainMeaning> m, String chain, Kind kind, ServicePortName spn, String proto,
                            EndpointInfo ep, String epText, Source source) {
        m.putIfAbsent(chain, new ChainMeaning(chain, kind, spn, proto, ep, epText, source,
                describe(kind, spn, ep, epText)));
    }

    static String describe(Kind kind, ServicePortName spn, EndpointInfo ep, String epText) {
        return switch (kind) {
            case SERVICE -> spn.toString();
            case SERVICE_LOCAL -> spn + ", node-local endpoints";
            case EXTERNAL -> spn + ", external traffic";
            case FIREWALL -> spn + ", load-balancer source ranges";
            case ENDPOINT -> endpointText(spn, ep, epText);
            case KUBE_PROXY -> "";
        };
    }

    private static String endpointText(ServicePortName spn, EndpointInfo ep, String epText) {
        StringBuilder sb = new StringBuilder("endpoint ").append(ep != null ? ep.endpoint() : epText == null ? "?" : epText)
                .append(" of ").append(spn);
        if (ep != null && ep.pod() != null) {
            sb.append(", pod ").append(ep.pod());
        }
        if (ep != null && ep.nodeName() != null) {
            sb.append(" on ").append(ep.nodeName());
        }
        if (ep != null && !ep.ready()) {
            sb.append(ep.terminating() ? ", terminating" : ", not ready");
        }
        return sb.toString();
    }

    /**
     * This catalog plus names read from the dump's comments for the per-Service chains it cannot name: the first
     * {@code ns/name[:port]} word of the chain's own comments or of the comments of rules jumping to it, the
     * protocol from {@code -p}, and for KUBE-SEP the DNAT destination.
     */
    public ChainCatalog withCommentsOf(IptablesDump dump) {
        Map<String, ChainMeaning> m = new HashMap<>(byChain);
        for (IptablesTable t : dump.tables()) {
            Map<String, List<IptablesRule>> jumpsTo = new HashMap<>();
            for (IptablesChain c : t.chains().values()) {
                for (IptablesRule r : c.rules()) {
                    if (r.targetName() != null && KubeProxyChainNames.isServiceChain(r.targetName())) {
                        jumpsTo.computeIfAbsent(r.targetName(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
            Set<String> chains = new LinkedHashSet<>(t.chains().keySet());
            chains.addAll(jumpsTo.keySet());
            for (String chain : chains) {
                if (m.containsKey(chain) || !KubeProxyChainNames.isServiceChain(chain)) {
                    continue;
                }
                IptablesChain c = t.chain(chain);
                List<IptablesRule> rules = new ArrayList<>(c == null ? List.of() : c.rules());
                rules.addAll(jumpsTo.getOrDefault(chain, List.of()));
                ChainMeaning cm = fromComments(chain, rules);
                if (cm != null) {
                    m.put(chain, cm);
                }
            }
        }
        return new ChainCatalog(m);
    }

    private static ChainMeaning fromComments(String chain, List<IptablesRule> rules) {
        ServicePortName spn = null;
        String proto = null;
        String endpoint = null;
        for (IptablesRule r : rules) {
            if (spn == null && r.comment() != null) {
                spn = firstServicePortName(r.comment());
            }
            if (proto == null && r.protocol() != null && !r.protocolNegated()) {
                proto = r.protocol();
            }
            IptablesTarget t = r.target();
            if (endpoint == null && t != null && t.name().equals("DNAT") && r.chain().equals(chain)
                    && !t.natDestinations().isEmpty()) {
                endpoint = t.natDestinations().get(0).text();
            }
        }
        if (spn == null) {
            return null;
        }
        Kind kind = chain.startsWith(KubeProxyChainNames.SEP) ? Kind.ENDPOINT
                : chain.startsWith(KubeProxyChainNames.SVL) ? Kind.SERVICE_LOCAL
                : chain.startsWith(KubeProxyChainNames.EXT) ? Kind.EXTERNAL
                : chain.startsWith(KubeProxyChainNames.FW) ? Kind.FIREWALL : Kind.SERVICE;
        Source source = Source.COMMENT;
        for (String p : proto == null ? List.of("tcp", "udp", "sctp") : List.of(proto)) {
            if (chain.equals(recompute(kind, spn.toString(), p, endpoint))) {
                source = Source.COMMENT_VERIFIED;
                proto = p;
            }
        }
        return new ChainMeaning(chain, kind, spn, proto, null, endpoint, source,
                describe(kind, spn, null, endpoint));
    }

    private static String recompute(Kind kind, String spn, String proto, String endpoint) {
        return switch (kind) {
            case SERVICE -> KubeProxyChainNames.serviceChain(spn, proto);
            case SERVICE_LOCAL -> KubeProxyChainNames.localServiceChain(spn, proto);
            case EXTERNAL -> KubeProxyChainNames.externalChain(spn, proto);
            case FIREWALL -> KubeProxyChainNames.firewallChain(spn, proto);
            case ENDPOINT -> endpoint == null ? "" : KubeProxyChainNames.endpointChain(spn, proto, endpoint);
            case KUBE_PROXY -> "";
        };
    }

    /** The first word that reads as {@code ns/name} or {@code ns/name:port}. */
    static ServicePortName firstServicePortName(String comment) {
        for (String word : comment.split(" ")) {
            if (word.indexOf('/') > 0 && !word.contains("//") && word.matches("[a-z0-9][-a-z0-9.]*/[-a-z0-9.]+(:[^ ]*)?")) {
                return ServicePortName.parse(word);
            }
        }
        return null;
    }

    /** The meaning, or null: for hot paths that should not allocate an Optional. */
    public ChainMeaning get(String chain) {
        return byChain.get(chain);
    }

    public Optional<ChainMeaning> meaning(String chain) {
        return Optional.ofNullable(byChain.get(chain));
    }

    /** The chain name followed by its meaning in parentheses, or the bare name. */
    public String label(String chain) {
        ChainMeaning m = byChain.get(chain);
        return m == null || m.label().isEmpty() ? chain : chain + " (" + m.label() + ")";
    }

    /** Per-Service and per-endpoint chains in (or referenced by) the dump that this catalog cannot name. */
    public List<String> unnamedChains(IptablesDump dump) {
        Set<String> out = new LinkedHashSet<>();
        for (String chain : serviceChainsOf(dump)) {
            if (!byChain.containsKey(chain)) {
                out.add(chain);
            }
        }
        return List.copyOf(out);
    }

    /** Every KUBE-SVC/SVL/EXT/FW/SEP chain a dump declares, jumps to or deletes. */
    public static Set<String> serviceChainsOf(IptablesDump dump) {
        Set<String> out = new LinkedHashSet<>();
        for (IptablesTable t : dump.tables()) {
            for (IptablesChain c : t.chains().values()) {
                if (KubeProxyChainNames.isServiceChain(c.name())) {
                    out.add(c.name());
                }
                for (IptablesRule r : c.rules()) {
                    if (r.targetName() != null && KubeProxyChainNames.isServiceChain(r.targetName())) {
                        out.add(r.targetName());
                    }
                }
            }
            for (String d : t.deletedChains()) {
                if (KubeProxyChainNames.isServiceChain(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    public int size() {
        return byChain.size();
    }
}
