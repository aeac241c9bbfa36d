package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.DnsRetryEvent;
import io.hoptrace.rules.model.FlowKey;
import io.hoptrace.rules.model.Hop;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On crafted bundles (test resources io/hoptrace/rules/dns, made by make-captures.py there): retry/ has the A query
 * lost to the conntrack insert race and sent again 5 s later; ok/ is a normal exchange.
 */
class DnsRetryRuleTest {
    static AnalysisView bundle(String name) {
        try {
            return LabBundles.view(Path.of(DnsRetryRuleTest.class.getResource("/io/hoptrace/rules/dns/" + name)
                    .toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theEngineSeesTheSameQueryAgainAfterFiveSeconds() {
        List<DnsRetryEvent> r = bundle("retry").dnsRetries();
        assertEquals(1, r.size(), r.toString());
        DnsRetryEvent e = r.get(0);
        assertEquals(0x1a2b, e.id());
        assertEquals("web.demo.svc.cluster.local", e.name());
        assertEquals("A", e.type());
        assertEquals(2, e.attempt());
        assertTrue(e.answered());
        assertEquals(5_000_400_000L, e.gapNanos(), 1000);
        assertEquals("udp 10.244.0.10:45112 > 10.96.0.10:53", e.query().toString());
        assertEquals(new PacketRef("nodes/node-a/any.pcap", 1), e.first());
        assertEquals("vetha8a3d18b", e.iface());
    }

    @Test
    void retriedQueryToKubeDnsWithInsertFailedGrowing() {
        AnalysisView v = bundle("retry");
        List<Finding> fs = LabBundles.findings(v, DnsRetryRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity(), "the retry was answered: slow, not failed");
        assertEquals("pod demo/client-5c7f8d9b4-k2xq7 (10.244.0.10) waited 5.0 s (the resolver's timeout) and "
                + "re-sent DNS query A web.demo.svc.cluster.local (id 0x1a2b) to service kube-system/kube-dns "
                + "(10.96.0.10:53): the first was last seen at node-a cni0 (in) after DNAT to pod "
                + "kube-system/coredns-7db6d8ff4d-x2x9k (10.244.1.5), and node-a's conntrack -S insert_failed grew "
                + "by 1 (the conntrack insert race of parallel UDP queries)", f.summary());
        Hop stop = v.journey(f.journey()).orElseThrow().hops().get(f.hop());
        assertEquals("cni0", stop.iface(), "where the lost query was last seen");
        assertTrue(f.evidence().stream().anyMatch(x -> x.startsWith("node-a conntrack -S: insert_failed +1")),
                f.evidence().toString());
        assertTrue(f.fix().contains("single-request-reopen") && f.fix().contains("NodeLocal DNSCache"), f.fix());
        assertEquals(List.of(new PacketRef("nodes/node-a/any.pcap", 1), new PacketRef("nodes/node-a/any.pcap", 11)),
                f.packets());
    }

    @Test
    void aNormalExchangeAndANewLookupOfTheSameNameAreNoRetry() {
        AnalysisView v = bundle("ok");
        assertTrue(v.dnsRetries().isEmpty(), v.dnsRetries().toString());
        assertTrue(LabBundles.findings(v, DnsRetryRule.ID).isEmpty());
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), DnsRetryRule.ID).isEmpty());
    }

    @Test
    void aRepetitionSoonerThanTheThresholdIsNotARetry() {
        AnalysisView v = LabBundles.withThresholds(bundle("retry"), Map.of("conntrack.dns-retry.min-delay-ms",
                "6000"));
        assertTrue(LabBundles.findings(v, DnsRetryRule.ID).isEmpty());
    }

    @Test
    void unansweredRetriesAreAnError() {
        FlowKey q = new FlowKey("udp", 17, "10.244.0.10", "10.96.0.10", 45112, 53);
        DnsRetryEvent first = new DnsRetryEvent(new PacketRef("c.pcap", 1), new PacketRef("c.pcap", 5), "node-a",
                "eth0", 0, 5_000_000_000L, q, 7, "db.demo.svc.cluster.local", "A", 2, false, -1);
        DnsRetryEvent second = new DnsRetryEvent(new PacketRef("c.pcap", 5), new PacketRef("c.pcap", 9), "node-a",
                "eth0", 5_000_000_000L, 10_000_000_000L, q, 7, "db.demo.svc.cluster.local", "A", 3, false, -1);
        List<Finding> fs = LabBundles.findings(AnalysisView.builder().dnsRetries(List.of(first, second)).build(),
                DnsRetryRule.ID);
        assertEquals(1, fs.size());
        assertEquals(Severity.ERROR, fs.get(0).severity());
        assertEquals("10.244.0.10 waited 5.0 s (the resolver's timeout) and re-sent 2 DNS queries "
                + "(A db.demo.svc.cluster.local) to 10.96.0.10:53: the first got no answer; 2 retries got no answer "
                + "either", fs.get(0).summary());
        assertTrue(fs.get(0).fix().startsWith("if conntrack -S insert_failed grows on node-a, this is"));
    }
}
