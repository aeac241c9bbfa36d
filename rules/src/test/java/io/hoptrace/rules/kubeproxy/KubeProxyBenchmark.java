package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.rules.cluster.ClusterIndex;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Parse, index and trace figures for a generated node of 5,000 Services and 20,000 endpoints (README,
 * "Benchmarks: kube-proxy rules"). Run through {@link KubeProxyBenchmarkRun}, or this main with the test classpath.
 * Medians after warm-up; a JMH harness would give tighter error bars, these are for orders of magnitude.
 */
public final class KubeProxyBenchmark {
    private KubeProxyBenchmark() {
    }

    public static void main(String[] args) {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int perService = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        GeneratedCluster g = GeneratedCluster.generate(services, perService);
        IptablesDump dump = IptablesSaveParser.parse(g.iptablesSave());
        System.out.printf(Locale.ROOT, "generated: %,d Services, %,d endpoints, %,d lines, %,d rules, %.1f MB%n",
                services, services * perService, dump.lineCount(), dump.ruleCount(),
                g.iptablesSave().length() / 1e6);

        System.out.println("medians of 11 runs after 5 warm-ups; wall clock / this thread's CPU time");
        double[] parse = median(11, () -> IptablesSaveParser.parse(g.iptablesSave()));
        ClusterIndex index = ClusterIndex.of(g.objects());
        double[] clusterIndex = median(11, () -> ClusterIndex.of(g.objects()));
        double[] catalog = median(11, () -> ChainCatalog.of(index).withCommentsOf(dump));
        double[] simulator = median(11, () -> new NodeSimulator(index, dump));
        print("parse iptables-save", parse);
        print("cluster index from fabric8 objects", clusterIndex);
        print("chain names (SHA-256 per Service port and endpoint)", catalog);
        print("parse + index + names", new double[] {parse[0] + clusterIndex[0] + catalog[0],
            parse[1] + clusterIndex[1] + catalog[1]});
        print("NodeSimulator: names + comment check + tracer", simulator);
        String json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    new io.fabric8.kubernetes.api.model.KubernetesListBuilder().withItems(g.objects()).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        double[] k8s = median(5, () -> ClusterIndex.of(io.hoptrace.rules.cluster.KubernetesJson.read(json)));
        print(String.format(Locale.ROOT, "k8s.json (%.1f MB) read by fabric8 + indexed", json.length() / 1e6), k8s);

        NodeSimulator sim = new NodeSimulator(index, dump);
        Set<String> local = Set.of(GeneratedCluster.NODE_IP);
        int[] which = {0, services / 2, services - 1};
        for (int i : which) {
            Packet p = Packet.of("10.200.0.1", GeneratedCluster.clusterIp(i), 80, "tcp");
            double[] us = traceMicros(sim, p, local);
            PacketTrace t = sim.tracer().trace(p, Origin.arriving(null), local);
            System.out.printf(Locale.ROOT, "trace to the ClusterIP at KUBE-SERVICES rule %,5d: %7.1f µs wall %7.1f µs cpu, "
                    + "%,d rules evaluated, %d branches%n", i + 1, us[0], us[1], t.rulesEvaluated(), t.branches().size());
        }
        Packet np = Packet.of("203.0.113.9", GeneratedCluster.NODE_IP, g.nodePortOf(services - 10), "tcp");
        double[] us = traceMicros(sim, np, local);
        System.out.printf(Locale.ROOT, "trace to NodePort %d (all of KUBE-SERVICES, then KUBE-NODEPORTS): %7.1f µs wall "
                + "%7.1f µs cpu, %,d rules evaluated%n", np.destinationPort(), us[0], us[1],
                sim.tracer().trace(np, Origin.arriving(null), local).rulesEvaluated());
        Packet miss = Packet.of("10.200.0.1", "10.250.0.1", 80, "tcp");
        double[] m = traceMicros(sim, miss, local);
        System.out.printf(Locale.ROOT, "trace to a non-Service address: %7.1f µs wall %7.1f µs cpu%n", m[0], m[1]);
    }

    /** Median wall-clock and thread-CPU microseconds per trace. */
    static double[] traceMicros(NodeSimulator sim, Packet p, Set<String> local) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3000; i++) {
            sim.tracer().trace(p, Origin.arriving(null), local);
        }
        double[] wall = new double[7];
        double[] cpu = new double[7];
        for (int r = 0; r < wall.length; r++) {
            int n = 1000;
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sim.tracer().trace(p, Origin.arriving(null), local);
            }
            wall[r] = (System.nanoTime() - t0) / 1e3 / n;
            cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[wall.length / 2], cpu[cpu.length / 2]};
    }

    static void print(String what, double[] ms) {
        System.out.printf(Locale.ROOT, "%-52s %8.1f ms wall %8.1f ms cpu%n", what, ms[0], ms[1]);
    }

    /** Median wall-clock and thread-CPU milliseconds of {@code n} runs after 5 warm-up runs. */
    static double[] median(int n, Runnable work) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            work.run();
        }
        double[] wall = new double[n];
        double[] cpu = new double[n];
        for (int i = 0; i < n; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            work.run();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[n / 2], cpu[n / 2]};
    }
}
