package io.hoptrace.cli;

import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.kubeproxy.ChainMeaning;
import io.hoptrace.rules.kubeproxy.PacketTrace;
import io.hoptrace.rules.kubeproxy.Simulation;
import io.hoptrace.rules.kubeproxy.TraceBranch;
import io.hoptrace.rules.kubeproxy.TraceStep;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text report of {@code hoptrace simulate}: outcomes first, then the paths in Kubernetes terms, then the rules. */
final class SimulationText {
    /** Branches whose full path is printed; the rest are in the outcomes and in --format json. */
    static final int MAX_PATHS = 8;

    private SimulationText() {
    }

    static void write(Simulation sim, IptablesDump dump, boolean haveK8s, PrintWriter out) {
        PacketTrace t = sim.trace();
        out.println("Packet " + sim.packet() + " on " + (sim.node() == null ? "the node" : "node " + sim.node())
                + ", " + sim.origin());
        out.println("  to:   " + sim.destination());
        out.println("  from: " + sim.source());
        if (sim.service() != null) {
            List<EndpointInfo> eps = sim.serviceEndpoints();
            long ready = eps.stream().filter(EndpointInfo::ready).count();
            out.println("  Service " + sim.service().servicePort().name() + " has " + eps.size() + " endpoint"
                    + (eps.size() == 1 ? "" : "s") + " in its EndpointSlices (" + ready + " ready)"
                    + (eps.isEmpty() ? "" : ":"));
            for (EndpointInfo e : eps) {
                out.println("    " + e.endpoint() + endpointSuffix(e));
            }
        }
        out.println();
        out.println("Outcome" + (t.outcomes().size() == 1 ? "" : "s") + ":");
        for (PacketTrace.Outcome o : t.outcomes()) {
            out.println("  " + outcomeLine(o));
        }
        out.println();
        StateText.write(sim, out);
        int shown = 0;
        for (TraceBranch b : sortedBranches(t)) {
            if (shown++ == MAX_PATHS) {
                out.println("... " + (t.branches().size() - MAX_PATHS) + " more paths (--format json lists all)");
                break;
            }
            out.println("Path" + (t.branches().size() == 1 ? "" : String.format(Locale.ROOT, " %d of %d",
                    shown, t.branches().size())) + branchHeading(b) + ":");
            for (String line : pathLines(b, sim)) {
                out.println("  " + line);
            }
            out.println("  rules evaluated: " + b.rulesEvaluated() + servicesDepth(b));
            out.println();
        }
        java.util.Set<String> assumed = new java.util.LinkedHashSet<>();
        for (TraceBranch b : t.branches()) {
            assumed.addAll(b.assumptions());
        }
        if (!assumed.isEmpty()) {
            out.println("Assumed (the dump or the options do not say):");
            for (String a : assumed) {
                out.println("  " + a);
            }
            out.println();
        }
        TraceBranch first = sortedBranches(t).get(0);
        out.println("Rules that acted (path 1):");
        for (TraceStep s : first.steps()) {
            if (s.kind() == TraceStep.Kind.HOOK || s.kind() == TraceStep.Kind.POLICY) {
                continue;
            }
            out.println(String.format(Locale.ROOT, "  %-6s %-27s %s  %s", s.table(), s.chain(),
                    s.lineNumber() == 0 ? "(std)" : "l." + s.lineNumber(), s.rule()));
        }
        List<String> notes = new ArrayList<>(t.notes());
        if (!haveK8s) {
            notes.add("no k8s.json: chains are named from rule comments (hash-checked where possible)");
        }
        if (!t.localAddressesKnown()) {
            notes.add("node addresses unknown: addrtype LOCAL only matches loopback (give --node with k8s.json, "
                    + "or --local-address)");
        }
        if (!dump.problems().isEmpty()) {
            notes.add("the dump has " + dump.problems().size() + " line problem(s), " + dump.skippedLines().size()
                    + " skipped; first: " + dump.problems().get(0));
        }
        if (!notes.isEmpty()) {
            out.println();
            for (String n : notes) {
                out.println("note: " + n);
            }
        }
    }

    static List<TraceBranch> sortedBranches(PacketTrace t) {
        List<TraceBranch> bs = new ArrayList<>(t.branches());
        bs.sort((a, b) -> a.conditional() != b.conditional() ? Boolean.compare(a.conditional(), b.conditional())
                : Double.compare(b.probability(), a.probability()));
        return bs;
    }

    private static String endpointSuffix(EndpointInfo e) {
        StringBuilder sb = new StringBuilder();
        if (e.pod() != null) {
            sb.append("  pod ").append(e.pod());
        }
        if (e.nodeName() != null) {
            sb.append(" on ").append(e.nodeName());
        }
        sb.append(e.ready() ? "  ready" : e.terminating() ? "  terminating" : "  NOT ready");
        return sb.toString();
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%5.1f%%", p * 100);
    }

