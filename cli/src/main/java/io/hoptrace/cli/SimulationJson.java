package io.hoptrace.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesProblem;
import io.hoptrace.rules.cluster.EndpointInfo;
import io.hoptrace.rules.kubeproxy.ChainMeaning;
import io.hoptrace.rules.kubeproxy.PacketTrace;
import io.hoptrace.rules.kubeproxy.Simulation;
import io.hoptrace.rules.kubeproxy.TraceBranch;
import io.hoptrace.rules.kubeproxy.TraceStep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code hoptrace simulate --format json}: everything the text shows, every branch and every step. */
final class SimulationJson {
    private SimulationJson() {
    }

    static void write(Simulation sim, IptablesDump dump, PrintWriter out) {
        try (JsonGenerator g = new JsonFactory().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
                .createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("node", sim.node());
            g.writeObjectFieldStart("packet");
            g.writeStringField("source", sim.packet().sourceIp());
            if (sim.packet().sourcePort() >= 0) {
                g.writeNumberField("sourcePort", sim.packet().sourcePort());
            }
            g.writeStringField("destination", sim.packet().destinationIp());
            g.writeNumberField("destinationPort", sim.packet().destinationPort());
            g.writeStringField("protocol", sim.packet().protocol());
            g.writeEndObject();
            g.writeObjectFieldStart("origin");
            g.writeBooleanField("local", sim.origin().local());
            g.writeStringField("inInterface", sim.origin().inInterface());
            g.writeEndObject();
            strings(g, "localAddresses", List.copyOf(sim.localAddresses()));
            g.writeStringField("destinationIs", sim.destination());
            g.writeStringField("sourceIs", sim.source());
            if (sim.service() != null) {
                g.writeObjectFieldStart("service");
                g.writeStringField("name", sim.service().servicePort().name().toString());
                g.writeStringField("protocol", sim.service().servicePort().protocol());
                g.writeStringField("reachedAs", sim.service().role());
                g.writeArrayFieldStart("endpoints");
                for (EndpointInfo e : sim.serviceEndpoints()) {
                    endpoint(g, e);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            PacketTrace t = sim.trace();
            g.writeNumberField("rulesEvaluated", t.rulesEvaluated());
            g.writeBooleanField("masqueradeMarked", t.masqueradeMarked());
            g.writeArrayFieldStart("outcomes");
            for (PacketTrace.Outcome o : t.outcomes()) {
                g.writeStartObject();
                g.writeNumberField("probability", o.probability());
                g.writeBooleanField("conditional", o.conditional());
                strings(g, "conditions", o.conditions());
                g.writeStringField("dnat", o.dnat());
                if (o.endpoint() != null) {
                    g.writeFieldName("endpoint");
                    meaning(g, o.endpoint());
                }
                g.writeStringField("verdict", o.verdict().name());
                g.writeStringField("verdictRule", o.verdictRule());
                g.writeBooleanField("masqueradeMarked", o.masqueradeMarked());
                g.writeBooleanField("snat", o.snat());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("branches");
            for (TraceBranch b : SimulationText.sortedBranches(t)) {
                branch(g, b, sim);
            }
            g.writeEndArray();
            strings(g, "notes", t.notes());
            if (sim.conntrack() != null) {
                g.writeArrayFieldStart("conntrack");
                for (io.hoptrace.decoders.state.ConntrackMatch m : sim.conntrack()) {
                    conntrack(g, m, sim);
                }
                g.writeEndArray();
                strings(g, "conntrackNotes", sim.conntrackNotes());
            }
            if (sim.ipvsKnown()) {
                g.writeFieldName("ipvs");
                if (sim.ipvs() == null) {
                    g.writeNull();
                } else {
                    ipvs(g, sim.ipvs(), sim);
                }
            }
            g.writeArrayFieldStart("dumpProblems");
            for (IptablesProblem p : dump.problems()) {
                g.writeStartObject();
                g.writeNumberField("line", p.lineNumber());
                g.writeStringField("message", p.message());
                g.writeBooleanField("skipped", p.skipped());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void branch(JsonGenerator g, TraceBranch b, Simulation sim) throws IOException {
        g.writeStartObject();
        g.writeNumberField("probability", b.probability());
        g.writeBooleanField("conditional", b.conditional());
        strings(g, "conditions", b.conditions());
        strings(g, "hooks", b.hooks());
        strings(g, "path", SimulationText.pathLines(b, sim));
        g.writeNumberField("rulesEvaluated", b.rulesEvaluated());
        g.writeStringField("dnat", b.dnat() == null ? null : b.dnat().text());
        g.writeStringField("destinationAfterNat", b.destinationAfterNat());
        g.writeStringField("verdict", b.verdict().name());
        g.writeBooleanField("masqueradeMarked", b.masqueradeMarked());
        g.writeBooleanField("snat", b.snatStep() != null);
        g.writeArrayFieldStart("steps");
        for (TraceStep s : b.steps()) {
            g.writeStartObject();
            g.writeStringField("table", s.table());
            g.writeStringField("chain", s.chain());
            g.writeStringField("chainMeaning", sim.catalog().meaning(s.chain()).map(ChainMeaning::label).orElse(null));
            g.writeStringField("kind", s.kind().name());
            g.writeStringField("detail", s.detail());
            if (s.kind() != TraceStep.Kind.HOOK && s.kind() != TraceStep.Kind.POLICY) {
                g.writeNumberField("line", s.lineNumber());
                g.writeNumberField("position", s.position());
                g.writeNumberField("chainLength", s.chainLength());
                g.writeStringField("rule", s.rule());
            }
            if ((s.kind() == TraceStep.Kind.JUMP || s.kind() == TraceStep.Kind.GOTO)) {
                g.writeStringField("targetMeaning", sim.catalog().meaning(s.detail()).map(ChainMeaning::label)
                        .orElse(null));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        strings(g, "assumptions", b.assumptions());
        g.writeEndObject();
    }

    private static void conntrack(JsonGenerator g, io.hoptrace.decoders.state.ConntrackMatch m, Simulation sim)
            throws IOException {
        io.hoptrace.decoders.state.ConntrackEntry e = m.entry();
        g.writeStartObject();
        g.writeNumberField("line", e.line());
        g.writeStringField("direction", m.direction().name());
        g.writeStringField("protocol", e.protocol());
        g.writeStringField("state", e.state());
        g.writeBooleanField("unreplied", e.unreplied());
        g.writeBooleanField("assured", e.assured());
        g.writeNumberField("timeout", e.timeout());
        tuple(g, "original", e.original());
        tuple(g, "reply", e.reply());
        g.writeStringField("nat", e.nat().name());
        g.writeStringField("dnatTo", e.dnatDestination() == null ? null
                : io.hoptrace.rules.kubeproxy.ConntrackLookup.text(e.dnatDestination()));
        g.writeStringField("dnatToOwner", e.dnatDestination() == null ? null
                : sim.ownerOf(io.hoptrace.decoders.state.InetLiteral.format(e.dnatDestination().address())));
        g.writeStringField("snatTo", e.snatSource() == null ? null
                : io.hoptrace.rules.kubeproxy.ConntrackLookup.text(e.snatSource()));
        g.writeEndObject();
    }

    private static void tuple(JsonGenerator g, String name, io.hoptrace.decoders.state.ConntrackTuple t)
            throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("source", io.hoptrace.decoders.state.InetLiteral.format(t.source()));
        g.writeStringField("destination", io.hoptrace.decoders.state.InetLiteral.format(t.destination()));
        g.writeNumberField("sourcePort", t.sourcePort());
        g.writeNumberField("destinationPort", t.destinationPort());
        g.writeEndObject();
    }

    private static void ipvs(JsonGenerator g, io.hoptrace.decoders.state.IpvsService s, Simulation sim)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("service", s.key());
        g.writeStringField("scheduler", s.scheduler());
        if (s.persistence() != null) {
            g.writeNumberField("persistentSeconds", s.persistence().timeoutSeconds());
        }
        g.writeArrayFieldStart("realServers");
        for (io.hoptrace.decoders.state.IpvsRealServer r : s.realServers()) {
            g.writeStartObject();
            g.writeStringField("endpoint", r.endpoint());
            g.writeStringField("forwarding", r.forwarding() == null ? null : r.forwarding().listName());
            g.writeNumberField("weight", r.weight());
            g.writeNumberField("share", io.hoptrace.rules.kubeproxy.IpvsLookup.share(s, r));
            g.writeNumberField("activeConnections", r.activeConnections());
            g.writeNumberField("inactiveConnections", r.inactiveConnections());
            g.writeStringField("owner", sim.ownerOf(io.hoptrace.decoders.state.InetLiteral.format(r.address())));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void meaning(JsonGenerator g, ChainMeaning m) throws IOException {
        g.writeStartObject();
        g.writeStringField("chain", m.chain());
        g.writeStringField("service", m.service() == null ? null : m.service().toString());
        g.writeStringField("endpoint", m.endpoint() != null ? m.endpoint().endpoint() : m.endpointText());
        if (m.endpoint() != null) {
            g.writeStringField("pod", m.endpoint().pod());
            g.writeStringField("node", m.endpoint().nodeName());
            g.writeBooleanField("ready", m.endpoint().ready());
        }
        g.writeStringField("namedFrom", m.source().name());
        g.writeEndObject();
    }

    private static void endpoint(JsonGenerator g, EndpointInfo e) throws IOException {
        g.writeStartObject();
        g.writeStringField("endpoint", e.endpoint());
        g.writeStringField("pod", e.pod());
        g.writeStringField("node", e.nodeName());
        g.writeBooleanField("ready", e.ready());
        g.writeBooleanField("serving", e.serving());
        g.writeBooleanField("terminating", e.terminating());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
