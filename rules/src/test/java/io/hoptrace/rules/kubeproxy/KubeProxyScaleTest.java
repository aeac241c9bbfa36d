package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.rules.cluster.ClusterIndex;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's workload, a generated node of 5,000 Services and 20,000 endpoints, checked for what it computes:
 * every rule read, every chain named, the O(n) walk and the probabilities. How long it takes is
 * {@link KubeProxyBenchmark}'s job (README, "Benchmarks: kube-proxy rules"), not a unit test's.
 */
class KubeProxyScaleTest {
    @Test
    void fiveThousandServicesParseIndexAndTrace() {
        GeneratedCluster g = GeneratedCluster.generate(5000, 4);
        IptablesDump dump = IptablesSaveParser.parse(g.iptablesSave());
        NodeSimulator sim = new NodeSimulator(ClusterIndex.of(g.objects()), dump);
        assertEquals(List.of(), dump.problems());
        assertEquals(5000 + 1 + 5000 * 5 + 20000 * 2 + 500 * 3 + 7 + 4, dump.ruleCount());
        assertEquals(List.of(), sim.catalog().unnamedChains(dump), "every chain named from the Services");

        Set<String> local = Set.of(GeneratedCluster.NODE_IP);
        Packet last = Packet.of("10.200.0.1", GeneratedCluster.clusterIp(4999), 80, "tcp");
        PacketTrace t = sim.tracer().trace(last, Origin.arriving(null), local);
        assertEquals(4, t.outcomes().size());
        for (PacketTrace.Outcome o : t.outcomes()) {
            assertEquals(0.25, o.probability(), 1e-9);
        }
        TraceStep svc = t.branches().get(0).steps().stream()
                .filter(s -> s.chain().equals("KUBE-SERVICES") && s.kind() == TraceStep.Kind.JUMP).findFirst().orElseThrow();
        assertEquals(5000, svc.position(), "the O(n) walk: the last Service is the 5,000th rule");
        assertTrue(t.rulesEvaluated() > 5000);
        PacketTrace again = sim.tracer().trace(last, Origin.arriving(null), local);
        assertEquals(t.rulesEvaluated(), again.rulesEvaluated(), "a trace leaves the simulator as it was");
    }
}
