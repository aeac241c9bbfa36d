package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IptablesChain;
import io.hoptrace.decoders.state.IptablesConditions;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesRule;
import io.hoptrace.decoders.state.IptablesTable;
import io.hoptrace.decoders.state.IptablesTarget;
import io.hoptrace.decoders.state.IptablesTarget.NatDestination;
import io.hoptrace.rules.kubeproxy.TraceStep.Kind;
import io.hoptrace.rules.kubeproxy.TraceWalk.Frame;
import io.hoptrace.rules.kubeproxy.TraceWalk.Hook;
import io.hoptrace.rules.kubeproxy.TraceWalk.Walk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Walks the first packet of a connection through a node's nat and filter tables the way netfilter does:
 * nat PREROUTING (or OUTPUT for a local sender), the routing decision on the DNATed destination, filter INPUT
 * or FORWARD (OUTPUT), nat POSTROUTING. Jumps, gotos and RETURN nest as in the kernel; built-in chains end in
 * their policy. {@code statistic} splits the walk into branches with their probabilities, {@code recent} checks
 * (session affinity) into a conditional branch; marks are tracked, so KUBE-MARK-MASQ and KUBE-POSTROUTING act
 * as they do. Rules it cannot decide are taken as not matching and listed. raw and mangle are not walked.
 */
public final class IptablesTracer {
    /** kube-proxy's default masquerade bit when the dump has no KUBE-MARK-MASQ rule to read it from. */
    public static final long DEFAULT_MASQUERADE_MARK = 0x4000;
    static final int MAX_DEPTH = 64;
    static final int MAX_RULES_PER_BRANCH = 1_000_000;
    static final int MAX_BRANCHES = 100_000;

    private final IptablesDump dump;
    private final ChainCatalog catalog;
    private final long masqueradeMark;

    public IptablesTracer(IptablesDump dump, ChainCatalog catalog) {
        this.dump = dump;
        this.catalog = catalog;
        this.masqueradeMark = masqueradeMark(dump);
    }

    /** The bits KUBE-MARK-MASQ sets ({@code --or-mark 0x4000}, or {@code --set-xmark 0x4000/0x4000} before 1.25). */
    static long masqueradeMark(IptablesDump dump) {
        IptablesChain c = dump.chain("nat", "KUBE-MARK-MASQ");
        if (c != null) {
            for (IptablesRule r : c.rules()) {
                IptablesTarget.MarkAction a = r.target() == null ? null : r.target().markAction();
                if (a != null && a.apply(0) != 0) {
                    return a.apply(0);
                }
            }
        }
        return DEFAULT_MASQUERADE_MARK;
    }

    public long masqueradeMark() {
        return masqueradeMark;
    }

    /**
     * Traces {@code packet}. {@code localAddresses} are the node's own addresses (canonical text; loopback is
     * always local); null when unknown, which leaves {@code addrtype} on non-loopback addresses undecided.
     */
    public PacketTrace trace(Packet packet, Origin origin, Set<String> localAddresses) {
        RuleMatcher matcher = new RuleMatcher(localAddresses);
        List<String> notes = new ArrayList<>();
        for (String t : List.of("nat", "filter")) {
            if (dump.table(t) == null) {
                notes.add("the dump has no *" + t + " table; its hooks were skipped");
            }
        }
        Deque<Walk> pending = new ArrayDeque<>();
        pending.push(new Walk(packet, origin, catalog, masqueradeMark));
        List<TraceBranch> done = new ArrayList<>();
        while (!pending.isEmpty()) {
            Walk w = pending.pop();
            run(w, matcher, pending);
            done.add(w.result());
            if (done.size() + pending.size() > MAX_BRANCHES) {
                notes.add("stopped after " + MAX_BRANCHES + " branches");
                break;
            }
        }
        return new PacketTrace(packet, origin, localAddresses != null, done, notes);
    }

