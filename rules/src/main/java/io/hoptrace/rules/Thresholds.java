package io.hoptrace.rules;

import java.util.Map;
import java.util.TreeMap;

/**
 * The thresholds in force for one analysis: each {@link Threshold}'s default unless overridden by key. Immutable.
 * Unknown keys are rejected by {@link RuleCatalog#thresholds(Map)}, which knows every rule's thresholds.
 */
public record Thresholds(Map<String, String> overrides) {
    public Thresholds {
        overrides = Map.copyOf(new TreeMap<>(overrides));
    }

    public static Thresholds defaults() {
        return new Thresholds(Map.of());
    }

    public <T> T get(Threshold<T> t) {
        String v = overrides.get(t.key());
        return v == null ? t.defaultValue() : t.parse(v);
    }

    public long getLong(Threshold<Long> t) {
        return get(t);
    }

    public double getDouble(Threshold<Double> t) {
        return get(t);
    }
}
