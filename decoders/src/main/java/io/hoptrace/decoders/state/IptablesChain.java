package io.hoptrace.decoders.state;

import java.util.List;
import java.util.Set;

/**
 * A chain of one table: its policy ({@code ACCEPT}/{@code DROP} for built-in chains, null for user chains and
 * for restore input that writes {@code -}), its counters when the dump has them, and its rules in order.
 * {@code declaredAt} is the line of {@code :NAME ...}, or 0 when the chain only appears through {@code -A}.
 */
public record IptablesChain(String name, String policy, IptablesCounters counters, int declaredAt,
                            List<IptablesRule> rules) {
    /** The chains the kernel creates in every table that has them. */
    public static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    public IptablesChain {
        rules = List.copyOf(rules);
    }

    public boolean isBuiltIn() {
        return BUILT_IN.contains(name);
    }
}
