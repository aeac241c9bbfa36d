package io.hoptrace.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules by id. {@link #standard()} is every rule hoptrace ships; {@link #evaluate} runs them over a view,
 * isolates a rule that fails (its failure becomes a note, the others still run), removes duplicates by
 * {@link Finding#dedupKey()} and sorts worst first.
 */
public final class RuleCatalog {
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    public RuleCatalog(Collection<? extends Rule> rules) {
        for (Rule r : rules) {
            if (this.rules.putIfAbsent(r.id(), r) != null) {
                throw new IllegalArgumentException("two rules with id " + r.id());
            }
        }
    }

    /** Every rule hoptrace ships, registered in {@link StandardRules}. */
    public static RuleCatalog standard() {
        return new RuleCatalog(StandardRules.all());
    }

    public List<Rule> rules() {
        return List.copyOf(rules.values());
    }

    public Rule rule(String id) {
        return rules.get(id);
    }

    public Set<String> ids() {
        return rules.keySet();
    }

    /** This catalog restricted to the given ids; IllegalArgumentException for an id it does not have. */
    public RuleCatalog only(Collection<String> ids) {
        List<Rule> picked = new ArrayList<>();
        for (String id : ids) {
            Rule r = rules.get(id);
            if (r == null) {
                throw new IllegalArgumentException("unknown rule '" + id + "' (known: " + String.join(", ", ids())
                        + ")");
            }
            picked.add(r);
        }
        return new RuleCatalog(picked);
    }

    /** Thresholds from {@code KEY=VALUE} overrides, checked against the rules' declared thresholds. */
    public Thresholds thresholds(Map<String, String> overrides) {
        Map<String, Threshold<?>> known = new LinkedHashMap<>();
        for (Rule r : rules.values()) {
            for (Threshold<?> t : r.thresholds()) {
                known.put(t.key(), t);
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Threshold<?> t = known.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("unknown threshold '" + e.getKey() + "' (known: "
                        + String.join(", ", known.keySet()) + ")");
            }
            t.parse(e.getValue());
        }
        return new Thresholds(overrides);
    }

    /** What {@link #evaluate} returns: the findings, worst first, and the rules that failed. */
    public record Result(List<Finding> findings, List<String> ruleFailures) {
        public Result {
            findings = List.copyOf(findings);
            ruleFailures = List.copyOf(ruleFailures);
        }
    }

    public Result evaluate(AnalysisView view) {
        List<Finding> all = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Rule r : rules.values()) {
            Map<String, Finding> byKey = new LinkedHashMap<>();
            try {
                for (Finding f : r.evaluate(view)) {
                    byKey.putIfAbsent(f.dedupKey(), f);
                }
            } catch (RuntimeException e) {
                failures.add(r.id() + ": " + e);
                continue;
            }
            all.addAll(byKey.values());
        }
        all.sort(WORST_FIRST);
        return new Result(all, failures);
    }

    /** Severity (worst first), then rule id, then the first packet, so the order is stable. */
    public static final Comparator<Finding> WORST_FIRST = Comparator
            .comparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(Finding::rule)
            .thenComparing(f -> f.packets().isEmpty() ? "" : f.packets().get(0).toString())
            .thenComparing(Finding::summary);
}
