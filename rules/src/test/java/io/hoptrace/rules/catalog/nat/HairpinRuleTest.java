package io.hoptrace.rules.catalog.nat;

import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HairpinRuleTest {
    @Test
    void namesThePodAndServiceInBothPhases() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("hairpin"), HairpinRule.ID);
        assertEquals(2, fs.size(), fs.toString());
        Finding off = fs.get(0);
        assertEquals(Severity.ERROR, off.severity(), "worst first");
        assertTrue(off.objects().contains(ObjectRef.service("demo", "api")));
        assertTrue(off.objects().stream().anyMatch(o -> o.kind() == ObjectRef.Kind.POD && o.name().startsWith("api")));
        assertTrue(off.summary().contains("hairpin mode is off on vethae9808b7"), off.summary());
        assertTrue(off.evidence().stream().anyMatch(e -> e.contains("-s 10.244.0.20/32") && e.contains("KUBE-MARK-MASQ")));
        Finding on = fs.get(1);
        assertEquals(Severity.INFO, on.severity());
        assertTrue(on.summary().contains("SNATed to 10.244.0.1"), on.summary());
    }

    @Test
    void noSelfCallNoHairpin() {
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), HairpinRule.ID).isEmpty());
        assertTrue(LabBundles.findings(LabBundles.view("double-hop"), HairpinRule.ID).isEmpty());
    }
}
