package io.hoptrace.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleCatalogTest {
    private static Rule rule(String id, List<Finding> findings) {
        return new Rule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return id;
            }

            @Override
            public List<Finding> evaluate(AnalysisView view) {
                return findings;
            }
        };
    }

    @Test
    void worstFirstDedupedAndAFailingRuleIsolated() {
        Finding info = Finding.of("a.one", Severity.INFO, "i").dedupKey("k").build();
        Finding again = Finding.of("a.one", Severity.INFO, "i again").dedupKey("k").build();
        Finding error = Finding.of("b.two", Severity.ERROR, "e").build();
        Rule broken = new Rule() {
            @Override
            public String id() {
                return "c.broken";
            }

            @Override
            public String title() {
                return "throws";
            }

            @Override
            public List<Finding> evaluate(AnalysisView view) {
                throw new IllegalStateException("bug");
            }
        };
        RuleCatalog c = new RuleCatalog(List.of(rule("a.one", List.of(info, again)), broken,
                rule("b.two", List.of(error))));
        RuleCatalog.Result r = c.evaluate(AnalysisView.builder().build());
        assertEquals(List.of(error, info), r.findings());
        assertEquals(1, r.ruleFailures().size());
        assertTrue(r.ruleFailures().get(0).startsWith("c.broken"));
    }

    @Test
    void standardCatalogIdsAndThresholds() {
        RuleCatalog c = RuleCatalog.standard();
        assertTrue(c.ids().containsAll(List.of("mtu.fragmented", "mtu.frag-needed", "mtu.blackhole",
                "nat.double-hop", "nat.hairpin", "bgp.session-down")));
        for (String id : c.ids()) {
            assertTrue(id.matches("[a-z-]+\\.[a-z-]+"), id);
        }
        assertEquals("3", c.thresholds(Map.of("mtu.blackhole.min-packets", "3")).overrides()
                .get("mtu.blackhole.min-packets"));
        assertThrows(IllegalArgumentException.class, () -> c.thresholds(Map.of("nope", "1")));
        assertThrows(IllegalArgumentException.class, () -> c.thresholds(Map.of("mtu.blackhole.min-packets", "x")));
        assertThrows(IllegalArgumentException.class, () -> c.only(List.of("no.such")));
    }

    @Test
    void rulesSayNothingOnAnEmptyView() {
        assertTrue(RuleCatalog.standard().evaluate(AnalysisView.builder().build()).findings().isEmpty());
        assertTrue(RuleCatalog.standard().evaluate(AnalysisView.builder().build()).ruleFailures().isEmpty());
    }
}
