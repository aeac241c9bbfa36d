package io.hoptrace.ui.app;

import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.analysis.Hop;
import io.hoptrace.ui.model.analysis.Journey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

/**
 * A packet's journey as a sequence diagram: one lane (column) per node, one station (box) per interface it was seen
 * on, top to bottom in time order, and an arrow for each hop labelled with the delay, the encapsulation it enters or
 * leaves and the NAT rewrite. The hop where a finding applies is drawn red with the finding's summary under it.
 * Made of ordinary nodes (labels, lines), so it scales, prints and can be inspected by tests.
 */
public final class HopDiagram extends Region {
    static final double PAD = 12;
    static final double HEADER_GAP = 8;
    static final double LANE_HEADER = 24;
    static final double BOX_HEIGHT = 28;
    static final double ARROW_GAP = 42;
    static final double CALLOUT_GAP = 6;
    static final double MAX_BOX_WIDTH = 190;

    private final Label title = label("hop-title");
    private final Label objects = label("hop-objects");
    private final Label outcome = label("hop-outcome");
    private final List<Label> laneHeaders = new ArrayList<>();
    private final List<Region> laneBands = new ArrayList<>();
    private final List<Label> stations = new ArrayList<>();
    private final List<Label> callouts = new ArrayList<>();
    private final List<Line> arrows = new ArrayList<>();
    private final List<Polygon> heads = new ArrayList<>();
    private final List<Label> arrowLabels = new ArrayList<>();
    private Journey journey;
    private int selectedRow = -1;
    private IntConsumer onHopClicked = row -> { };

    public HopDiagram() {
        getStyleClass().add("hop-diagram");
        title.setWrapText(true);
        objects.setWrapText(true);
        outcome.setWrapText(true);
    }

