package io.hoptrace.rules.catalog.bgp;

import io.hoptrace.decoders.SharedData;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionDownRuleTest {
    private static List<Finding> shared(String file) {
        return LabBundles.findings(LabBundles.view(SharedData.file(file)), SessionDownRule.ID);
    }

    @Test
    void labHoldTimerAndAdministrativeShutdown() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("bgp-down"), SessionDownRule.ID);
        assertEquals(2, fs.size(), fs.toString());
        assertEquals(Severity.ERROR, fs.get(0).severity());
        assertTrue(fs.get(0).summary().contains("node-c (192.168.50.13) -> node-b (192.168.50.12)"),
                fs.get(0).summary());
        assertTrue(fs.get(0).summary().endsWith("hold timer expired"), fs.get(0).summary());
        assertTrue(fs.get(1).summary().contains("cease / administrative shutdown"), fs.get(1).summary());
        assertEquals("node-a", fs.get(1).node());
    }

    @Test
    void sharedNotificationsWithTheirReasons() {
        assertTrue(shared("pcap/tcpdump/bgp-cease-hard-reset.pcap").get(0).summary().contains("cease / hard reset"));
        assertTrue(shared("pcap/tcpdump/bgp-4byte-asn.pcap").get(0).summary()
                .contains("cease / other configuration change"));
        Finding comm = shared("pcap/tcpdump/bgp-shutdown-communication.pcapng").get(0);
        assertTrue(comm.summary().contains("administrative shutdown (message: \"This is a test of the shutdown "
                + "communication system.\")"), comm.summary());
        assertEquals(Severity.WARNING, comm.severity());
    }

    @Test
    void keepalivesAreNoSessionDown() {
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), SessionDownRule.ID).isEmpty());
        assertTrue(shared("pcap/tcpdump/bgp-rt-prefix.pcap").isEmpty());
    }
}
