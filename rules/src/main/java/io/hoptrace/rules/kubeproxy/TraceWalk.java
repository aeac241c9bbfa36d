package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.IpPrefix;
import io.hoptrace.decoders.state.IptablesRule;
import io.hoptrace.decoders.state.IptablesTarget.NatDestination;
import io.hoptrace.rules.kubeproxy.TraceStep.Kind;

import java.util.ArrayList;
import java.util.List;

/** The walk state of {@link IptablesTracer}: the netfilter hooks, the chain stack, and one branch's packet. */
final class TraceWalk {
    private TraceWalk() {
    }

    enum Hook {
        NAT_PREROUTING("nat", "PREROUTING"), NAT_OUTPUT("nat", "OUTPUT"), FILTER_INPUT("filter", "INPUT"),
        FILTER_FORWARD("filter", "FORWARD"), FILTER_OUTPUT("filter", "OUTPUT"), NAT_POSTROUTING("nat", "POSTROUTING");

        final String table;
        final String chain;

        Hook(String table, String chain) {
            this.table = table;
            this.chain = chain;
        }
    }

    static final class Frame {
        final String table;
        final String chain;
        final List<IptablesRule> rules;
        final boolean builtIn;
        final String policy;
        final boolean synthetic;
        int next;

        Frame(String table, String chain, List<IptablesRule> rules, boolean builtIn, String policy, boolean synthetic) {
            this.table = table;
            this.chain = chain;
            this.rules = rules;
            this.builtIn = builtIn;
            this.policy = policy;
            this.synthetic = synthetic;
        }

        Frame copy() {
            Frame f = new Frame(table, chain, rules, builtIn, policy, synthetic);
            f.next = next;
            return f;
        }
    }

    /** One branch being walked; copied when a statistic or recent match splits it. */
    static final class Walk {
        final ChainCatalog catalog;
        final long masqueradeMark;
        final Packet packet;
        final Origin origin;
        Frame[] frames = new Frame[8];
        int depth;
        int hookIndex;
        List<Hook> plan = new ArrayList<>(4);
        long mark;
        String dstIp;
        byte[] dstBytes;
        int dstPort;
        final byte[] srcBytes;
        RuleMatcher.View view;
        int viewHook = -1;
        long viewMark;
        String viewDst;
        int viewDstPort;
        TraceStep viewSnat;
        NatDestination dnat;
        String dnatChain;
        boolean redirected;
        TraceStep snatStep;
        TraceStep acceptStep;
        TraceStep verdictStep;
        TraceBranch.Verdict verdict = TraceBranch.Verdict.ACCEPT;
        boolean masqueradeMarked;
        boolean dstLocal;
        double probability = 1;
        boolean conditional;
        List<String> conditions = new ArrayList<>(0);
        List<TraceStep> steps = new ArrayList<>();
        List<String> assumptions = new ArrayList<>(0);
        List<String> hooks = new ArrayList<>(4);
        int evaluated;
        boolean finished;

        Walk(Packet packet, Origin origin, ChainCatalog catalog, long masqueradeMark) {
            this.catalog = catalog;
            this.masqueradeMark = masqueradeMark;
            this.packet = packet;
            this.origin = origin;
            this.dstIp = packet.destinationIp();
            this.dstBytes = IpPrefix.parseAddress(dstIp);
            this.srcBytes = IpPrefix.parseAddress(packet.sourceIp());
            this.dstPort = packet.destinationPort();
            plan.add(origin.local() ? Hook.NAT_OUTPUT : Hook.NAT_PREROUTING);
        }

