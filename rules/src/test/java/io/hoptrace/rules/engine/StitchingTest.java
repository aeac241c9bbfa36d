package io.hoptrace.rules.engine;

import io.hoptrace.rules.Finding;
import io.hoptrace.rules.LabBundles;
import org.junit.jupiter.api.Test;

class StitchingTest {
    @Test
    void dump() {
        for (String s : new String[] {"baseline", "mtu-blackhole", "fragmentation", "syn-no-endpoint",
                "conntrack-invalid", "hairpin", "double-hop", "bgp-down", "ipip-crafted", "ipvs-crafted"}) {
            System.out.println("== " + s);
            for (Finding f : LabBundles.findings(s)) {
                System.out.println(f.severity() + " " + f.rule() + ": " + f.summary() + "\n   fix: " + f.fix()
                        + "\n   " + f.packets() + " j" + f.journey() + "/" + f.hop() + " " + f.objects() + " "
                        + f.evidence());
            }
        }
    }
}
