package io.hoptrace.cli;

import io.hoptrace.decoders.state.ConntrackEntry;
import io.hoptrace.decoders.state.ConntrackMatch;
import io.hoptrace.decoders.state.ConntrackTuple;
import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.state.IpvsRealServer;
import io.hoptrace.decoders.state.IpvsService;
import io.hoptrace.rules.kubeproxy.ConntrackLookup;
import io.hoptrace.rules.kubeproxy.IpvsLookup;
import io.hoptrace.rules.kubeproxy.Packet;
import io.hoptrace.rules.kubeproxy.Simulation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The conntrack and IPVS parts of the {@code simulate} text: what the node already does with this flow. */
final class StateText {
    private StateText() {
    }

    static void write(Simulation sim, PrintWriter out) {
        if (sim.conntrack() != null) {
            List<ConntrackMatch> ms = sim.conntrack();
            out.println(ms.isEmpty() ? "Conntrack: no entry for this packet."
                    : "Conntrack: " + ms.size() + (ms.size() == ConntrackLookup.MAX_MATCHES ? "+" : "") + " entr"
                    + (ms.size() == 1 ? "y" : "ies") + ":");
            for (ConntrackMatch m : ms) {
                out.println("  " + entryLine(m, sim));
            }
            for (String n : sim.conntrackNotes()) {
                out.println("  ! " + n);
            }
            out.println();
        }
        if (sim.ipvsKnown()) {
            IpvsService s = sim.ipvs();
            if (s == null) {
                out.println("IPVS: no virtual service for " + Packet.hostPort(sim.packet().destinationIp(),
                        sim.packet().destinationPort()) + "/" + sim.packet().protocol() + ".");
            } else {
                out.println("IPVS: " + s.key() + " scheduler " + (s.scheduler() == null ? "not shown" : s.scheduler())
                        + (s.persistence() == null ? "" : ", persistent " + s.persistence().timeoutSeconds() + " s")
                        + ", " + s.realServers().size() + " real server" + (s.realServers().size() == 1 ? "" : "s")
                        + (s.realServers().isEmpty() ? " (connections are refused)" : ":"));
                for (IpvsRealServer r : s.realServers()) {
                    out.println("  " + realServerLine(s, r, sim));
                }
            }
            out.println();
        }
    }

    static String entryLine(ConntrackMatch m, Simulation sim) {
        ConntrackEntry e = m.entry();
        List<String> flags = new ArrayList<>();
        if (e.state() != null) {
            flags.add(e.state());
        }
        if (e.unreplied()) {
            flags.add("[UNREPLIED]");
        }
        if (e.assured()) {
            flags.add("[ASSURED]");
        }
        StringBuilder sb = new StringBuilder("line ").append(e.line()).append(": ").append(e.protocol()).append(' ')
                .append(String.join(" ", flags)).append(flags.isEmpty() ? "" : " ")
                .append(tuple(e.original())).append(", reply ").append(tuple(e.reply()));
        sb.append(m.direction().name().equals("REPLY") ? " (this packet is a reply)" : "");
        if (e.dnatDestination() != null) {
            String to = InetLiteral.format(e.dnatDestination().address());
            sb.append("; DNAT to ").append(ConntrackLookup.text(e.dnatDestination()));
            String owner = sim.ownerOf(to);
            if (owner != null) {
                sb.append(" (").append(owner).append(')');
            }
        }
        if (e.snatSource() != null) {
            sb.append("; SNAT to ").append(ConntrackLookup.text(e.snatSource()));
        }
        if (e.dnatDestination() == null && e.snatSource() == null) {
            sb.append("; no NAT");
        }
        if (e.timeout() >= 0) {
            sb.append("; expires in ").append(e.timeout()).append(" s");
        }
        return sb.toString();
    }

    private static String tuple(ConntrackTuple t) {
        if (t.sourcePort() == ConntrackTuple.ABSENT) {
            return InetLiteral.format(t.source()) + " > " + InetLiteral.format(t.destination());
        }
        return Packet.hostPort(InetLiteral.format(t.source()), t.sourcePort()) + " > "
                + Packet.hostPort(InetLiteral.format(t.destination()), t.destinationPort());
    }

    static String realServerLine(IpvsService s, IpvsRealServer r, Simulation sim) {
        StringBuilder sb = new StringBuilder(r.endpoint());
        if (r.forwarding() != null) {
            sb.append("  ").append(r.forwarding().listName());
        }
        if (r.weight() != IpvsRealServer.ABSENT) {
            sb.append("  weight ").append(r.weight());
        }
        double share = IpvsLookup.share(s, r);
        if (share >= 0) {
            sb.append(String.format(Locale.ROOT, "  %.1f%% of new connections", share * 100));
            if (r.weight() == 0) {
                sb.append(" (drained: terminating endpoint?)");
            }
        }
        if (r.activeConnections() != IpvsRealServer.ABSENT) {
            sb.append("  active ").append(r.activeConnections()).append(" inactive ").append(r.inactiveConnections());
        }
        String owner = sim.ownerOf(InetLiteral.format(r.address()));
        if (owner != null) {
            sb.append("  ").append(owner);
        }
        return sb.toString();
    }
}