        Walk copy() {
            Walk c = new Walk(packet, origin, catalog, masqueradeMark);
            c.frames = new Frame[frames.length];
            for (int i = 0; i < depth; i++) {
                c.frames[i] = frames[i].copy();
            }
            c.depth = depth;
            c.hookIndex = hookIndex;
            c.plan = new ArrayList<>(plan);
            c.mark = mark;
            c.dstIp = dstIp;
            c.dstBytes = dstBytes;
            c.dstPort = dstPort;
            c.dnat = dnat;
            c.dnatChain = dnatChain;
            c.redirected = redirected;
            c.snatStep = snatStep;
            c.acceptStep = acceptStep;
            c.masqueradeMarked = masqueradeMarked;
            c.dstLocal = dstLocal;
            c.probability = probability;
            c.conditional = conditional;
            c.conditions = new ArrayList<>(conditions);
            c.steps = new ArrayList<>(steps);
            c.assumptions = new ArrayList<>(assumptions);
            c.hooks = new ArrayList<>(hooks);
            c.evaluated = evaluated;
            return c;
        }

        void push(Frame f) {
            if (depth == frames.length) {
                frames = java.util.Arrays.copyOf(frames, depth * 2);
            }
            frames[depth++] = f;
        }

        Hook nextHook(RuleMatcher matcher) {
            if (hookIndex == 1 && plan.size() == 1) {
                // the routing decision, on the destination as DNAT left it
                masqueradeMarked = (mark & masqueradeMark) == masqueradeMark;
                dstLocal = redirected || matcher.isLocal(dstIp);
                if (!matcher.localKnown() && !dstLocal && dnat == null) {
                    assumptions.add("node addresses unknown: " + dstIp + " taken as not local");
                }
                if (origin.local()) {
                    plan.add(Hook.FILTER_OUTPUT);
                    plan.add(Hook.NAT_POSTROUTING);
                    if (dstLocal) {
                        plan.add(Hook.FILTER_INPUT);
                    }
                } else if (dstLocal) {
                    plan.add(Hook.FILTER_INPUT);
                } else {
                    plan.add(Hook.FILTER_FORWARD);
                    plan.add(Hook.NAT_POSTROUTING);
                }
            }
            return hookIndex < plan.size() ? plan.get(hookIndex) : null;
        }

        void hookDone() {
            depth = 0;
            hookIndex++;
        }

        void verdict(TraceBranch.Verdict v, TraceStep s) {
            verdict = v;
            verdictStep = s;
            finished = true;
        }

        /** The packet as the current rule sees it; rebuilt only when the hook, mark, destination or SNAT changed. */
        RuleMatcher.View view() {
            if (view != null && viewHook == hookIndex && viewMark == mark && viewDst == dstIp && viewDstPort == dstPort
                    && viewSnat == snatStep) {
                return view;
            }
            viewHook = hookIndex;
            viewMark = mark;
            viewDst = dstIp;
            viewDstPort = dstPort;
            viewSnat = snatStep;
            view = buildView();
            return view;
        }

        private RuleMatcher.View buildView() {
            Hook h = plan.get(Math.min(hookIndex, plan.size() - 1));
            boolean afterNat = hookIndex > 0;
            String in = origin.local() ? (h == Hook.FILTER_INPUT ? "lo" : null) : origin.inInterface();
            String out = origin.local() && dstLocal && afterNat ? "lo" : null;
            return new RuleMatcher.View(packet.sourceIp(), srcBytes, packet.sourcePort(), dstIp, dstBytes, dstPort,
                    packet.protocol(), mark, afterNat && dnat != null, snatStep != null, in, out);
        }

        void step(Frame f, IptablesRule r, int position, Kind kind, String detail) {
            steps.add(new TraceStep(f.table, f.chain, catalog.get(f.chain), f.synthetic ? 0 : r.lineNumber(),
                    position, f.rules.size(), r.raw(), kind, detail));
        }

        TraceBranch result() {
            if (verdict == TraceBranch.Verdict.ACCEPT && verdictStep == null) {
                verdictStep = acceptStep;
            }
            if (hookIndex <= 1 && plan.size() == 1) {
                masqueradeMarked = (mark & masqueradeMark) == masqueradeMark;
            }
            ChainMeaning endpoint = dnatChain == null ? null : catalog.meaning(dnatChain).orElse(null);
            return new TraceBranch(probability, conditional, conditions, steps, dnat, endpoint,
                    Packet.hostPort(dstIp, dstPort), verdict, verdictStep, masqueradeMarked, snatStep, evaluated,
                    hooks, assumptions);
        }
    }
}
