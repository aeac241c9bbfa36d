package io.hoptrace.rules;

import io.hoptrace.rules.catalog.bgp.SessionDownRule;
import io.hoptrace.rules.catalog.mtu.BlackholeRule;
import io.hoptrace.rules.catalog.mtu.FragNeededRule;
import io.hoptrace.rules.catalog.mtu.FragmentedRule;
import io.hoptrace.rules.catalog.nat.DoubleHopRule;
import io.hoptrace.rules.catalog.nat.HairpinRule;

import java.util.List;

/** The rules hoptrace ships, in catalog order. Add a new rule here (see docs/RULES.md). */
final class StandardRules {
    private StandardRules() {
    }

    static List<Rule> all() {
        return List.of(
                new FragmentedRule(),
                new FragNeededRule(),
                new BlackholeRule(),
                new DoubleHopRule(),
                new HairpinRule(),
                new SessionDownRule());
    }
}
