package io.hoptrace.rules.engine;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.model.Journey;
import org.junit.jupiter.api.Test;

class StitchingTest {
    @Test
    void dump() {
        for (String s : new String[] {"mtu-blackhole", "double-hop"}) {
            AnalysisView v = LabBundles.view(s);
            System.out.println("== " + s + " " + v.totals() + " flows=" + v.flows().size());
            for (Journey j : v.journeys()) {
                System.out.println("J" + j.id() + " " + j.flow() + " " + j.packet());
                j.hops().forEach(h -> System.out.println("    " + h.where() + " +" + h.delayMicros() + "us " + h.src()
                        + " > " + h.dst() + " " + h.encap() + " " + h.nat() + " " + h.packet() + " len " + h.length()
                        + " " + h.srcOwner() + " -> " + h.dstOwner()));
            }
            v.icmpErrors().forEach(System.out::println);
        }
    }
}
