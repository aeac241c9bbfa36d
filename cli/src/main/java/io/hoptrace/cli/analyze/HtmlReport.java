package io.hoptrace.cli.analyze;

import io.hoptrace.rules.Finding;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.rules.model.Journey;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML file: no scripts, no external files. Each finding beside an SVG drawing of its journey:
 * one horizontal lane per node, one dot per hop (interface and direction above it), arrows between hops labelled
 * with the delay, the tunnel and any NAT; the hop where the finding happens in red.
 */
final class HtmlReport {
    private static final int LANE = 140;
    private static final int STEP = 210;
    private static final int LEFT = 120;

    private HtmlReport() {
    }

    static void write(Report r, PrintWriter out) {
        InputReport in = r.view().inputs();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>hoptrace analyze</title>");
        out.println("<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}"
                + ".f{display:flex;gap:24px;align-items:flex-start;border-top:1px solid #ddd;padding:16px 0}"
                + ".t{flex:0 0 420px}.d{overflow-x:auto}.error{color:#b00020}.warning{color:#a05a00}.info{color:#0b5394}"
                + ".sev{font-weight:bold;text-transform:uppercase}code,.m{font-family:ui-monospace,monospace;font-size:12px}"
                + "ul{margin:4px 0;padding-left:18px}</style></head><body>");
        out.println("<h1>hoptrace analyze</h1>");
        out.println("<p>" + esc(in.bundle() == null ? String.join(", ", in.captures()) : in.bundle()) + ": "
                + in.packets() + " packets, " + r.view().flows().size() + " flows, " + r.findings().size()
                + " findings (" + r.count(io.hoptrace.rules.Severity.ERROR) + " error, "
                + r.count(io.hoptrace.rules.Severity.WARNING) + " warning, "
                + r.count(io.hoptrace.rules.Severity.INFO) + " info)" + (in.crafted() ? "; crafted bundle" : "")
                + "</p>");
        if (!in.missing().isEmpty()) {
            out.println("<p>Missing: <span class=\"m\">" + esc(String.join(", ", in.missing())) + "</span></p>");
        }
        for (String p : in.problems()) {
            out.println("<p>Problem: " + esc(p) + "</p>");
        }
        for (var c : in.clockOffsets()) {
            out.println("<p>Clock: " + esc(c.sentence()) + "</p>");
        }
        List<Integer> drawn = new ArrayList<>();
        for (Finding f : r.findings()) {
            String sev = f.severity().key();
            out.println("<div class=\"f\"><div class=\"t\"><div class=\"sev " + sev + "\">" + sev + " <span class=\"m\">"
                    + esc(f.rule()) + "</span></div><p>" + esc(f.summary()) + "</p>");
            if (!f.fix().isEmpty()) {
                out.println("<p><b>Fix:</b> " + esc(f.fix()) + "</p>");
            }
            out.println("<ul>");
            if (f.node() != null) {
                out.println("<li>node " + esc(f.node()) + "</li>");
            }
            for (var o : f.objects()) {
                out.println("<li>" + esc(o.toString()) + "</li>");
            }
            for (String e : f.evidence()) {
                out.println("<li class=\"m\">" + esc(e) + "</li>");
            }
            if (!f.packets().isEmpty()) {
                out.println("<li class=\"m\">" + esc(TextReport.packets(f.packets())) + "</li>");
            }
            out.println("</ul></div><div class=\"d\">");
            r.view().journey(f.journey()).ifPresent(j -> {
                svg(j, f.hop(), out);
                drawn.add(j.id());
            });
            out.println("</div></div>");
        }
        List<Journey> rest = r.journeys().stream().filter(j -> !drawn.contains(j.id())).toList();
        if (!rest.isEmpty()) {
            out.println("<h2>Journeys</h2>");
            for (Journey j : rest) {
                out.println("<div class=\"f\"><div class=\"t m\">journey " + j.id() + "<br>" + esc(j.flow().toString())
                        + "</div><div class=\"d\">");
                svg(j, -1, out);
                out.println("</div></div>");
            }
        }
        out.println("</body></html>");
        out.flush();
    }

