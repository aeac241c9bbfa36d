package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesTarget.NatDestination;

import java.util.List;

/**
 * One way through the rules. {@code probability} is the product of the statistic matches taken and not taken;
 * a {@code conditional} branch happens only when its {@code conditions} hold (session affinity: the client is in
 * a {@code recent} list), so its probability is not part of the split. {@code dnat} is the destination a DNAT
 * rule wrote (null without DNAT) and {@code endpoint} the KUBE-SEP chain that wrote it, in Kubernetes terms.
 * {@code verdictStep} is null when the packet passed every hook by chain policy. {@code masqueradeMarked} says
 * the masquerade mark was set during DNAT (KUBE-MARK-MASQ), {@code snatStep} the POSTROUTING rule that will
 * rewrite the source. {@code assumptions} list rules the tracer could not decide and took as not matching.
 */
public record TraceBranch(double probability, boolean conditional, List<String> conditions, List<TraceStep> steps,
                          NatDestination dnat, ChainMeaning endpoint, String destinationAfterNat,
                          Verdict verdict, TraceStep verdictStep, boolean masqueradeMarked, TraceStep snatStep,
                          int rulesEvaluated, List<String> hooks, List<String> assumptions) {
    public enum Verdict { ACCEPT, DROP, REJECT }

    public TraceBranch {
        conditions = List.copyOf(conditions);
        steps = List.copyOf(steps);
        hooks = List.copyOf(hooks);
        assumptions = List.copyOf(assumptions);
    }

    /** The chains entered, in order, starting at the first hook's built-in chain. */
    public List<TraceStep> chainPath() {
        return steps.stream().filter(s -> s.kind() == TraceStep.Kind.HOOK || s.kind() == TraceStep.Kind.JUMP
                || s.kind() == TraceStep.Kind.GOTO).toList();
    }

    /** What kube-proxy's own tracer reports: the DNAT destination, else a verdict a rule gave, else "". */
    public String kubeProxyOutput() {
        if (dnat != null) {
            return dnat.text();
        }
        return verdictStep == null ? "" : verdict.name();
    }
}
