package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code iptables-save} (legacy or nft, with or without {@code -c}) or an {@code iptables-restore} input
 * says: the tables in order, and the lines that could not be read as written.
 */
public record IptablesDump(List<IptablesTable> tables, List<IptablesProblem> problems, int lineCount) {
    public IptablesDump {
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
    }

    /** The table, or null. When a dump has two blocks of one table (a concatenation), the first. */
    public IptablesTable table(String name) {
        for (IptablesTable t : tables) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public IptablesChain chain(String tableName, String chainName) {
        IptablesTable t = table(tableName);
        return t == null ? null : t.chain(chainName);
    }

    public int ruleCount() {
        int n = 0;
        for (IptablesTable t : tables) {
            n += t.ruleCount();
        }
        return n;
    }

    /** Every rule of every table, in table then chain order. */
    public List<IptablesRule> rules() {
        List<IptablesRule> out = new ArrayList<>(ruleCount());
        for (IptablesTable t : tables) {
            for (IptablesChain c : t.chains().values()) {
                out.addAll(c.rules());
            }
        }
        return out;
    }

    /** Problems that made the parser drop a line. */
    public List<IptablesProblem> skippedLines() {
        return problems.stream().filter(IptablesProblem::skipped).toList();
    }
}
