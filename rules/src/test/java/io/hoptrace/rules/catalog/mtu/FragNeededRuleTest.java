package io.hoptrace.rules.catalog.mtu;

import io.hoptrace.decoders.SharedData;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FragNeededRuleTest {
    @Test
    void labBlackholeCarriesTheOverlayMtu() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("mtu-blackhole"), FragNeededRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertTrue(f.summary().contains("at most 1450 bytes"), f.summary());
        assertTrue(f.summary().contains("3 times"), f.summary());
        assertEquals("node-a", f.node());
        assertEquals(3, f.packets().size());
    }

    @Test
    void craftedIpipCarries1480() {
        List<Finding> fs = LabBundles.findings(LabBundles.view("ipip-crafted"), FragNeededRule.ID);
        assertEquals(1, fs.size());
        assertTrue(fs.get(0).summary().contains("at most 1480 bytes"), fs.get(0).summary());
    }

    @Test
    void sharedNeedFragCaptureCarries1500() {
        List<Finding> fs = LabBundles.findings(LabBundles.view(
                SharedData.file("pcap/suricata-verify/filestore-5408_input_needfrag.pcap")), FragNeededRule.ID);
        assertEquals(1, fs.size(), fs.toString());
        assertTrue(fs.get(0).summary().contains("at most 1500 bytes"), fs.get(0).summary());
    }

    @Test
    void noErrorNoFinding() {
        assertTrue(LabBundles.findings(LabBundles.view("baseline"), FragNeededRule.ID).isEmpty());
        assertTrue(LabBundles.findings(LabBundles.view("fragmentation"), FragNeededRule.ID).isEmpty());
    }
}
