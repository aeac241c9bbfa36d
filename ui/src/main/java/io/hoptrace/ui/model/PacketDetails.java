package io.hoptrace.ui.model;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.TextLine;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The packet-details tree of one row, as Wireshark's middle pane: a frame line, then each layer with its fields
 * (from the decoders' {@link io.hoptrace.decoders.LayerDecoder#describe}) and its anomalies, with the byte range
 * of each so the hex view can highlight it.
 */
public final class PacketDetails {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private PacketDetails() {
    }

    /**
     * The tree for {@code row}, decoded with {@code formatter}'s decoder. {@code notes} are lines about the packet
     * from elsewhere (the findings that name it), shown first.
     */
    public static DetailNode of(int row, PacketIndex index, RowFormatter formatter, List<DetailNode> notes) {
        Dissection d = formatter.decode(row);
        int start = d.frameStart();
        DetailNode root = new DetailNode(DetailNode.Kind.FRAME, "packet " + (row + 1), 0, 0, Severity.NONE);
        notes.forEach(root::add);
        DetailNode frame = root.add(new DetailNode(DetailNode.Kind.FRAME, "Frame " + (row + 1) + ": "
                + d.wireLength() + " bytes on wire, " + d.capturedLength() + " bytes captured", 0,
                d.capturedLength(), Severity.NONE));
        long ts = index.timestamp(row);
        Instant t = Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
        String nanos = Long.toString(1_000_000_000L + Math.floorMod(ts, 1_000_000_000L)).substring(1);
        frame.add(field("arrival time: " + UTC.format(t) + "." + nanos + " UTC"));
        frame.add(field("since first packet: " + RowFormatter.relativeTime(ts - index.firstTimestamp()) + " s"));
        String node = index.labels().get(index.node(row));
        if (!node.isEmpty()) {
            frame.add(field("node: " + node));
        }
        String iface = index.labels().get(index.iface(row));
        if (!iface.isEmpty()) {
            frame.add(field("interface: " + iface));
        }
        frame.add(field("packet in its file: " + index.numberInFile(row)));
        frame.add(field("link type: " + LinkType.name(d.linkType())));
        frame.add(field("protocols: " + RowFormatter.stack(d)));

        TextLine line = new TextLine();
        for (int i = 0; i < d.layerCount(); i++) {
            boolean inFrame = d.bytes(i) == d.frame();
            int off = inFrame ? d.offset(i) - start : -1;
            line.clear();
            d.decoder(i).summarize(d, i, line);
            String label = RowFormatter.protocolName(d.protocol(i)) + (d.quoted(i) ? " (quoted)" : "")
                    + (line.length() > 0 ? ", " + line : "");
            if (d.status(i) != LayerStatus.OK) {
                label += " [" + d.status(i).key() + "]";
            }
            DetailNode layer = root.add(new DetailNode(DetailNode.Kind.LAYER, label, off,
                    inFrame ? d.end(i) - d.offset(i) : 0, Severity.NONE));
            d.decoder(i).describe(d, i, new TreeSink(layer, inFrame ? start : Integer.MIN_VALUE));
            for (int k = 0; k < d.anomalyCount(); k++) {
                if (d.anomalyLayer(k) == i) {
                    Anomaly a = d.anomaly(k);
                    layer.add(new DetailNode(DetailNode.Kind.ANOMALY, a.id() + ": " + a.description(),
                            inFrame ? d.anomalyOffset(k) - start : -1, d.anomalyLength(k), severity(a)));
                }
            }
        }
        return root;
    }

    private static DetailNode field(String label) {
        return new DetailNode(DetailNode.Kind.FIELD, label, 0, 0, Severity.NONE);
    }

    private static Severity severity(Anomaly a) {
        return switch (a.severity()) {
            case NOTE -> Severity.NOTE;
            case WARNING -> Severity.WARNING;
            case ERROR -> Severity.ERROR;
        };
    }

    /** Builds tree nodes from a layer's fields; objects and arrays nest. */
    private static final class TreeSink implements FieldSink {
        private final Deque<DetailNode> parents = new ArrayDeque<>();
        private final Deque<int[]> arrayIndex = new ArrayDeque<>();
        /** Subtracted from absolute offsets; MIN_VALUE when the layer's bytes are not the frame's. */
        private final int base;

        TreeSink(DetailNode layer, int base) {
            parents.push(layer);
            this.base = base;
        }

        private String name(String name) {
            if (name != null) {
                return name;
            }
            int[] i = arrayIndex.peek();
            return i == null ? "" : "[" + i[0]++ + "]";
        }

        private void add(String name, String value, int offset, int length) {
            boolean ok = base != Integer.MIN_VALUE;
            parents.peek().add(new DetailNode(DetailNode.Kind.FIELD, name(name) + ": " + value,
                    ok ? offset - base : -1, ok ? length : 0, Severity.NONE));
        }

        @Override
        public void field(String name, long value, int offset, int length) {
            add(name, Long.toString(value), offset, length);
        }

        @Override
        public void field(String name, String value, int offset, int length) {
            add(name, value, offset, length);
        }

        @Override
        public void field(String name, boolean value, int offset, int length) {
            add(name, Boolean.toString(value), offset, length);
        }

        @Override
        public void beginObject(String name, int offset, int length) {
            boolean ok = base != Integer.MIN_VALUE;
            DetailNode n = new DetailNode(DetailNode.Kind.FIELD, name(name), ok ? offset - base : -1,
                    ok ? length : 0, Severity.NONE);
            parents.peek().add(n);
            parents.push(n);
            arrayIndex.push(new int[] {0});
        }

        @Override
        public void endObject() {
            parents.pop();
            arrayIndex.pop();
        }

        @Override
        public void beginArray(String name) {
            DetailNode n = new DetailNode(DetailNode.Kind.FIELD, name(name), -1, 0, Severity.NONE);
            parents.peek().add(n);
            parents.push(n);
            arrayIndex.push(new int[] {0});
        }

        @Override
        public void endArray() {
            parents.pop();
            arrayIndex.pop();
        }
    }
}
