package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * BGP stream bytes that are not a whole message of their own in this segment: the middle of a message split
 * across segments (reassembled when its last segment arrives), bytes that continue a message whose start was not
 * seen, and bytes the stream already carried (a TCP retransmission). One instance per kind, so the layer's
 * decoder tells which it is.
 */
public final class BgpSegmentLayer implements LayerDecoder {
    public static final Anomaly CONTINUATION_NOTE = Anomaly.register("bgp.segment.continuation",
            Anomaly.Group.SEQUENCE, Anomaly.Severity.NOTE,
            "bytes continue a BGP message that started in a segment not seen (capture start, loss, no stream state)");
    public static final Anomaly RETRANSMITTED = Anomaly.register("bgp.segment.retransmitted",
            Anomaly.Group.SEQUENCE, Anomaly.Severity.NOTE,
            "TCP bytes already seen on this stream; their messages were decoded the first time");

    public enum Kind {
        /** Part of a split message; the whole message is decoded from the segment that completes it. */
        SPLIT("segment of a split message"),
        /** Bytes that continue a message whose start was never seen. */
        CONTINUATION("continuation"),
        /** Stream bytes seen before, sent again. */
        RETRANSMISSION("retransmission");

        private final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    public static final BgpSegmentLayer SPLIT = new BgpSegmentLayer(Kind.SPLIT);
    public static final BgpSegmentLayer CONTINUATION = new BgpSegmentLayer(Kind.CONTINUATION);
    public static final BgpSegmentLayer RETRANSMISSION = new BgpSegmentLayer(Kind.RETRANSMISSION);

    private final Kind kind;

    private BgpSegmentLayer(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public Protocol protocol() {
        return Protocol.BGP;
    }

    /** Adds this kind of layer over {@code b[off, end)}, with its note; returns the layer or -1. */
    @Override
    public void decode(Dissection d, byte[] b, int off, int end) {
        add(d, b, off, end);
    }

    int add(Dissection d, byte[] b, int off, int end) {
        int layer = BgpDecoder.addLayer(d, this, b, off, 0, end);
        if (layer >= 0) {
            if (kind == Kind.CONTINUATION) {
                d.anomaly(layer, CONTINUATION_NOTE, off, end - off);
            } else if (kind == Kind.RETRANSMISSION) {
                d.anomaly(layer, RETRANSMITTED, off, end - off);
            }
        }
        return layer;
    }

    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        out.append("BGP ").append(kind.text).append(", ").append(d.end(layer) - d.offset(layer)).append(" bytes");
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        int len = d.end(layer) - d.offset(layer);
        out.field("segment", kind.name().toLowerCase(java.util.Locale.ROOT), d.offset(layer), 0);
        out.field("length", len, d.offset(layer), len);
    }
}