    private void run(Walk w, RuleMatcher matcher, Deque<Walk> pending) {
        while (!w.finished) {
            if (w.depth == 0) {
                Hook h = w.nextHook(matcher);
                if (h == null) {
                    w.finished = true;
                    break;
                }
                enter(w, h);
                continue;
            }
            Frame f = w.frames[w.depth - 1];
            if (f.next >= f.rules.size()) {
                endOfChain(w, f);
                continue;
            }
            int position = ++f.next;
            IptablesRule r = f.rules.get(position - 1);
            if (++w.evaluated > MAX_RULES_PER_BRANCH) {
                w.assumptions.add("stopped after " + MAX_RULES_PER_BRANCH + " rules (a loop?)");
                w.finished = true;
                break;
            }
            RuleMatcher.Result m = matcher.match(r, w.view());
            if (m == RuleMatcher.Result.NO_MATCH) {
                continue;
            }
            if (m == RuleMatcher.Result.UNDECIDED) {
                w.assumptions.add(f.table + " " + f.chain + " line " + r.lineNumber()
                        + " taken as not matching: " + String.join(", ", matcher.reasons()));
                continue;
            }
            IptablesConditions.Statistic stat = r.statistic();
            if (stat != null) {
                double p = stat.chance();
                if (p <= 0) {
                    continue;
                }
                if (p < 1) {
                    Walk other = w.copy();
                    other.probability *= 1 - p;
                    other.step(f, r, position, Kind.NOT_TAKEN, String.format("statistic p=%.4f not taken", p));
                    pending.push(other);
                    w.probability *= p;
                }
            } else if (r.recent() != null && r.recent().testsHistory()) {
                IptablesConditions.Recent rc = r.recent();
                Walk other = w.copy();
                other.step(f, r, position, Kind.NOT_TAKEN, "recent " + rc.name() + " not matched (new client)");
                pending.push(other);
                w.conditional = true;
                w.conditions.add("the client is in recent list " + rc.name()
                        + (rc.seconds() > 0 ? " (seen within " + rc.seconds() + " s: session affinity)" : ""));
            }
            act(w, f, r, position);
        }
    }

    private void enter(Walk w, Hook h) {
        w.hooks.add(h.table + " " + h.chain);
        IptablesTable t = dump.table(h.table);
        if (t == null) {
            w.hookIndex++;
            return;
        }
        IptablesChain c = t.chain(h.chain);
        List<IptablesRule> rules;
        String policy;
        boolean synthetic = false;
        if (c != null) {
            rules = c.rules();
            policy = c.policy();
        } else {
            rules = KubeProxyJumps.into(t, h.chain);
            policy = null;
            synthetic = true;
            if (!rules.isEmpty()) {
                w.assumptions.add(h.table + " " + h.chain + " is not in the dump: kube-proxy's own jumps assumed");
            }
        }
        Frame f = new Frame(h.table, h.chain, rules, true, policy, synthetic);
        w.push(f);
        w.steps.add(new TraceStep(h.table, h.chain, catalog.get(h.chain), c == null ? 0 : c.declaredAt(), 0,
                rules.size(), "", Kind.HOOK, synthetic ? "kube-proxy's standard jumps (chain not in dump)" : ""));
    }

    /** Falling off a chain, or RETURN: back to the caller, or the built-in chain's policy. */
    private void endOfChain(Walk w, Frame f) {
        if (!f.builtIn) {
            w.depth--;
            return;
        }
        String policy = f.policy == null ? "ACCEPT" : f.policy;
        TraceStep s = new TraceStep(f.table, f.chain, catalog.get(f.chain), 0, 0, f.rules.size(),
                "", Kind.POLICY, "policy " + policy + (f.policy == null ? " (assumed: the dump does not say)" : ""));
        w.steps.add(s);
        if (policy.equals("DROP")) {
            w.verdict(TraceBranch.Verdict.DROP, s);
            return;
        }
        w.hookDone();
    }