    private static Label label(String style) {
        Label l = new Label();
        l.getStyleClass().add(style);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    public void setOnHopClicked(IntConsumer listener) {
        this.onHopClicked = listener;
    }

    public Journey journey() {
        return journey;
    }

    /** Shows {@code j} (null: nothing), the station of {@code row} emphasised. */
    public void show(Journey j, int row) {
        journey = j;
        selectedRow = row;
        getChildren().clear();
        laneHeaders.clear();
        laneBands.clear();
        stations.clear();
        callouts.clear();
        arrows.clear();
        heads.clear();
        arrowLabels.clear();
        if (j == null) {
            requestLayout();
            return;
        }
        title.setText(j.title());
        objects.setText(String.join("  \u00B7  ", j.objects()));
        objects.setVisible(!j.objects().isEmpty());
        outcome.setText(j.outcome());
        outcome.setVisible(!j.outcome().isEmpty());
        for (String node : j.nodes()) {
            Region band = new Region();
            band.getStyleClass().add("hop-lane");
            laneBands.add(band);
            Label h = label("hop-lane-header");
            h.setText(node);
            laneHeaders.add(h);
        }
        getChildren().addAll(laneBands);
        getChildren().addAll(title, objects, outcome);
        getChildren().addAll(laneHeaders);
        List<Hop> hops = j.hops();
        for (int i = 0; i < hops.size(); i++) {
            Hop h = hops.get(i);
            Label s = label("hop-station");
            s.setMinWidth(0);
            s.setText(h.iface().isEmpty() ? "?" : h.iface());
            s.setId("hop-" + i);
            s.setUserData(h);
            s.setTooltip(new Tooltip(stationTip(h)));
            if (!h.finding().isEmpty()) {
                s.getStyleClass().add("hop-finding");
            }
            if (h.row() == row) {
                s.getStyleClass().add("hop-selected");
            }
            if (!h.encapsulation().isEmpty()) {
                s.getStyleClass().add("hop-encapsulated");
            }
            int r = h.row();
            s.setOnMouseClicked(e -> onHopClicked.accept(r));
            stations.add(s);
            Label c = null;
            if (!h.finding().isEmpty()) {
                c = label("hop-callout");
                c.setMinWidth(0);
                c.setWrapText(true);
                c.setText("\u26A0 " + h.finding());
                c.setTooltip(new Tooltip(h.finding()));
            }
            callouts.add(c);
            if (i > 0) {
                Line line = new Line();
                line.getStyleClass().add("hop-arrow");
                Polygon head = new Polygon();
                head.getStyleClass().add("hop-arrow-head");
                Label a = label("hop-arrow-label");
                a.setText(arrowText(hops.get(i - 1), h));
                a.setMinWidth(0);
                if (!h.finding().isEmpty()) {
                    line.getStyleClass().add("hop-arrow-finding");
                    head.getStyleClass().add("hop-arrow-finding");
                }
                arrows.add(line);
                heads.add(head);
                arrowLabels.add(a);
            }
        }
        getChildren().addAll(arrows);
        getChildren().addAll(heads);
        getChildren().addAll(stations);
        getChildren().addAll(arrowLabels);
        for (Label c : callouts) {
            if (c != null) {
                getChildren().add(c);
            }
        }
        requestLayout();
    }

    private static String stationTip(Hop h) {
        StringBuilder sb = new StringBuilder(h.node()).append(' ').append(h.iface()).append('\n')
                .append(h.addresses());
        if (!h.encapsulation().isEmpty()) {
            sb.append("\nin ").append(h.encapsulation());
        }
        sb.append("\npacket ").append(h.row() + 1);
        return sb.toString();
    }

    /** {@code +21 µs · VXLAN 1} and, on a second line, {@code DNAT 10.96.88.10:80 → 10.244.1.10:8080}. */
    static String arrowText(Hop from, Hop to) {
        StringBuilder sb = new StringBuilder("+").append(delay(to.delayNanos()));
        if (!to.encapsulation().equals(from.encapsulation())) {
            sb.append("  \u00B7  ").append(to.encapsulation().isEmpty()
                    ? "leaves " + from.encapsulation() : to.encapsulation());
        }
        if (!to.nat().isEmpty()) {
            sb.append('\n').append(to.nat());
        }
        return sb.toString();
    }

    static String delay(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%d \u00B5s", Math.round(nanos / 1e3));
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    // ---- layout ------------------------------------------------------------------------------------------------

    private double headerHeight(double width) {
        double w = Math.max(10, width - 2 * PAD);
        double h = title.prefHeight(w);
        if (objects.isVisible()) {
            h += objects.prefHeight(w) + 2;
        }
        if (outcome.isVisible()) {
            h += outcome.prefHeight(w) + 2;
        }
        return h + HEADER_GAP;
    }

    /** A finding's summary, wrapped to the diagram's width under its station. */
    private double calloutHeight(int i, double width) {
        Label c = callouts.get(i);
        return c == null ? 0 : c.prefHeight(Math.max(10, width - 2 * PAD)) + CALLOUT_GAP;
    }

    private double bodyHeight(double width) {
        if (journey == null) {
            return 0;
        }
        double h = LANE_HEADER + 6;
        List<Hop> hops = journey.hops();
        for (int i = 0; i < hops.size(); i++) {
            h += BOX_HEIGHT;
            h += calloutHeight(i, width);
            if (i + 1 < hops.size()) {
                h += ARROW_GAP;
            }
        }
        return h + PAD;
    }

    @Override
    protected double computePrefWidth(double height) {
        int lanes = journey == null ? 1 : Math.max(1, journey.nodes().size());
        return 2 * PAD + lanes * 150;
    }

    @Override
    protected double computePrefHeight(double width) {
        if (journey == null) {
            return 0;
        }
        double w = width > 0 ? width : computePrefWidth(-1);
        return PAD + headerHeight(w) + bodyHeight(w);
    }

    @Override
    protected void layoutChildren() {
        if (journey == null) {
            return;
        }
        // labels made since the last pulse: measure them in their final font, not the default one
        for (Node n : getChildren()) {
            if (n instanceof Label l && l.getSkin() == null) {
                l.applyCss();
            }
        }
        double width = getWidth();
        double inner = width - 2 * PAD;
        double y = PAD;
        y = place(title, PAD, y, inner);
        if (objects.isVisible()) {
            y = place(objects, PAD, y + 2, inner);
        }
        if (outcome.isVisible()) {
            y = place(outcome, PAD, y + 2, inner);
        }
        y += HEADER_GAP;
        List<String> nodes = journey.nodes();
        int lanes = nodes.size();
        double laneWidth = inner / lanes;
        double bodyTop = y;
        double bodyBottom = bodyTop + bodyHeight(width) - PAD;
        for (int k = 0; k < lanes; k++) {
            double x = PAD + k * laneWidth;
            laneBands.get(k).resizeRelocate(snap(x + 2), snap(bodyTop), snap(laneWidth - 4), snap(bodyBottom - bodyTop));
            // the header spans its lane, text centred (CSS): no measuring, nothing cut
            laneHeaders.get(k).resizeRelocate(snap(x + 4), snap(bodyTop + 3), snap(laneWidth - 8), snap(LANE_HEADER - 6));
        }
        y = bodyTop + LANE_HEADER + 6;
        List<Hop> hops = journey.hops();
        double boxWidth = Math.min(MAX_BOX_WIDTH, laneWidth - 16);
        double[] cx = new double[hops.size()];
        double[] top = new double[hops.size()];
        double[] bottom = new double[hops.size()];
        for (int i = 0; i < hops.size(); i++) {
            int lane = nodes.indexOf(hops.get(i).node());
            double laneX = PAD + lane * laneWidth;
            double bx = laneX + (laneWidth - boxWidth) / 2;
            stations.get(i).resizeRelocate(snap(bx), snap(y), snap(boxWidth), BOX_HEIGHT);
            cx[i] = bx + boxWidth / 2;
            top[i] = y;
            y += BOX_HEIGHT;
            Label c = callouts.get(i);
            if (c != null) {
                // the summary is read under its station, across the whole width, wrapped
                double ch = calloutHeight(i, width);
                c.resizeRelocate(snap(PAD), snap(y + CALLOUT_GAP / 2), snap(inner), snap(ch - CALLOUT_GAP));
                y += ch;
            }
            bottom[i] = y;
            y += ARROW_GAP;
        }
        for (int i = 1; i < hops.size(); i++) {
            double x1 = cx[i - 1];
            // below a callout, the arrow starts under it so the summary stays readable
            double y1 = bottom[i - 1];
            double x2 = cx[i];
            double y2 = top[i];
            Line line = arrows.get(i - 1);
            line.setStartX(snap(x1) + 0.5);
            line.setStartY(y1);
            line.setEndX(snap(x2) + 0.5);
            line.setEndY(y2 - 1);
            double angle = Math.atan2(y2 - y1, x2 - x1);
            double size = 7;
            Polygon head = heads.get(i - 1);
            head.getPoints().setAll(
                    x2, y2 - 1,
                    x2 - size * Math.cos(angle - 0.45), y2 - 1 - size * Math.sin(angle - 0.45),
                    x2 - size * Math.cos(angle + 0.45), y2 - 1 - size * Math.sin(angle + 0.45));
            Label a = arrowLabels.get(i - 1);
            double lw = a.prefWidth(-1);
            double lh = a.prefHeight(lw);
            double midY = (y1 + y2) / 2;
            double lx = Math.max(x1, x2) + 10;
            if (lx + lw > width - PAD) {
                // no room right of the arrow: put the label left of it
                lx = Math.max(PAD, Math.min(x1, x2) - 10 - lw);
            }
            a.resizeRelocate(snap(lx), snap(midY - lh / 2), Math.ceil(Math.min(lw, width - PAD - lx)) + 1, snap(lh));
        }
    }

    private double place(Label l, double x, double y, double w) {
        double h = l.prefHeight(w);
        l.resizeRelocate(snap(x), snap(y), snap(w), snap(h));
        return y + h;
    }

    private double snap(double v) {
        return snapPositionX(v);
    }

    // ---- for tests ---------------------------------------------------------------------------------------------

    /** The station labels in hop order. */
    public List<Label> stations() {
        return List.copyOf(stations);
    }

    public List<Label> arrowLabels() {
        return List.copyOf(arrowLabels);
    }

    /** The callouts (finding summaries) shown, in hop order. */
    public List<String> callouts() {
        List<String> out = new ArrayList<>();
        for (Label c : callouts) {
            if (c != null) {
                out.add(c.getText());
            }
        }
        return out;
    }

    public Label titleLabel() {
        return title;
    }

    /** True when some child's bounds overlap another's where they must not (stations, labels, callouts). */
    public boolean hasOverlaps() {
        List<Node> boxes = new ArrayList<>(stations);
        boxes.addAll(arrowLabels);
        for (Label c : callouts) {
            if (c != null) {
                boxes.add(c);
            }
        }
        boxes.addAll(laneHeaders);
        for (int i = 0; i < boxes.size(); i++) {
            for (int k = i + 1; k < boxes.size(); k++) {
                if (boxes.get(i).getBoundsInParent().intersects(boxes.get(k).getBoundsInParent())) {
                    return true;
                }
            }
        }
        return false;
    }

    Severity worst() {
        Severity s = Severity.NONE;
        if (journey != null) {
            for (Hop h : journey.hops()) {
                s = Severity.worse(s, h.severity());
            }
        }
        return s;
    }
}
