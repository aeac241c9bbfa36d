package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlackholeRuleTest {
    @Test
    void labBlackholeStopsAtNodeACni0() {
        AnalysisView v = LabBundles.view("mtu-blackhole");
        List<Finding> fs = LabBundles.findings(v, BlackholeRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("node-a", f.node());
        Journey j = v.journey(f.journey()).orElseThrow();
        Hop stop = j.hops().get(f.hop());
        assertEquals("cni0", stop.iface(), "the hop where the packet stops");
        assertEquals(j.hops().size() - 1, f.hop());
        assertEquals(1500, j.packet().length());
        assertTrue(f.summary().contains("never reach node-b"), f.summary());
        assertTrue(f.summary().contains("allows 1450"), f.summary());
        assertTrue(f.fix().startsWith("set the MTU of pod demo/mtu-client"), f.fix());
        assertTrue(f.fix().contains("1450"), f.fix());
    }

    @Test
    void noDfNoBlackhole() {
        assertTrue(LabBundles.findings(LabBundles.view("fragmentation"), BlackholeRule.ID).isEmpty());
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), BlackholeRule.ID).isEmpty());
        assertTrue(LabBundles.findings(LabBundles.view("double-hop"), BlackholeRule.ID).isEmpty());
    }
}
