package io.hoptrace.rules.kubeproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The answer for one packet on one node: every branch through the rules, the outcomes they add up to, and what
 * the trace could not know. {@code rulesEvaluated} is the most rules any branch evaluated.
 */
public record PacketTrace(Packet packet, Origin origin, boolean localAddressesKnown, List<TraceBranch> branches,
                          List<String> notes) {
    public PacketTrace {
        branches = List.copyOf(branches);
        notes = List.copyOf(notes);
    }

    /**
     * Branches with the same DNAT destination, verdict, SNAT and conditions, merged, most likely first;
     * conditional outcomes (session affinity) come last.
     */
    public record Outcome(double probability, boolean conditional, List<String> conditions, String dnat,
                          ChainMeaning endpoint, TraceBranch.Verdict verdict, String verdictRule,
                          boolean masqueradeMarked, boolean snat, TraceBranch example) {
    }

    public List<Outcome> outcomes() {
        Map<List<Object>, Outcome> merged = new LinkedHashMap<>();
        for (TraceBranch b : branches) {
            String dnat = b.dnat() == null ? null : b.dnat().text();
            String verdictRule = b.verdictStep() == null ? null : b.verdictStep().table() + " "
                    + b.verdictStep().chain() + " line " + b.verdictStep().lineNumber();
            List<Object> key = java.util.Arrays.asList(b.conditional(), b.conditions(), dnat, b.verdict(),
                    verdictRule, b.masqueradeMarked(), b.snatStep() != null);
            Outcome prev = merged.get(key);
            double p = (prev == null ? 0 : prev.probability()) + b.probability();
            merged.put(key, new Outcome(p, b.conditional(), b.conditions(), dnat, b.endpoint(), b.verdict(),
                    verdictRule, b.masqueradeMarked(), b.snatStep() != null, prev == null ? b : prev.example()));
        }
        List<Outcome> out = new ArrayList<>(merged.values());
        out.sort((a, c) -> a.conditional() != c.conditional() ? Boolean.compare(a.conditional(), c.conditional())
                : Double.compare(c.probability(), a.probability()));
        return out;
    }

    public int rulesEvaluated() {
        int max = 0;
        for (TraceBranch b : branches) {
            max = Math.max(max, b.rulesEvaluated());
        }
        return max;
    }

    /** kube-proxy's TestTracePacket form: DNAT destinations (sorted, comma separated) or the verdict, or "". */
    public String kubeProxyOutput() {
        TreeSet<String> outs = new TreeSet<>();
        for (TraceBranch b : branches) {
            if (!b.conditional() && !b.kubeProxyOutput().isEmpty()) {
                outs.add(b.kubeProxyOutput());
            }
        }
        return String.join(", ", outs);
    }

    /** kube-proxy's masquerade flag: some unconditional branch was marked for masquerade. */
    public boolean masqueradeMarked() {
        return branches.stream().anyMatch(b -> !b.conditional() && b.masqueradeMarked());
    }

    public boolean anyAssumptions() {
        return branches.stream().anyMatch(b -> !b.assumptions().isEmpty());
    }

    @Override
    public String toString() {
        return packet + " " + origin + ": " + Objects.toString(kubeProxyOutput());
    }
}
