package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * BGP-4 over TCP (RFC 4271), bound on the TCP ports {@code DecoderConfig.bgpPorts()} names. A segment may hold
 * several messages and a message may span segments, so this frames by the 16-byte all-ones marker and each
 * message's length, and adds every message as its own {@link Protocol#BGP} layer: one bad message does not hide
 * the rest. With a {@code StreamTable} on the dissection, messages split across segments of one TCP stream are
 * reassembled (the whole message is a layer over its own byte array) and retransmitted bytes are not decoded
 * twice; without one, each segment stands alone and a message cut by the segment end is TRUNCATED with a note.
 *
 * <p>Bytes before the first marker of a segment whose start is unknown (no stream state, capture start, lost
 * segment) are a continuation of an unseen message, noted, never MALFORMED; a bad marker is only called so where
 * a message must start (after a message, or at a known stream position). After a bad marker or length, framing
 * resumes at the next marker.
 *
 * <p>Rules read a message through static accessors over {@code (d.bytes(layer), d.offset(layer))}, which allocate
 * nothing unless they return text: check {@link #isWholeMessage}, then {@link BgpMessage#type}, and use
 * {@link BgpOpen} ({@code as}, {@code holdTime}, {@code capability}), {@link BgpUpdate} ({@code forEachAnnounced},
 * {@code forEachWithdrawn}, {@code announced}/{@code withdrawn} as text, {@code nextHop}, {@code asPath},
 * {@code originAs}, {@code isEndOfRib}), {@link BgpNotification} ({@code code}, {@code subcode},
 * {@code communication}) and {@link BgpRouteRefresh}.
 */
public final class BgpDecoder implements LayerDecoder {
    public static final Anomaly MARKER = Anomaly.register("bgp.marker.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "message does not start with the 16-byte all-ones marker");
    public static final Anomaly LENGTH = Anomaly.register("bgp.length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR,
            "message length below 19, or above 4096 without extended messages (65535 with them)");
    public static final Anomaly TYPE = Anomaly.register("bgp.type.unknown", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "message type hoptrace does not know");
    public static final Anomaly KEEPALIVE_LENGTH = Anomaly.register("bgp.keepalive-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "KEEPALIVE longer than its 19-byte header");
    public static final Anomaly CONTINUES = Anomaly.register("bgp.message.continues", Anomaly.Group.SEQUENCE,
            Anomaly.Severity.NOTE, "message continues in a later TCP segment");

    public static final BgpDecoder INSTANCE = new BgpDecoder();
    /** The layer decoder of bytes that could not be framed as a message (bad marker or bad length). */
    static final BgpDecoder UNFRAMED = new BgpDecoder();

    private BgpDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.BGP;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        if (offset >= limit) {
            return;
        }
        BgpStream s = BgpStream.lookup(d);
        if (s != null) {
            s.decode(d, b, offset, limit, BgpStream.payloadSeq(d));
            return;
        }
        int tail = frame(d, b, offset, limit, false, null);
        if (tail < limit) {
            partialLayer(d, b, tail, limit, true);
        }
    }

    /**
     * Frames {@code b[pos, limit)} into message layers. {@code atBoundary}: pos is known to start a message (else
     * bytes up to the first marker are a continuation). Returns the offset of a message that the segment end
     * cuts (its header, as far as present, is valid), or {@code limit}.
     */
    static int frame(Dissection d, byte[] b, int pos, int limit, boolean atBoundary, BgpStream s) {
        int max = s != null ? s.maxLength() : BgpMessage.MAX_LENGTH;
        while (pos < limit) {
            if (!atBoundary) {
                int marker = BgpMessage.findMarker(b, pos, limit);
                int stop = marker < 0 ? limit : marker;
                if (stop > pos) {
                    BgpSegmentLayer.CONTINUATION.add(d, b, pos, stop);
                }
                pos = stop;
                atBoundary = true;
                continue;
            }
            int avail = limit - pos;
            if (!BgpMessage.isMarker(b, pos, limit)) {
                if (BgpMessage.isMarkerStart(b, pos, limit)) {
                    return pos;
                }
                int marker = BgpMessage.findMarker(b, pos + 1, limit);
                int stop = marker < 0 ? limit : marker;
                int layer = addLayer(d, UNFRAMED, b, pos, 0, stop);
                if (layer >= 0) {
                    d.setStatus(layer, LayerStatus.MALFORMED);
                    d.anomaly(layer, MARKER, pos, Math.min(avail, BgpMessage.MARKER_LENGTH));
                }
                pos = stop;
                continue;
            }
            if (avail < BgpMessage.HEADER_LENGTH) {
                return pos;
            }
            int len = BgpMessage.length(b, pos);
            if (len < BgpMessage.HEADER_LENGTH || len > max) {
                int marker = BgpMessage.findMarker(b, pos + BgpMessage.HEADER_LENGTH, limit);
                int stop = marker < 0 ? limit : marker;
                int layer = addLayer(d, UNFRAMED, b, pos, BgpMessage.HEADER_LENGTH, stop);
                if (layer >= 0) {
                    d.setStatus(layer, LayerStatus.MALFORMED);
                    d.anomaly(layer, LENGTH, pos + BgpMessage.MARKER_LENGTH, 2);
                }
                pos = stop;
                continue;
            }
            if (len > avail) {
                return pos;
            }
            message(d, b, pos, pos + len, s);
            pos += len;
        }
        return limit;
    }

    /**
     * Adds a BGP layer; once the frame is full, stops asking (the dissection records the overflow once, and
     * framing goes on without layers so the stream state stays right).
     */
    static int addLayer(Dissection d, LayerDecoder decoder, byte[] b, int off, int headerLength, int end) {
        if (d.layerCount() == Dissection.MAX_LAYERS) {
            for (int i = d.anomalyCount() - 1; i >= 0; i--) {
                if (d.anomaly(i) == Dissection.TOO_MANY_LAYERS) {
                    return -1;
                }
            }
        }
        return d.addLayer(Protocol.BGP, decoder, b, off, headerLength, end);
    }

    /** Adds and checks one whole message {@code b[m, end)}; returns its layer or -1 when the frame is full. */
    static int message(Dissection d, byte[] b, int m, int end, BgpStream s) {
        int layer = addLayer(d, INSTANCE, b, m, BgpMessage.HEADER_LENGTH, end);
        if (layer < 0) {
            return -1;
        }
        int type = BgpMessage.type(b, m);
        boolean ok = switch (type) {
            case BgpMessage.OPEN -> BgpOpen.validate(d, layer, b, m, end);
            case BgpMessage.UPDATE -> BgpUpdate.validate(d, layer, b, m, end);
            case BgpMessage.NOTIFICATION -> BgpNotification.validate(d, layer, b, m, end);
            case BgpMessage.ROUTE_REFRESH -> BgpRouteRefresh.validate(d, layer, b, m, end);
            case BgpMessage.KEEPALIVE -> {
                if (end - m != BgpMessage.HEADER_LENGTH) {
                    d.anomaly(layer, KEEPALIVE_LENGTH, m + BgpMessage.MARKER_LENGTH, 2);
                    yield false;
                }
                yield true;
            }
            default -> {
                d.anomaly(layer, TYPE, m + BgpMessage.MARKER_LENGTH + 2, 1);
                d.setStatus(layer, LayerStatus.UNSUPPORTED);
                yield true;
            }
        };
        if (!ok) {
            d.setStatus(layer, LayerStatus.MALFORMED);
        }
        if (s != null && type == BgpMessage.OPEN && ok
                && BgpOpen.capability(b, m, BgpCapabilities.EXTENDED_MESSAGE) >= 0) {
            s.announceExtendedMessages();
        }
        return layer;
    }

    /**
     * Adds the start of a message that the segment end cuts: TRUNCATED when nothing will complete it (no stream
     * state, or the capture cut the frame), else OK; with a note unless snaplen is the reason.
     */
    static void partialLayer(Dissection d, byte[] b, int off, int limit, boolean truncated) {
        int layer = addLayer(d, INSTANCE, b, off, Math.min(limit - off, BgpMessage.HEADER_LENGTH), limit);
        if (layer < 0) {
            return;
        }
        LayerStatus cut = d.shortStatus(limit);
        if (truncated) {
            d.setStatus(layer, LayerStatus.TRUNCATED);
        }
        if (cut != LayerStatus.TRUNCATED) {
            d.anomaly(layer, CONTINUES, off, limit - off);
        }
    }

    // ---- output --------------------------------------------------------------------------------------------------

    /** What a message layer holds, told from its bytes and status. */
    private enum Shape { MESSAGE, PARTIAL, BAD_MARKER, BAD_LENGTH }

    private static Shape shape(Dissection d, int layer) {
        byte[] b = d.bytes(layer);
        int m = d.offset(layer);
        int end = d.end(layer);
        if (d.decoder(layer) == UNFRAMED) {
            return BgpMessage.isMarker(b, m, end) && end - m >= BgpMessage.HEADER_LENGTH
                    ? Shape.BAD_LENGTH : Shape.BAD_MARKER;
        }
        if (end - m < BgpMessage.HEADER_LENGTH) {
            return Shape.PARTIAL;
        }
        return BgpMessage.length(b, m) == end - m ? Shape.MESSAGE : Shape.PARTIAL;
    }

    /** True when the layer holds one whole message (the accessors of BgpOpen, BgpUpdate, ... apply). */
    public static boolean isWholeMessage(Dissection d, int layer) {
        return d.protocol(layer) == Protocol.BGP && d.decoder(layer) == INSTANCE && shape(d, layer) == Shape.MESSAGE;
    }

    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        byte[] b = d.bytes(layer);
        int m = d.offset(layer);
        int end = d.end(layer);
        Shape shape = shape(d, layer);
        out.append("BGP");
        switch (shape) {
            case BAD_MARKER -> out.append(" bad marker, ").append(end - m).append(" bytes");
            case BAD_LENGTH -> BgpNames.appendMessageType(out.append(' '), BgpMessage.type(b, m))
                    .append(" bad length ").append(BgpMessage.length(b, m));
            case PARTIAL -> {
                if (end - m >= BgpMessage.HEADER_LENGTH) {
                    BgpNames.appendMessageType(out.append(' '), BgpMessage.type(b, m)).append(", first ")
                            .append(end - m).append(" of ").append(BgpMessage.length(b, m)).append(" bytes");
                } else {
                    out.append(" message start, ").append(end - m).append(" bytes");
                }
                out.append(d.status(layer) == LayerStatus.TRUNCATED ? " (cut)" : " (continues)");
            }
            case MESSAGE -> {
                int type = BgpMessage.type(b, m);
                BgpNames.appendMessageType(out.append(' '), type);
                switch (type) {
                    case BgpMessage.OPEN -> BgpOpen.summarize(out, b, m, end);
                    case BgpMessage.UPDATE -> BgpUpdateText.summarize(out, b, m);
                    case BgpMessage.NOTIFICATION -> BgpNotification.summarize(out, b, m, end);
                    case BgpMessage.ROUTE_REFRESH -> BgpRouteRefresh.summarize(out, b, m, end);
                    default -> {
                    }
                }
                if (b != d.frame()) {
                    out.append(" (reassembled)");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        byte[] b = d.bytes(layer);
        int m = d.offset(layer);
        int end = d.end(layer);
        Shape shape = shape(d, layer);
        if (shape == Shape.BAD_MARKER) {
            out.field("marker.valid", false, m, Math.min(end - m, BgpMessage.MARKER_LENGTH));
            out.field("bytes", end - m, m, end - m);
            return;
        }
        out.field("marker.valid", true, m, Math.min(end - m, BgpMessage.MARKER_LENGTH));
        if (end - m < BgpMessage.HEADER_LENGTH) {
            out.field("bytes", end - m, m, end - m);
            return;
        }
        int type = BgpMessage.type(b, m);
        out.field("length", BgpMessage.length(b, m), m + 16, 2);
        out.field("type", type, m + 18, 1);
        out.field("type.name", BgpNames.messageType(type), m + 18, 1);
        out.field("reassembled", b != d.frame(), m, 0);
        if (shape != Shape.MESSAGE) {
            out.field("bytes", end - m, m, end - m);
            return;
        }
        switch (type) {
            case BgpMessage.OPEN -> BgpOpen.describe(out, b, m, end);
            case BgpMessage.UPDATE -> BgpUpdateText.describe(out, b, m, end);
            case BgpMessage.NOTIFICATION -> BgpNotification.describe(out, b, m, end);
            case BgpMessage.ROUTE_REFRESH -> BgpRouteRefresh.describe(out, b, m, end);
            default -> {
            }
        }
    }
}
