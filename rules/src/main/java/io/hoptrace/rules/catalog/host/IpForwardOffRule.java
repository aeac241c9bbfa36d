package io.hoptrace.rules.catalog.host;

import io.hoptrace.decoders.state.SysctlSettings;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.catalog.StateEvidence;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code host.ip-forward-off}: a node that does not route IPv4 between its interfaces. Pod traffic to other nodes,
 * Services whose endpoints live elsewhere and the outside world is routed by the node (cni0 to flannel.1 or eth0, and
 * back), so with {@code net.ipv4.ip_forward = 0} all of it is dropped; only pods on the same bridge still reach each
 * other. IPv4 also honours the switch per interface ({@code net.ipv4.conf.<if>.forwarding}: packets that arrive on
 * an interface where it is 0 are not forwarded), so an interface turned off alone is flagged too.
 */
public final class IpForwardOffRule implements Rule {
    public static final String ID = "host.ip-forward-off";

    /** conf.&lt;name&gt;.forwarding entries that are not an interface packets arrive on. */
    private static final Set<String> NOT_INTERFACES = Set.of("all", "default", "lo");
    private static final String CONF = "net.ipv4.conf.";
    private static final String FORWARDING = ".forwarding";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "IPv4 forwarding off on a node (net.ipv4.ip_forward = 0): its pods cannot reach other nodes";
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        List<Finding> out = new ArrayList<>();
        for (NodeState n : v.nodes().values()) {
            SysctlSettings s = n.sysctl();
            if (s == null) {
                continue;
            }
            Optional<Boolean> on = s.ipForward();
            String key = SysctlSettings.IP_FORWARD;
            if (on.isEmpty()) {
                key = CONF + "all" + FORWARDING;
                on = s.enabled(key);
            }
            if (on.isPresent() && !on.get()) {
                out.add(nodeOff(n.name(), s, key));
                continue;
            }
            for (Map.Entry<String, String> e : s.values().entrySet()) {
                String k = e.getKey();
                if (!k.startsWith(CONF) || !k.endsWith(FORWARDING)) {
                    continue;
                }
                String iface = k.substring(CONF.length(), k.length() - FORWARDING.length()).replace('/', '.');
                OptionalLong value = s.longValue(k);
                if (!NOT_INTERFACES.contains(iface) && value.isPresent() && value.getAsLong() == 0) {
                    out.add(interfaceOff(n.name(), s, k, iface));
                }
            }
        }
        return out;
    }

    private static Finding nodeOff(String node, SysctlSettings s, String key) {
        String summary = node + " does not forward IPv4 (" + key + " = 0): its pods cannot reach pods on other "
                + "nodes, Services backed by them or anything outside, and nothing from other nodes reaches its pods;"
                + " only pods on the same bridge still talk to each other";
        Finding.Builder f = Finding.of(ID, Severity.ERROR, summary)
                .fix("turn it on: sysctl -w net.ipv4.ip_forward=1 on " + node + ", and make it last in /etc/sysctl.d/"
                        + " (net.ipv4.ip_forward = 1, as kubeadm's preflight checks); then find what turned it off"
                        + " (a hardening profile, a network service that rewrote it)")
                .node(node).object(ObjectRef.node(node)).dedupKey(node + " all");
        StateEvidence.sysctl(node, s, key).ifPresent(f::evidence);
        return f.build();
    }

    private static Finding interfaceOff(String node, SysctlSettings s, String key, String iface) {
        String summary = node + " does not forward IPv4 packets that arrive on " + iface + " (" + key
                + " = 0), although forwarding is on for the node: traffic entering through " + iface
                + " is dropped instead of routed on";
        Finding.Builder f = Finding.of(ID, Severity.ERROR, summary)
                .fix("sysctl -w " + key + "=1 on " + node + " and persist it in /etc/sysctl.d/; setting"
                        + " net.ipv4.ip_forward=1 again also turns it on for every interface")
                .node(node).object(ObjectRef.node(node)).dedupKey(node + " " + iface);
        StateEvidence.sysctl(node, s, key).ifPresent(f::evidence);
        StateEvidence.sysctl(node, s, SysctlSettings.IP_FORWARD).ifPresent(f::evidence);
        return f.build();
    }
}
