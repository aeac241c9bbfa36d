package io.hoptrace.rules.catalog.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.hoptrace.decoders.state.IpJsonLink;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code policy.no-default-deny}: a namespace whose pods accept connections from anywhere in the cluster because no
 * NetworkPolicy selects all of them for ingress. A pod is open to every pod until some policy selects it; the usual
 * baseline is one policy per namespace with {@code podSelector: {}} and {@code policyTypes: [Ingress]} and no rule
 * (deny all), then policies that allow what is needed. A select-all ingress policy with rules also closes the
 * namespace (only what it allows gets in), unless one rule is empty ({@code - {}}: allow everything). Egress is
 * reported alongside but not flagged on its own. Host-network pods are not counted: policies do not apply to them.
 * Info: nothing is broken, but nothing is fenced either.
 */
public final class NoDefaultDenyRule implements Rule {
    public static final String ID = "policy.no-default-deny";

    private static final String INGRESS = "Ingress";
    private static final String EGRESS = "Egress";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "namespaces with pods but no default-deny NetworkPolicy: every pod accepts traffic from any pod";
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        ClusterIndex index = v.cluster().index().orElse(null);
        if (index == null) {
            return List.of();
        }
        Map<String, List<Pod>> podsByNamespace = new LinkedHashMap<>();
        for (Pod p : index.pods()) {
            boolean hostNetwork = p.getSpec() != null && Boolean.TRUE.equals(p.getSpec().getHostNetwork());
            if (!hostNetwork) {
                podsByNamespace.computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Pod>> e : podsByNamespace.entrySet()) {
            String ns = e.getKey();
            List<NetworkPolicy> policies = index.networkPolicies().stream()
                    .filter(p -> ns.equals(p.getMetadata() == null ? null : p.getMetadata().getNamespace()))
                    .toList();
            if (policies.stream().anyMatch(p -> closesAll(p, INGRESS))) {
                continue;
            }
            out.add(finding(v, index, ns, e.getValue(), policies));
        }
        return out;
    }

    private static Finding finding(AnalysisView v, ClusterIndex index, String ns, List<Pod> pods,
                                   List<NetworkPolicy> policies) {
        List<Pod> open = pods.stream().filter(p -> openToAll(p, index)).toList();
        boolean egressClosed = policies.stream().anyMatch(p -> closesAll(p, EGRESS));
        String summary = "namespace " + ns + " has no default-deny NetworkPolicy: ";
        if (open.size() == pods.size()) {
            summary += (pods.size() == 1 ? "its pod accepts" : "its " + pods.size() + " pods accept")
                    + " connections from any pod in the cluster";
        } else if (open.isEmpty()) {
            summary += "policies select " + (pods.size() == 1 ? "its pod" : "all " + pods.size() + " of its pods")
                    + " today, but a new pod none selects will accept"
                    + " connections from any pod in the cluster";
        } else {
            summary += open.size() + " of its " + pods.size() + " pods " + (open.size() == 1 ? "accepts" : "accept")
                    + " connections from any pod in the cluster, and new pods will too";
        }
        summary += policies.isEmpty() ? " (k8s.json lists no NetworkPolicy in it)" : "";
        StringBuilder fix = new StringBuilder("add a NetworkPolicy in ").append(ns)
                .append(" with podSelector: {} and policyTypes: [Ingress")
                .append(egressClosed ? "" : ", Egress")
                .append("] and no rules (deny all), then policies that allow what each app needs (and DNS egress)");
        if (flannelOnly(v)) {
            fix.append("; the nodes run Flannel alone, which does not enforce NetworkPolicies: add a policy engine"
                    + " (Calico as Canal, or Cilium) first");
        }
        fix.append("; if the snapshot could not list NetworkPolicies, check with kubectl get networkpolicy -n ")
                .append(ns);
        Finding.Builder f = Finding.of(ID, Severity.INFO, summary).fix(fix.toString()).dedupKey(ns)
                .object(new ObjectRef(ObjectRef.Kind.NAMESPACE, "", ns));
        for (NetworkPolicy np : policies) {
            f.object(new ObjectRef(ObjectRef.Kind.NETWORK_POLICY, ns, np.getMetadata().getName()));
            f.evidence("k8s.json: NetworkPolicy " + ns + "/" + np.getMetadata().getName() + " " + describe(np));
        }
        f.evidence("k8s.json: " + open.size() + " pods of " + ns + " selected by no ingress policy: "
                + String.join(", ", open.stream().limit(5).map(p -> p.getMetadata().getName()).toList())
                + (open.size() > 5 ? ", ..." : ""));
        f.evidence("k8s.json: egress in " + ns + ": " + (egressClosed ? "closed by a select-all policy" : "open"));
        for (Pod p : open.subList(0, Math.min(open.size(), 5))) {
            f.object(ObjectRef.pod(ns, p.getMetadata().getName()));
        }
        return f.build();
    }