    private static String outcomeLine(PacketTrace.Outcome o) {
        StringBuilder sb = new StringBuilder();
        sb.append(o.conditional() ? "if " + String.join(" and ", o.conditions()) + ":\n    " : percent(o.probability()) + "  ");
        if (o.dnat() != null) {
            sb.append("DNAT to ").append(o.dnat());
            ChainMeaning m = o.endpoint();
            if (m != null && m.endpoint() != null && m.endpoint().pod() != null) {
                sb.append(", pod ").append(m.endpoint().pod());
                if (m.endpoint().nodeName() != null) {
                    sb.append(" on ").append(m.endpoint().nodeName());
                }
                if (!m.endpoint().ready()) {
                    sb.append(" (not ready)");
                }
            } else if (m != null) {
                sb.append(" (").append(m.chain()).append(")");
            }
            sb.append(", ");
        } else {
            sb.append("no DNAT, ");
        }
        sb.append(verdictText(o.verdict(), o.example()));
        if (o.snat()) {
            sb.append("; will be SNATed").append(o.masqueradeMarked() ? " (KUBE-MARK-MASQ)" : "")
                    .append(" by ").append(o.example().snatStep().chain());
        } else if (o.masqueradeMarked()) {
            sb.append("; marked for masquerade (KUBE-MARK-MASQ)");
        } else {
            sb.append("; not SNATed");
        }
        return sb.toString();
    }

    private static String verdictText(TraceBranch.Verdict v, TraceBranch b) {
        TraceStep s = b.verdictStep();
        String by = s == null ? " by chain policies"
                : s.kind() == TraceStep.Kind.POLICY ? " by the policy of " + s.table() + " " + s.chain()
                : " by " + s.table() + " " + s.chain() + " rule " + s.position() + " (line " + s.lineNumber() + ")";
        return switch (v) {
            case ACCEPT -> "accepted" + by;
            case DROP -> "DROPPED" + by;
            case REJECT -> "REJECTED" + by;
        };
    }

    private static String branchHeading(TraceBranch b) {
        if (b.conditional()) {
            return " (if " + String.join(" and ", b.conditions()) + ")";
        }
        return b.probability() < 1 ? " (" + percent(b.probability()).strip() + ")" : "";
    }

    /** One line per hook: the chains entered, each with its meaning, and what ended the hook. */
    static List<String> pathLines(TraceBranch b, Simulation sim) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = null;
        boolean roleShown = false;
        for (TraceStep s : b.steps()) {
            switch (s.kind()) {
                case HOOK -> {
                    if (line != null) {
                        lines.add(line.toString());
                    }
                    line = new StringBuilder(s.table()).append(' ').append(s.chain());
                }
                case JUMP, GOTO -> {
                    String label = sim.catalog().label(s.detail());
                    ChainMeaning m = sim.catalog().meaning(s.detail()).orElse(null);
                    if (!roleShown && m != null && sim.service() != null && m.service() != null
                            && m.service().equals(sim.service().servicePort().name())
                            && m.kind() != ChainMeaning.Kind.ENDPOINT) {
                        String svc = m.service().toString();
                        label = s.detail() + " (" + m.label().replaceFirst(java.util.regex.Pattern.quote(svc),
                                java.util.regex.Matcher.quoteReplacement(svc + " " + sim.service().role())) + ")";
                        roleShown = true;
                    }
                    line.append(s.kind() == TraceStep.Kind.GOTO ? " ⇒ " : " → ").append(label);
                }
                case DNAT -> line.append(" → DNAT ").append(s.detail().replaceFirst("^to ", ""));
                case SNAT -> line.append(" → ").append(s.detail());
                case ACCEPT, DROP, REJECT, RETURN -> line.append(" → ").append(s.kind());
                case MISSING_CHAIN -> line.append(" → ").append(s.detail());
                case POLICY -> line.append(" → ").append(s.detail());
                case TARGET -> {
                    if (s.detail().startsWith("mark")) {
                        line.append(" [").append(s.detail()).append(']');
                    }
                }
                default -> {
                }
            }
        }
        if (line != null) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String servicesDepth(TraceBranch b) {
        for (TraceStep s : b.steps()) {
            if (s.chain().equals("KUBE-SERVICES") && s.table().equals("nat")
                    && (s.kind() == TraceStep.Kind.JUMP || s.kind() == TraceStep.Kind.GOTO)) {
                return " (KUBE-SERVICES matched at rule " + s.position() + " of " + s.chainLength() + ")";
            }
        }
        return "";
    }
}
