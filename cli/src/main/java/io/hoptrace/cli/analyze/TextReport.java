package io.hoptrace.cli.analyze;

import io.hoptrace.rules.Finding;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.model.ClockOffset;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.rules.model.Journey;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Findings first, worst first, each with its hop path in a few lines; then what the analysis stood on. */
final class TextReport {
    private static final int MAX_HOP_LINES = 9;

    private TextReport() {
    }

    static void write(Report r, PrintWriter out) {
        InputReport in = r.view().inputs();
        if (r.findings().isEmpty()) {
            out.println("No findings: nothing the rules look for went wrong in these packets.");
            out.println();
        }
        for (Finding f : r.findings()) {
            out.println(f.severity().key().toUpperCase(java.util.Locale.ROOT) + "  " + f.rule()
                    + (f.node() == null ? "" : "  [" + f.node() + "]"));
            out.println("  " + f.summary());
            if (!f.fix().isEmpty()) {
                out.println("  fix: " + f.fix());
            }
            r.view().journey(f.journey()).ifPresent(j -> path(j, f.hop(), out));
            if (!f.objects().isEmpty()) {
                out.println("  objects: " + String.join(", ", f.objects().stream().map(Object::toString).toList()));
            }
            for (String e : f.evidence()) {
                out.println("  evidence: " + e);
            }
            if (!f.packets().isEmpty()) {
                out.println("  packets: " + packets(f.packets()));
            }
            out.println();
        }
        for (String failure : r.ruleFailures()) {
            out.println("note: rule failed: " + failure);
        }
        out.println(r.findings().size() + " finding" + (r.findings().size() == 1 ? "" : "s") + ": "
                + r.count(Severity.ERROR) + " error, " + r.count(Severity.WARNING) + " warning, "
                + r.count(Severity.INFO) + " info. " + in.packets() + " packets in " + in.captures().size()
                + " capture" + (in.captures().size() == 1 ? "" : "s") + (in.nodes().isEmpty() ? ""
                : " from " + in.nodes().size() + " node" + (in.nodes().size() == 1 ? "" : "s")) + ", "
                + r.view().flows().size() + " flows, " + r.view().journeys().size() + " journeys"
                + (in.crafted() ? " (the bundle says it is crafted, not captured)" : "") + ".");
        if (!in.missing().isEmpty()) {
            out.println("missing: " + String.join(", ", in.missing()));
        }
        for (String p : in.problems()) {
            out.println("problem: " + p);
        }
        // the clocks are worth a line when hoptrace changed times; otherwise the JSON report has the estimates
        if (in.clockOffsets().stream().anyMatch(ClockOffset::applied)) {
            for (ClockOffset c : in.clockOffsets()) {
                out.println("clock: " + c.sentence());
            }
        }
        out.flush();
    }

    /** The hops, one line each; long journeys keep their start, the finding's hop and the end. */
    static void path(Journey j, int mark, PrintWriter out) {
        out.println("  path (journey " + j.id() + ", " + j.flow() + "):");
        List<Integer> show = new ArrayList<>();
        int n = j.hops().size();
        for (int i = 0; i < n; i++) {
            if (n <= MAX_HOP_LINES || i < 3 || i >= n - 2 || Math.abs(i - mark) <= 1) {
                show.add(i);
            }
        }
        int prev = -1;
        for (int i : show) {
            if (prev >= 0 && i > prev + 1) {
                out.println("        ... " + (i - prev - 1) + " more hop" + (i - prev - 1 == 1 ? "" : "s"));
            }
            Hop h = j.hops().get(i);
            StringBuilder s = new StringBuilder();
            s.append(i == mark ? "   >> " : "      ");
            s.append(String.format("%-8s %-16s %-3s %9s  %s > %s", h.node(), h.iface(), h.direction().key(),
                    i == 0 ? "" : (h.delayMicros() >= 0 ? "+" : "") + h.delayMicros() + "us", h.src(), h.dst()));
            if (h.encapsulated()) {
                s.append("  [").append(String.join(", ", h.encap().stream().map(Object::toString).toList()))
                        .append(']');
            }
            if (!h.nat().isEmpty()) {
                s.append("  ").append(String.join(", ", h.nat().stream().map(Object::toString).toList()));
            }
            if (h.fragment()) {
                s.append("  fragment");
            }
            String negative = Report.negativeDelay(j, i);
            if (negative != null) {
                s.append("  (").append(negative).append(')');
            }
            if (i == mark && i == n - 1 && i > 0) {
                s.append("  <- stops here");
            }
            out.println(s);
            prev = i;
        }
        if (j.hopsDropped() > 0) {
            out.println("        ... and " + j.hopsDropped() + " sightings past the hop cap");
        }
    }

    /** {@code nodes/node-a/any.pcap #27 #28 #31}, grouped by file. */
    static String packets(List<PacketRef> refs) {
        StringBuilder s = new StringBuilder();
        String file = null;
        for (PacketRef p : refs) {
            if (!p.file().equals(file)) {
                if (file != null) {
                    s.append("; ");
                }
                file = p.file();
                s.append(file);
            }
            s.append(" #").append(p.number());
        }
        return s.toString();
    }
}
