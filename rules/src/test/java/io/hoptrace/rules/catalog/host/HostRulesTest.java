package io.hoptrace.rules.catalog.host;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.NodeStates;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostRulesTest {
    private static List<Finding> run(String rule, String node, String sysctl) {
        return run(rule, AnalysisView.builder().node(NodeStates.parse(node, Map.of(NodeStates.SYSCTL, sysctl))
                .state()).build());
    }

    private static List<Finding> run(String rule, AnalysisView v) {
        return RuleCatalog.standard().only(List.of(rule)).evaluate(v).findings();
    }

    private static final String SYSCTL = "net.core.somaxconn = 4096\n"
            + "net.ipv4.conf.all.forwarding = 1\n"
            + "net.ipv4.conf.cni0.forwarding = 1\n"
            + "net.ipv4.conf.default.forwarding = 1\n"
            + "net.ipv4.conf.flannel/1.forwarding = 1\n"
            + "net.ipv4.conf.lo.forwarding = 1\n"
            + "net.ipv4.ip_forward = 1\n";

    @Test
    void ipForwardOff() {
        List<Finding> fs = run(IpForwardOffRule.ID, "node-b", SYSCTL.replace("ip_forward = 1", "ip_forward = 0")
                .replace(".forwarding = 1", ".forwarding = 0"));
        assertEquals(1, fs.size(), "one finding for the node, not one per interface: " + fs);
        Finding f = fs.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("node-b", f.node());
        assertTrue(f.summary().startsWith("node-b does not forward IPv4 (net.ipv4.ip_forward = 0): its pods cannot"
                + " reach pods on other nodes"), f.summary());
        assertTrue(f.fix().startsWith("turn it on: sysctl -w net.ipv4.ip_forward=1 on node-b"), f.fix());
        assertEquals(List.of("node-b sysctl.txt:7: net.ipv4.ip_forward = 0"), f.evidence());
    }

    @Test
    void forwardingOffOnOneInterface() {
        List<Finding> fs = run(IpForwardOffRule.ID, "node-b", SYSCTL.replace("flannel/1.forwarding = 1",
                "flannel/1.forwarding = 0").replace("lo.forwarding = 1", "lo.forwarding = 0"));
        assertEquals(1, fs.size(), "lo does not count: " + fs);
        Finding f = fs.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.summary().startsWith("node-b does not forward IPv4 packets that arrive on flannel.1"
                + " (net.ipv4.conf.flannel/1.forwarding = 0)"), f.summary());
        assertEquals(List.of("node-b sysctl.txt:5: net.ipv4.conf.flannel/1.forwarding = 0",
                "node-b sysctl.txt:7: net.ipv4.ip_forward = 1"), f.evidence());
    }

    @Test
    void ipForwardOnOrUnknown() {
        assertEquals(List.of(), run(IpForwardOffRule.ID, "node-b", SYSCTL));
        assertEquals(List.of(), run(IpForwardOffRule.ID, "node-b", "net.core.somaxconn = 4096\n"));
        assertEquals(List.of(), LabBundles.findings(LabBundles.view("baseline"), IpForwardOffRule.ID));
    }

    @Test
    void somaxconnLow() {
        List<Finding> fs = run(SomaxconnLowRule.ID, "node-c", SYSCTL.replace("somaxconn = 4096", "somaxconn = 128"));
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().startsWith("node-c caps listen queues at 128 connections (net.core.somaxconn = 128,"
                + " below 1024)"), f.summary());
        assertTrue(f.fix().contains("sysctl -w net.core.somaxconn=4096"), f.fix());
        assertTrue(f.fix().contains("securityContext.sysctls"), f.fix());
        assertEquals(List.of("node-c sysctl.txt:1: net.core.somaxconn = 128"), f.evidence());
    }

    @Test
    void somaxconnAtTheThresholdOrAbove() {
        assertEquals(List.of(), run(SomaxconnLowRule.ID, "node-c", SYSCTL.replace("4096", "1024")));
        assertEquals(List.of(), LabBundles.findings(LabBundles.view("baseline"), SomaxconnLowRule.ID));
        AnalysisView stricter = AnalysisView.builder().node(NodeStates.parse("node-c", Map.of(NodeStates.SYSCTL,
                SYSCTL)).state()).thresholds(RuleCatalog.standard().thresholds(Map.of("host.somaxconn-low.min",
                "8192"))).build();
        assertEquals(1, run(SomaxconnLowRule.ID, stricter).size());
    }
}