    static void svg(Journey j, int mark, PrintWriter out) {
        Map<String, Integer> lanes = new HashMap<>();
        for (Hop h : j.hops()) {
            lanes.putIfAbsent(h.node(), lanes.size());
        }
        int width = LEFT + STEP * j.hops().size() + 40;
        int height = LANE * lanes.size() + 30;
        out.println("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" font-family=\"monospace\" font-size=\"11\"><title>" + esc("journey " + j.id() + ": " + j.flow())
                + "</title><defs><marker id=\"a" + j.id() + "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/>"
                + "</marker></defs>");
        for (Map.Entry<String, Integer> l : lanes.entrySet()) {
            int y = 20 + l.getValue() * LANE + LANE / 2;
            out.println("<line x1=\"" + (LEFT - 10) + "\" y1=\"" + y + "\" x2=\"" + (width - 10) + "\" y2=\"" + y
                    + "\" stroke=\"#eee\" stroke-width=\"18\"/><text x=\"8\" y=\"" + (y + 4)
                    + "\" font-weight=\"bold\">" + esc(l.getKey()) + "</text>");
        }
        int px = -1;
        int py = -1;
        for (int i = 0; i < j.hops().size(); i++) {
            Hop h = j.hops().get(i);
            int x = LEFT + 30 + i * STEP;
            int y = 20 + lanes.get(h.node()) * LANE + LANE / 2;
            String color = i == mark ? "#d00000" : "#333";
            if (px >= 0) {
                out.println("<line x1=\"" + (px + 7) + "\" y1=\"" + py + "\" x2=\"" + (x - 8) + "\" y2=\"" + y
                        + "\" stroke=\"" + (i == mark ? "#d00000" : "#555") + "\" marker-end=\"url(#a" + j.id()
                        + ")\"/>");
                int mx = (px + x) / 2;
                int my = (py + y) / 2;
                out.println("<text x=\"" + mx + "\" y=\"" + (my - 6) + "\" text-anchor=\"middle\" fill=\"#666\">"
                        + (h.delayMicros() >= 0 ? "+" : "") + h.delayMicros() + "us</text>");
                int noteY = py == y ? y + 40 : my + 8;
                List<String> notes = new ArrayList<>();
                h.encap().forEach(e -> notes.add(e.type() + (e.vni() >= 0 ? " " + e.vni() : "")));
                h.nat().forEach(n -> notes.add(n.kind() + " " + n.after()));
                for (String n : notes) {
                    out.println("<text x=\"" + mx + "\" y=\"" + noteY + "\" text-anchor=\"middle\" fill=\"#0b5394\">"
                            + esc(n) + "</text>");
                    noteY += 12;
                }
            }
            out.println("<g><title>" + esc(h.where() + " " + h.src() + " > " + h.dst() + " " + h.packet())
                    + "</title><circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"7\" fill=\"" + color + "\"/></g>");
            out.println("<text x=\"" + x + "\" y=\"" + (y - 14) + "\" text-anchor=\"middle\" fill=\"" + color + "\">"
                    + esc(h.iface() + " " + h.direction().key()) + "</text>");
            out.println("<text x=\"" + x + "\" y=\"" + (y + 22) + "\" text-anchor=\"middle\" fill=\"#444\">"
                    + esc(h.dst().toString()) + "</text>");
            if (i == mark) {
                out.println("<text x=\"" + x + "\" y=\"" + (y - 28) + "\" text-anchor=\"middle\" fill=\"#d00000\" "
                        + "font-weight=\"bold\">" + (i == j.hops().size() - 1 ? "stops here" : "here") + "</text>");
            }
            px = x;
            py = y;
        }
        out.println("</svg>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
