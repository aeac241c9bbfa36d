package io.hoptrace.cli.analyze;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.model.ClockOffset;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.Endpoint;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NatChange;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The JSON other tools rely on: {@code {"inputs": {..., "missing": [...]}, "findings": [{"rule", "severity",
 * "summary", "fix", "node", "packets", "objects", "journey", ...}], "journeys": [{"id", "flow": {"proto", "src",
 * "dst", "sport", "dport"}, "hops": [{"node", "interface", "time", "delay_us", "encap", "src", "dst", "nat",
 * ...}]}]}}; inputs.clock_offsets: [{"node", "reference", "offset_us" (null: not estimated), "pairs", "applied",
 * "note"}]; a hop whose delay is negative has "delay_note". Keys beyond these are additions; the ones named here
 * keep their meaning.
 */
final class JsonReport {
    private JsonReport() {
    }

    static void write(Report r, Writer w) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter();
        g.writeStartObject();
        inputs(r, g);
        g.writeArrayFieldStart("findings");
        for (Finding f : r.findings()) {
            finding(f, g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("journeys");
        for (Journey j : r.journeys()) {
            journey(j, g);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("error", r.count(io.hoptrace.rules.Severity.ERROR));
        g.writeNumberField("warning", r.count(io.hoptrace.rules.Severity.WARNING));
        g.writeNumberField("info", r.count(io.hoptrace.rules.Severity.INFO));
        g.writeNumberField("flows", r.view().flows().size());
        g.writeNumberField("journeys_kept", r.view().journeys().size());
        strings(g, "rule_failures", r.ruleFailures());
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    private static void inputs(Report r, JsonGenerator g) throws IOException {
        InputReport in = r.view().inputs();
        g.writeObjectFieldStart("inputs");
        g.writeStringField("bundle", in.bundle());
        strings(g, "captures", in.captures());
        strings(g, "nodes", in.nodes());
        strings(g, "state_files", in.stateFiles());
        strings(g, "missing", in.missing());
        strings(g, "problems", in.problems());
        g.writeNumberField("packets", in.packets());
        g.writeBooleanField("crafted", in.crafted());
        g.writeArrayFieldStart("clock_offsets");
        for (ClockOffset c : in.clockOffsets()) {
            g.writeStartObject();
            g.writeStringField("node", c.node());
            g.writeStringField("reference", c.reference());
            if (c.estimated()) {
                g.writeNumberField("offset_us", c.offsetNanos() / 1000);
            } else {
                g.writeNullField("offset_us");
            }
            g.writeNumberField("pairs", c.pairs());
            g.writeBooleanField("applied", c.applied());
            g.writeStringField("note", c.sentence());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void finding(Finding f, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("rule", f.rule());
        g.writeStringField("severity", f.severity().key());
        g.writeStringField("summary", f.summary());
        g.writeStringField("fix", f.fix());
        g.writeStringField("node", f.node());
        g.writeArrayFieldStart("packets");
        for (PacketRef p : f.packets()) {
            g.writeStartObject();
            g.writeStringField("file", p.file());
            g.writeNumberField("number", p.number());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("objects");
        for (ObjectRef o : f.objects()) {
            object(o, g);
        }
        g.writeEndArray();
        if (f.journey() == null) {
            g.writeNullField("journey");
        } else {
            g.writeNumberField("journey", f.journey());
        }
        g.writeNumberField("hop", f.hop());
        strings(g, "evidence", f.evidence());
        g.writeEndObject();
    }

    private static void object(ObjectRef o, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", o.kind().key());
        g.writeStringField("namespace", o.namespace());
        g.writeStringField("name", o.name());
        g.writeEndObject();
    }

    private static void journey(Journey j, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", j.id());
        g.writeObjectFieldStart("flow");
        g.writeStringField("proto", j.flow().proto());
        g.writeStringField("src", j.flow().src());
        g.writeStringField("dst", j.flow().dst());
        port(g, "sport", j.flow().sport());
        port(g, "dport", j.flow().dport());
        g.writeEndObject();
        g.writeBooleanField("reply", j.reply());
        g.writeNumberField("length", j.packet().length());
        g.writeArrayFieldStart("hops");
        for (int i = 0; i < j.hops().size(); i++) {
            Hop h = j.hops().get(i);
            g.writeStartObject();
            g.writeStringField("node", h.node());
            g.writeStringField("interface", h.iface());
            g.writeStringField("direction", h.direction().key());
            g.writeStringField("time", Report.time(h.timeNanos()));
            g.writeNumberField("delay_us", h.delayMicros());
            String negative = Report.negativeDelay(j, i);
            if (negative != null) {
                g.writeStringField("delay_note", negative);
            }
            g.writeArrayFieldStart("encap");
            for (Encap e : h.encap()) {
                g.writeStartObject();
                g.writeStringField("type", e.type());
                if (e.vni() >= 0) {
                    g.writeNumberField("vni", e.vni());
                }
                g.writeStringField("src", e.outerSrc().toString());
                g.writeStringField("dst", e.outerDst().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            endpoint(g, "src", h.src());
            endpoint(g, "dst", h.dst());
            g.writeArrayFieldStart("nat");
            for (NatChange n : h.nat()) {
                g.writeStartObject();
                g.writeStringField("type", n.kind().key());
                g.writeStringField("before", n.before().toString());
                g.writeStringField("after", n.after().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("length", h.length());
            g.writeBooleanField("fragment", h.fragment());
            if (h.srcOwner() != null) {
                g.writeStringField("src_owner", h.srcOwner().toString());
            }
            if (h.dstOwner() != null) {
                g.writeStringField("dst_owner", h.dstOwner().toString());
            }
            g.writeObjectFieldStart("packet");
            g.writeStringField("file", h.packet().file());
            g.writeNumberField("number", h.packet().number());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void endpoint(JsonGenerator g, String name, Endpoint e) throws IOException {
        g.writeStringField(name, e.toString());
    }

    private static void port(JsonGenerator g, String name, int port) throws IOException {
        if (port < 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, port);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
