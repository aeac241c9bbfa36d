package io.hoptrace.rules.model;

import io.hoptrace.decoders.state.ConntrackParser;
import io.hoptrace.decoders.state.ConntrackStats;
import io.hoptrace.decoders.state.ConntrackStatsParser;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.IpJsonAddrParser;
import io.hoptrace.decoders.state.IpJsonAddresses;
import io.hoptrace.decoders.state.IpJsonLinkParser;
import io.hoptrace.decoders.state.IpJsonLinks;
import io.hoptrace.decoders.state.IpJsonRouteParser;
import io.hoptrace.decoders.state.IpJsonRoutes;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.decoders.state.IpvsParser;
import io.hoptrace.decoders.state.IpvsTable;
import io.hoptrace.decoders.state.LineProblem;
import io.hoptrace.decoders.state.SysctlParser;
import io.hoptrace.decoders.state.SysctlSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the texts of a node's state files (already read by the caller) into a {@link NodeState}. Pure: no I/O.
 * A file that is absent stays null; a file that does not parse at all stays null with a problem; lines that do
 * not parse are reported and the rest is kept.
 */
public final class NodeStates {
    public static final String SYSCTL = "sysctl.txt";
    public static final String CONNTRACK = "conntrack.txt";
    public static final String CONNTRACK_STATS = "conntrack-stats.txt";
    public static final String IP_LINK = "ip-link.json";
    public static final String IP_ADDR = "ip-addr.json";
    public static final String IP_ROUTE = "ip-route.json";
    public static final String IPTABLES = "iptables-save.txt";
    public static final String IPVS = "ipvsadm.txt";

    /** The files a node directory is expected to hold (ipvsadm.txt only in IPVS mode, so not listed). */
    public static final List<String> EXPECTED = List.of(SYSCTL, CONNTRACK, CONNTRACK_STATS, IP_LINK, IP_ADDR,
            IP_ROUTE, IPTABLES);

    private NodeStates() {
    }

    /** A parsed node and the problems met, one sentence each, naming the file. */
    public record Parsed(NodeState state, List<String> problems) {
    }

    /** {@code files} maps a file name (sysctl.txt, ...) to its text; unknown names are ignored. */
    public static Parsed parse(String node, Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        SysctlSettings sysctl = part(node, SYSCTL, files, problems, t -> {
            SysctlSettings s = SysctlParser.parse(t);
            note(node, SYSCTL, s.problems(), problems);
            return s;
        });
        ConntrackTable conntrack = part(node, CONNTRACK, files, problems, t -> {
            ConntrackTable c = ConntrackParser.parse(t);
            note(node, CONNTRACK, c.problems(), problems);
            return c;
        });
        ConntrackStats stats = part(node, CONNTRACK_STATS, files, problems, t -> {
            ConntrackStats s = ConntrackStatsParser.parse(t);
            note(node, CONNTRACK_STATS, s.problems(), problems);
            return s;
        });
        IpJsonLinks links = part(node, IP_LINK, files, problems, t -> {
            IpJsonLinks l = IpJsonLinkParser.parse(t);
            note(node, IP_LINK, l.problems(), problems);
            return l;
        });
        IpJsonAddresses addrs = part(node, IP_ADDR, files, problems, t -> {
            IpJsonAddresses a = IpJsonAddrParser.parse(t);
            note(node, IP_ADDR, a.problems(), problems);
            return a;
        });
        IpJsonRoutes routes = part(node, IP_ROUTE, files, problems, t -> {
            IpJsonRoutes r = IpJsonRouteParser.parse(t);
            note(node, IP_ROUTE, r.problems(), problems);
            return r;
        });
        IptablesView iptables = part(node, IPTABLES, files, problems, SimpleIptables::parse);
        IpvsTable ipvs = part(node, IPVS, files, problems, IpvsParser::parse);
        IptablesDump dump = part(node, IPTABLES, files, problems, IptablesSaveParser::parse);
        return new Parsed(new NodeState(node, sysctl, conntrack, stats, links, addrs, routes, iptables, ipvs, dump),
                problems);
    }

    /** Host addresses (not loopback) of the nodes' ip-addr.json, to the node that has each. */
    public static Map<String, String> addressOwners(java.util.Collection<NodeState> nodes) {
        Map<String, String> owners = new java.util.HashMap<>();
        for (NodeState n : nodes) {
            if (n.addresses() != null) {
                for (io.hoptrace.decoders.state.IpJsonAddress a : n.addresses().addresses()) {
                    if (a.local() != null && !a.local().isLoopbackAddress()) {
                        owners.putIfAbsent(io.hoptrace.decoders.state.InetLiteral.format(a.local()), n.name());
                    }
                }
            }
        }
        return owners;
    }

    private interface TextParser<T> {
        T parse(String text);
    }

    private static <T> T part(String node, String file, Map<String, String> files, List<String> problems,
                              TextParser<T> parser) {
        String text = files.get(file);
        if (text == null) {
            return null;
        }
        try {
            return parser.parse(text);
        } catch (RuntimeException e) {
            problems.add("nodes/" + node + "/" + file + ": unreadable (" + e.getMessage() + "); left out");
            return null;
        }
    }

    private static void note(String node, String file, List<LineProblem> lines, List<String> problems) {
        if (!lines.isEmpty()) {
            LineProblem first = lines.get(0);
            problems.add("nodes/" + node + "/" + file + ": " + lines.size() + " line(s) not understood (line "
                    + first.line() + ": " + first.reason() + ")");
        }
    }
}
