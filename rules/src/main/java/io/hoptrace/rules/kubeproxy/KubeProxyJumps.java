package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesChain;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesRule;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.decoders.state.IptablesTable;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules kube-proxy (and kubelet) put into the built-in chains outside its restore input, in the order they
 * end up (each is prepended). A dump written as kube-proxy's restore input has no built-in chains; the tracer
 * then uses these, keeping only jumps to chains the dump has.
 */
final class KubeProxyJumps {
    private static final IptablesDump JUMPS = IptablesSaveParser.parse(String.join("\n",
            "*filter",
            "-A INPUT -m comment --comment \"kubelet firewall\" -j KUBE-FIREWALL",
            "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
            "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS",
            "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES",
            "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
            "-A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
            "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES",
            "-A OUTPUT -m comment --comment \"kubelet firewall\" -j KUBE-FIREWALL",
            "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
            "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "COMMIT",
            "*nat",
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
            "COMMIT", ""));

    private KubeProxyJumps() {
    }

    /** kube-proxy's jumps from {@code builtIn} to chains {@code table} holds; empty when there are none. */
    static List<IptablesRule> into(IptablesTable table, String builtIn) {
        IptablesChain c = JUMPS.chain(table.name(), builtIn);
        List<IptablesRule> out = new ArrayList<>();
        if (c != null) {
            for (IptablesRule r : c.rules()) {
                if (table.chain(r.targetName()) != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
