package io.hoptrace.decoders.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code *table ... COMMIT} block: chains in the order first seen, and chains deleted by {@code -X} lines
 * (kube-proxy's restore input deletes stale chains that way). {@code committed} is false when the block ended
 * without {@code COMMIT} (an excerpt, a truncated file).
 */
public final class IptablesTable {
    private final String name;
    private final Map<String, IptablesChain> chains;
    private final List<String> deletedChains;
    private final int startLine;
    private final boolean committed;

    IptablesTable(String name, Map<String, IptablesChain> chains, List<String> deletedChains, int startLine,
                  boolean committed) {
        this.name = name;
        this.chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
        this.deletedChains = List.copyOf(deletedChains);
        this.startLine = startLine;
        this.committed = committed;
    }

    public String name() {
        return name;
    }

    /** Chains by name, in the order first seen. */
    public Map<String, IptablesChain> chains() {
        return chains;
    }

    public IptablesChain chain(String chainName) {
        return chains.get(chainName);
    }

    public List<String> deletedChains() {
        return deletedChains;
    }

    /** The line of {@code *name}, or 0 for rules read before any table line. */
    public int startLine() {
        return startLine;
    }

    public boolean committed() {
        return committed;
    }

    public int ruleCount() {
        int n = 0;
        for (IptablesChain c : chains.values()) {
            n += c.rules().size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "*" + name + " (" + chains.size() + " chains, " + ruleCount() + " rules)";
    }
}