    private void act(Walk w, Frame f, IptablesRule r, int position) {
        IptablesTarget t = r.target();
        if (t == null) {
            return;
        }
        String name = t.name();
        IptablesTable table = dump.table(f.table);
        IptablesChain target = table == null ? null : table.chain(name);
        if (target != null) {
            if (w.depth >= MAX_DEPTH) {
                w.assumptions.add("jump to " + name + " at line " + r.lineNumber() + " ignored: chains nest deeper than "
                        + MAX_DEPTH);
                return;
            }
            w.step(f, r, position, t.isGoto() ? Kind.GOTO : Kind.JUMP, name);
            Frame next = new Frame(f.table, name, target.rules(), false, null, false);
            if (t.isGoto()) {
                Frame replaced = w.frames[w.depth - 1];
                next = new Frame(f.table, name, target.rules(), replaced.builtIn, replaced.policy, false);
                w.depth--;
            }
            w.push(next);
            return;
        }
        switch (name) {
            case "RETURN" -> {
                w.step(f, r, position, Kind.RETURN, "");
                endOfChain(w, f);
            }
            case "ACCEPT" -> {
                w.step(f, r, position, Kind.ACCEPT, "");
                if (f.table.equals("filter")) {
                    w.acceptStep = w.steps.get(w.steps.size() - 1);
                }
                w.hookDone();
            }
            case "DROP", "REJECT" -> {
                w.step(f, r, position, name.equals("DROP") ? Kind.DROP : Kind.REJECT, "");
                w.verdict(name.equals("DROP") ? TraceBranch.Verdict.DROP : TraceBranch.Verdict.REJECT,
                        w.steps.get(w.steps.size() - 1));
            }
            case "DNAT", "REDIRECT" -> {
                dnat(w, f, r, position, t);
                w.hookDone();
            }
            case "SNAT", "MASQUERADE" -> {
                String to = t.natDestinations().isEmpty() ? "the output interface's address"
                        : t.natDestinations().get(0).text();
                w.step(f, r, position, Kind.SNAT, name + " to " + to);
                w.snatStep = w.steps.get(w.steps.size() - 1);
                w.hookDone();
            }
            case "MARK" -> {
                IptablesTarget.MarkAction a = t.markAction();
                if (a == null) {
                    w.assumptions.add("MARK at line " + r.lineNumber() + " unreadable; mark unchanged");
                } else {
                    w.mark = a.apply(w.mark);
                }
                w.step(f, r, position, Kind.TARGET, String.format("mark now 0x%x", w.mark));
            }
            case "QUEUE", "NFQUEUE" -> {
                w.step(f, r, position, Kind.TARGET, "queued to a userspace program; its verdict is unknown");
                w.assumptions.add("line " + r.lineNumber() + ": " + name + " taken as ACCEPT");
                w.hookDone();
            }
            default -> {
                if (IptablesTarget.BUILT_IN_TARGETS.contains(name)) {
                    w.step(f, r, position, Kind.TARGET, name);
                } else {
                    w.step(f, r, position, Kind.MISSING_CHAIN, "chain " + name + " is not in the dump");
                    w.assumptions.add("jump to " + name + " at line " + r.lineNumber()
                            + ": chain not in the dump, taken as returning");
                }
            }
        }
    }

    private void dnat(Walk w, Frame f, IptablesRule r, int position, IptablesTarget t) {
        if (t.name().equals("REDIRECT")) {
            IptablesTarget.Option ports = t.option("--to-ports");
            int port = ports == null || ports.values().isEmpty() ? w.dstPort
                    : IptablesConditions.port(ports.values().get(0).split("[-:]")[0]);
            w.redirected = true;
            w.dstPort = port < 0 ? w.dstPort : port;
            NatDestination d = new NatDestination("local:" + w.dstPort, null, w.dstPort, w.dstPort);
            w.dnat = d;
            w.step(f, r, position, Kind.DNAT, "REDIRECT to local port " + w.dstPort);
            return;
        }
        List<NatDestination> ds = t.natDestinations();
        if (ds.isEmpty()) {
            w.assumptions.add("DNAT at line " + r.lineNumber() + " has no destination");
            w.step(f, r, position, Kind.DNAT, "without a destination");
            return;
        }
        NatDestination d = ds.get(0);
        if (d.address() != null) {
            w.dstIp = d.address().addressText();
            w.dstBytes = d.address().address();
        }
        if (d.hasPort()) {
            w.dstPort = d.portLow();
        }
        w.dnat = d;
        w.dnatChain = f.chain;
        String detail = "to " + d.text() + (d.address() == null ? " (no address: malformed rule)" : "")
                + (ds.size() > 1 ? " (" + ds.size() + " destinations in the rule)" : "");
        w.step(f, r, position, Kind.DNAT, detail);
    }
}
