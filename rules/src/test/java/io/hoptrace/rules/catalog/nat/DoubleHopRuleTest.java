package io.hoptrace.rules.catalog.nat;

import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoubleHopRuleTest {
    @Test
    void nodePortWithClusterPolicyNamesBothNodes() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("double-hop"), DoubleHopRule.ID);
        assertEquals(1, fs.size(), "only the Cluster-policy NodePort, not the Local ones: " + fs);
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("node-a", f.node());
        assertTrue(f.objects().contains(ObjectRef.node("node-a")));
        assertTrue(f.objects().contains(ObjectRef.node("node-b")));
        assertTrue(f.objects().contains(ObjectRef.service("demo", "web-nodeport")));
        assertTrue(f.summary().contains("10.244.0.0") && f.summary().contains("192.168.50.100"), f.summary());
        assertEquals("set externalTrafficPolicy: Local on service demo/web-nodeport and send clients only to nodes "
                + "with a ready endpoint (the load balancer's health check does this)", f.fix());
        assertTrue(f.evidence().stream().anyMatch(e -> e.contains("KUBE-MARK-MASQ")), f.evidence().toString());
    }

    @Test
    void podToServiceIsNoDoubleHop() {
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), DoubleHopRule.ID).isEmpty());
        assertTrue(LabBundles.findings(LabBundles.view("hairpin"), DoubleHopRule.ID).isEmpty());
    }
}
