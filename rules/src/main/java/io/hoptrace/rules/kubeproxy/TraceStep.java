package io.hoptrace.rules.kubeproxy;

/**
 * One rule that acted on the packet (or a chain policy, or a hook entered), in a chain whose meaning is
 * {@code chainMeaning} (null when the catalog cannot name it). {@code position} is the rule's
 * 1-based place in its chain of {@code chainLength} rules: how deep into KUBE-SERVICES a Service sits is the
 * O(n) cost iptables mode pays. {@code lineNumber} is 0 for kube-proxy's standard jumps the dump did not contain.
 */
public record TraceStep(String table, String chain, ChainMeaning chainMeaning, int lineNumber, int position,
                        int chainLength, String rule, Kind kind, String detail) {
    public enum Kind {
        /** A built-in chain entered at a netfilter hook. */
        HOOK,
        JUMP,
        GOTO,
        RETURN,
        /** A non-terminating target: MARK, LOG, CONNMARK... */
        TARGET,
        DNAT,
        SNAT,
        ACCEPT,
        DROP,
        REJECT,
        /** The built-in chain's policy decided. */
        POLICY,
        /** A statistic or recent match that was not taken on this branch. */
        NOT_TAKEN,
        /** A jump to a chain the dump does not hold (partial restore input, excerpt). */
        MISSING_CHAIN
    }

    /** The chain name with its meaning in parentheses, or the bare name. */
    public String chainLabel() {
        return chainMeaning == null || chainMeaning.label().isEmpty() ? chain : chain + " (" + chainMeaning.label() + ")";
    }

    public boolean synthetic() {
        return lineNumber == 0 && kind != Kind.HOOK && kind != Kind.POLICY;
    }

    @Override
    public String toString() {
        return table + " " + chain + (position > 0 ? " #" + position : "") + " " + kind
                + (detail.isEmpty() ? "" : " " + detail);
    }
}
