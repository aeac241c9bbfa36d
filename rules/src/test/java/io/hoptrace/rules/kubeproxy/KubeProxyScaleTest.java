package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.rules.cluster.ClusterIndex;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scale target on a generated node of 5,000 Services and 20,000 endpoints. Budgets are in this
 * thread's CPU time, which a busy CI machine does not inflate the way it inflates wall-clock time, and are loose
 * (about 4x what the benchmark measures) so the test fails on a regression, not on noise.
 */
class KubeProxyScaleTest {
    static final double PARSE_AND_INDEX_CPU_MS = 1000;
    static final double TRACE_CPU_US = 1000;

    @Test
    void fiveThousandServicesParseIndexAndTrace() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        GeneratedCluster g = GeneratedCluster.generate(5000, 4);
        // one warm-up round, then the measured one
        IptablesDump dump = null;
        NodeSimulator sim = null;
        double cpuMs = 0;
        for (int round = 0; round < 2; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            dump = IptablesSaveParser.parse(g.iptablesSave());
            sim = new NodeSimulator(ClusterIndex.of(g.objects()), dump);
            cpuMs = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        assertEquals(List.of(), dump.problems());
        assertEquals(5000 + 1 + 5000 * 5 + 20000 * 2 + 500 * 3 + 7 + 4, dump.ruleCount());
        assertEquals(List.of(), sim.catalog().unnamedChains(dump), "every chain named from the Services");
        assertTrue(cpuMs < PARSE_AND_INDEX_CPU_MS, "parse + index took " + cpuMs + " ms of CPU");

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
        for (int i = 0; i < 200; i++) {
            sim.tracer().trace(last, Origin.arriving(null), local);
        }
        int n = 200;
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            sim.tracer().trace(last, Origin.arriving(null), local);
        }
        double us = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n;
        assertTrue(us < TRACE_CPU_US, "a trace through 5,000 KUBE-SERVICES rules took " + us + " µs of CPU");
    }
}
