package io.hoptrace.rules;

import io.hoptrace.rules.catalog.bgp.RouteMissingRule;
import io.hoptrace.rules.catalog.bgp.SessionDownRule;
import io.hoptrace.rules.catalog.conntrack.DnsRetryRule;
import io.hoptrace.rules.catalog.conntrack.InsertFailedRule;
import io.hoptrace.rules.catalog.conntrack.InvalidDropRule;
import io.hoptrace.rules.catalog.conntrack.SynUnansweredRule;
import io.hoptrace.rules.catalog.conntrack.TableFullRule;
import io.hoptrace.rules.catalog.host.IpForwardOffRule;
import io.hoptrace.rules.catalog.host.SomaxconnLowRule;
import io.hoptrace.rules.catalog.kubeproxy.IptablesScaleRule;
import io.hoptrace.rules.catalog.mtu.BlackholeRule;
import io.hoptrace.rules.catalog.mtu.FragNeededRule;
import io.hoptrace.rules.catalog.mtu.FragmentedRule;
import io.hoptrace.rules.catalog.mtu.MismatchRule;
import io.hoptrace.rules.catalog.mtu.MssTooLargeRule;
import io.hoptrace.rules.catalog.nat.DoubleHopRule;
import io.hoptrace.rules.catalog.nat.HairpinRule;
import io.hoptrace.rules.catalog.overlay.IpipSameSubnetRule;
import io.hoptrace.rules.catalog.overlay.OverheadRule;
import io.hoptrace.rules.catalog.policy.NoDefaultDenyRule;

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
                new MssTooLargeRule(),
                new MismatchRule(),
                new TableFullRule(),
                new InsertFailedRule(),
                new SynUnansweredRule(),
                new InvalidDropRule(),
                new DnsRetryRule(),
                new DoubleHopRule(),
                new HairpinRule(),
                new IptablesScaleRule(),
                new SessionDownRule(),
                new RouteMissingRule(),
                new IpipSameSubnetRule(),
                new OverheadRule(),
                new NoDefaultDenyRule(),
                new IpForwardOffRule(),
                new SomaxconnLowRule());
    }
}