    /**
     * A pod anything may connect to: no ingress policy selects it, or one that does allows everything (policies add
     * up: what one allows, no other can take away).
     */
    private static boolean openToAll(Pod p, ClusterIndex index) {
        List<NetworkPolicy> selecting = index.policiesSelecting(p).stream().filter(np -> types(np).contains(INGRESS))
                .toList();
        return selecting.isEmpty() || selecting.stream().anyMatch(np -> np.getSpec().getIngress() != null
                && np.getSpec().getIngress().stream().anyMatch(NoDefaultDenyRule::allowsAll));
    }

    /** Selects every pod of its namespace and, for this direction, lets in (or out) only what its rules allow. */
    static boolean closesAll(NetworkPolicy np, String direction) {
        NetworkPolicySpec spec = np.getSpec();
        if (spec == null || !selectsAll(spec.getPodSelector()) || !types(np).contains(direction)) {
            return false;
        }
        if (direction.equals(INGRESS)) {
            List<NetworkPolicyIngressRule> rules = spec.getIngress();
            return rules == null || rules.stream().noneMatch(NoDefaultDenyRule::allowsAll);
        }
        List<NetworkPolicyEgressRule> rules = spec.getEgress();
        return rules == null || rules.stream().noneMatch(NoDefaultDenyRule::allowsAll);
    }

    private static boolean allowsAll(NetworkPolicyIngressRule r) {
        return (r.getFrom() == null || r.getFrom().isEmpty()) && (r.getPorts() == null || r.getPorts().isEmpty());
    }

    private static boolean allowsAll(NetworkPolicyEgressRule r) {
        return (r.getTo() == null || r.getTo().isEmpty()) && (r.getPorts() == null || r.getPorts().isEmpty());
    }

    private static boolean selectsAll(LabelSelector s) {
        return s == null || (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }

    /** policyTypes, or what the API server defaults them to: Ingress, plus Egress when there are egress rules. */
    static List<String> types(NetworkPolicy np) {
        NetworkPolicySpec spec = np.getSpec();
        if (spec == null) {
            return List.of();
        }
        if (spec.getPolicyTypes() != null && !spec.getPolicyTypes().isEmpty()) {
            return spec.getPolicyTypes();
        }
        return spec.getEgress() != null && !spec.getEgress().isEmpty() ? List.of(INGRESS, EGRESS) : List.of(INGRESS);
    }

    private static String describe(NetworkPolicy np) {
        NetworkPolicySpec spec = np.getSpec();
        if (spec == null) {
            return "(no spec)";
        }
        int ingress = spec.getIngress() == null ? 0 : spec.getIngress().size();
        int egress = spec.getEgress() == null ? 0 : spec.getEgress().size();
        return "selects " + (selectsAll(spec.getPodSelector()) ? "all pods" : "some pods") + ", policyTypes "
                + types(np) + ", " + ingress + " ingress and " + egress + " egress rules";
    }

    /** Nodes with a flannel device and no device of a policy engine (Calico's cali*, Cilium, Weave). */
    private static boolean flannelOnly(AnalysisView v) {
        boolean flannel = false;
        for (NodeState n : v.nodes().values()) {
            if (n.links() == null) {
                continue;
            }
            for (IpJsonLink l : n.links().links()) {
                String name = l.name();
                if (name.startsWith("flannel")) {
                    flannel = true;
                } else if (name.startsWith("cali") || name.startsWith("cilium") || name.startsWith("lxc")
                        || name.startsWith("weave") || name.startsWith("antrea")) {
                    return false;
                }
            }
        }
        return flannel;
    }
}
