package io.hoptrace.rules.model;

import io.hoptrace.decoders.state.ConntrackStats;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.IpJsonAddresses;
import io.hoptrace.decoders.state.IpJsonLink;
import io.hoptrace.decoders.state.IpJsonLinks;
import io.hoptrace.decoders.state.IpJsonRoutes;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IpvsTable;
import io.hoptrace.decoders.state.SysctlSettings;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One node's state as parsed from its bundle files (nodes/&lt;node&gt;/...). Built by the caller, which does the I/O
 * ({@link NodeStates#parse} turns file texts into this). Every part is null when its file was missing or unreadable;
 * rules check before use and say nothing rather than guess.
 *
 * @param name            node name
 * @param sysctl          sysctl.txt
 * @param conntrack       conntrack.txt ({@code conntrack -L})
 * @param conntrackStats  conntrack-stats.txt ({@code conntrack -S} samples)
 * @param links           ip-link.json
 * @param addresses       ip-addr.json
 * @param routes          ip-route.json
 * @param iptables        iptables-save.txt
 * @param ipvs            ipvsadm.txt
 * @param iptablesDump    iptables-save.txt through the full parser (typed matches and targets, kube-proxy's
 *                        chains): for rules that trace or count rules; {@code iptables} is the simple line view
 */
public record NodeState(String name, SysctlSettings sysctl, ConntrackTable conntrack, ConntrackStats conntrackStats,
                        IpJsonLinks links, IpJsonAddresses addresses, IpJsonRoutes routes, IptablesView iptables,
                        IpvsTable ipvs, IptablesDump iptablesDump) {
    public static NodeState empty(String name) {
        return new NodeState(name, null, null, null, null, null, null, null, null, null);
    }

    /** The interface with this kernel index, from ip-link.json (or the link part of ip-addr.json). */
    public Optional<IpJsonLink> link(long ifindex) {
        if (links != null) {
            Optional<IpJsonLink> l = links.byIndex(ifindex);
            if (l.isPresent()) {
                return l;
            }
        }
        if (addresses != null) {
            return addresses.interfaces().stream().filter(i -> i.ifindex() == ifindex).findFirst();
        }
        return Optional.empty();
    }

    public Optional<IpJsonLink> link(String name) {
        if (links != null) {
            Optional<IpJsonLink> l = links.byName(name);
            if (l.isPresent()) {
                return l;
            }
        }
        if (addresses != null) {
            return addresses.interfaces().stream().filter(i -> name.equals(i.name())).findFirst();
        }
        return Optional.empty();
    }

    /** The MTU of an interface by name, when ip-link.json (or ip-addr.json) lists it. */
    public OptionalLong mtu(String iface) {
        return link(iface).filter(l -> l.mtu() > 0).map(l -> OptionalLong.of(l.mtu())).orElse(OptionalLong.empty());
    }
}
