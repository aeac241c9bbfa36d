package io.hoptrace.rules.model;

import java.util.List;
import java.util.Set;

/**
 * A node's iptables rules as rules need them: per table and chain, in order, with counters when
 * {@code iptables-save -c} printed them. {@link SimpleIptables} reads iptables-save text line by line; the full
 * parser with typed matches (decoders.state.IptablesSaveParser) can stand behind this interface too.
 */
public interface IptablesView {
    /** The rules of one chain in order (empty when the chain does not exist). */
    List<IptablesLine> rules(String table, String chain);

    /** Chain names of a table. */
    Set<String> chains(String table);

    /** Number of rules in a table. */
    int ruleCount(String table);

    /**
     * One {@code -A} line.
     *
     * @param index   1-based position in its chain
     * @param text    the rule as iptables-save printed it, without the counters
     * @param packets packet counter, or -1 without -c
     * @param bytes   byte counter, or -1
     */
    record IptablesLine(String table, String chain, int index, String text, long packets, long bytes) {
        /** The {@code -j} (or {@code -g}) target, or "". */
        public String target() {
            String[] t = text.split("\\s+");
            for (int i = 0; i + 1 < t.length; i++) {
                if (t[i].equals("-j") || t[i].equals("-g")) {
                    return t[i + 1];
                }
            }
            return "";
        }

        /** {@code nat KUBE-SEP-XYZ #1 [12 pkts]: -A KUBE-SEP-XYZ -s 10.244.0.20/32 -j KUBE-MARK-MASQ}. */
        @Override
        public String toString() {
            return table + " " + chain + " #" + index + (packets >= 0 ? " [" + packets + " pkts]" : "") + ": "
                    + text;
        }
    }
}
