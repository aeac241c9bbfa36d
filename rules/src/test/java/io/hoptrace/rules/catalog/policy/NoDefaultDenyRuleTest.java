package io.hoptrace.rules.catalog.policy;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.KubernetesJson;
import io.hoptrace.rules.model.ClusterIndexView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoDefaultDenyRuleTest {
    private static List<Finding> run(AnalysisView v) {
        return RuleCatalog.standard().only(List.of(NoDefaultDenyRule.ID)).evaluate(v).findings();
    }

    private static String pod(String ns, String name, String app, boolean hostNetwork) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"" + ns + "\",\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"" + app + "\"}},\"spec\":{\"nodeName\":\"node-a\",\"hostNetwork\":"
                + hostNetwork + "},\"status\":{\"podIP\":\"10.244.0." + Math.abs(name.hashCode() % 200) + "\"}}";
    }

    private static String policy(String ns, String name, String spec) {
        return "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"namespace\":\""
                + ns + "\",\"name\":\"" + name + "\"},\"spec\":" + spec + "}";
    }

    private static AnalysisView cluster(String... items) {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + String.join(",", items) + "]}";
        return AnalysisView.builder().cluster(ClusterIndexView.parse(json)).build();
    }

    private static final String DENY_ALL = "{\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}";

    @Test
    void theLabHasNoNetworkPolicies() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("baseline"), NoDefaultDenyRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("namespace demo has no default-deny NetworkPolicy: its 6 pods accept connections from any pod"
                + " in the cluster (k8s.json lists no NetworkPolicy in it)", f.summary());
        assertTrue(f.fix().startsWith("add a NetworkPolicy in demo with podSelector: {} and policyTypes: [Ingress,"
                + " Egress] and no rules"), f.fix());
        assertTrue(f.fix().contains("Flannel alone, which does not enforce NetworkPolicies"), f.fix());
        assertEquals(new ObjectRef(ObjectRef.Kind.NAMESPACE, "", "demo"), f.objects().get(0));
        assertEquals("demo", f.dedupKey());
    }

    @Test
    void aDefaultDenyClosesTheNamespace() {
        assertEquals(List.of(), run(cluster(pod("shop", "cart-1", "cart", false), pod("shop", "web-1", "web", false),
                policy("shop", "default-deny", DENY_ALL))));
        // a select-all ingress policy with rules closes it too: only what it allows gets in
        assertEquals(List.of(), run(cluster(pod("shop", "web-1", "web", false), policy("shop", "same-namespace",
                "{\"podSelector\":{},\"ingress\":[{\"from\":[{\"podSelector\":{}}]}]}"))));
    }

    @Test
    void policiesThatDoNotCloseIt() {
        List<Finding> fs = run(cluster(pod("shop", "cart-1", "cart", false), pod("shop", "web-1", "web", false),
                pod("shop", "web-2", "web", false),
                // selects some pods only
                policy("shop", "web-only", "{\"podSelector\":{\"matchLabels\":{\"app\":\"web\"}},\"policyTypes\":"
                        + "[\"Ingress\"]}"),
                // select-all, but allows everything in
                policy("shop", "allow-all", "{\"podSelector\":{},\"ingress\":[{}]}"),
                // select-all egress only
                policy("shop", "deny-egress", "{\"podSelector\":{},\"policyTypes\":[\"Egress\"]}"),
                // another namespace's default deny
                policy("other", "default-deny", DENY_ALL)));
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals("namespace shop has no default-deny NetworkPolicy: its 3 pods accept connections from any pod"
                + " in the cluster", f.summary(), "allow-all opens every pod, whatever web-only says");
        Finding some = run(cluster(pod("shop", "cart-1", "cart", false), pod("shop", "web-1", "web", false),
                policy("shop", "web-only", "{\"podSelector\":{\"matchLabels\":{\"app\":\"web\"}}}"))).get(0);
        assertEquals("namespace shop has no default-deny NetworkPolicy: 1 of its 2 pods accepts connections from any"
                + " pod in the cluster, and new pods will too", some.summary());
        assertEquals(List.of(new ObjectRef(ObjectRef.Kind.NAMESPACE, "", "shop"),
                new ObjectRef(ObjectRef.Kind.NETWORK_POLICY, "shop", "web-only"), ObjectRef.pod("shop", "cart-1")),
                some.objects());
        Finding covered = run(cluster(pod("shop", "web-1", "web", false),
                policy("shop", "web-only", "{\"podSelector\":{\"matchLabels\":{\"app\":\"web\"}}}"))).get(0);
        assertTrue(covered.summary().contains("policies select its pod today, but a new pod none selects"),
                covered.summary());
        assertTrue(f.fix().contains("policyTypes: [Ingress] and no rules"), "egress is closed already: " + f.fix());
        assertTrue(f.evidence().contains("k8s.json: NetworkPolicy shop/allow-all selects all pods, policyTypes"
                + " [Ingress], 1 ingress and 0 egress rules"), f.evidence().toString());
        assertTrue(f.objects().contains(ObjectRef.pod("shop", "cart-1")));
        assertTrue(!f.fix().contains("Flannel"), "no node state, nothing said about the plugin");
    }

    @Test
    void hostNetworkPodsAndEmptyClustersGiveNothing() {
        assertEquals(List.of(), run(cluster(pod("kube-system", "kube-proxy-abc", "kube-proxy", true))));
        assertEquals(List.of(), run(AnalysisView.builder().build()));
    }

    @Test
    void theClusterIndexListsEveryPod() {
        ClusterIndex c = ClusterIndex.of(KubernetesJson.read("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
                + pod("shop", "web-1", "web", false) + "," + pod("kube-system", "proxy", "p", true) + ","
                + policy("shop", "default-deny", DENY_ALL) + "]}"));
        assertEquals(List.of("web-1", "proxy"), c.pods().stream().map(p -> p.getMetadata().getName()).toList());
        assertEquals(Map.of("app", "web"), c.pods().get(0).getMetadata().getLabels());
        assertEquals(List.of("default-deny"), c.policiesSelecting(c.pods().get(0)).stream()
                .map(p -> p.getMetadata().getName()).toList());
    }
}
