package io.hoptrace.decoders;

import java.util.Arrays;

/**
 * The decoded form of one frame: a stack of layers, each an offset range over the frame's bytes (a flyweight
 * view, never a copy), with its status, plus the anomalies met on the way. One instance is reused from frame to
 * frame on the hot path; {@link #reset} clears it. Callers that keep a value copy it out (records at the edges).
 *
 * <p>Offsets are absolute indexes into the layer's byte array ({@link #bytes(int)}), which is the frame array
 * for every layer except messages reassembled from several TCP segments.
 */
public final class Dissection {
    /** A segment can hold many small BGP messages; past this many layers decoding stops with an anomaly. */
    public static final int MAX_LAYERS = 64;
    public static final int MAX_ANOMALIES = 32;

    public static final Anomaly TOO_MANY_LAYERS = Anomaly.register("frame.layers.too-many",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.WARNING, "more layers than hoptrace keeps for one frame");
    public static final Anomaly ENCAP_TOO_DEEP = Anomaly.register("encap.too-deep",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.WARNING, "tunnels nested deeper than the configured limit");

    private final DecoderRegistry registry;
    private StreamTable streams;

    // frame
    private byte[] frame;
    private int frameStart;
    private int capturedLength;
    private int wireLength;
    private int linkType;
    private long number;
    private long timestampNanos;
    private int interfaceId;

    // layers
    private int layerCount;
    private final Protocol[] protocol = new Protocol[MAX_LAYERS];
    private final LayerDecoder[] decoder = new LayerDecoder[MAX_LAYERS];
    private final byte[][] buffer = new byte[MAX_LAYERS][];
    private final int[] offset = new int[MAX_LAYERS];
    private final int[] headerLength = new int[MAX_LAYERS];
    private final int[] end = new int[MAX_LAYERS];
    private final LayerStatus[] status = new LayerStatus[MAX_LAYERS];
    private final int[] depth = new int[MAX_LAYERS];
    private final boolean[] quoted = new boolean[MAX_LAYERS];

    // anomalies
    private int anomalyCount;
    private final Anomaly[] anomaly = new Anomaly[MAX_ANOMALIES];
    private final int[] anomalyLayer = new int[MAX_ANOMALIES];
    private final int[] anomalyOffset = new int[MAX_ANOMALIES];
    private final int[] anomalyLength = new int[MAX_ANOMALIES];
    private int anomaliesDropped;

    // decoding context
    private int currentDepth;
    private boolean fragmentPayload;
    private boolean inQuote;

    public Dissection(DecoderRegistry registry) {
        this.registry = registry;
    }

    /** Starts a new frame; {@code bytes[start, start+capturedLength)} holds the frame as captured. */
    public Dissection reset(byte[] bytes, int start, int capturedLength, int wireLength, int linkType) {
        this.frame = bytes;
        this.frameStart = start;
        this.capturedLength = capturedLength;
        this.wireLength = Math.max(wireLength, capturedLength);
        this.linkType = linkType;
        this.layerCount = 0;
        this.anomalyCount = 0;
        this.anomaliesDropped = 0;
        this.currentDepth = 0;
        this.fragmentPayload = false;
        this.inQuote = false;
        return this;
    }

    /** Capture metadata, kept only so printers and rules can name the frame. */
    public Dissection meta(long number, long timestampNanos, int interfaceId) {
        this.number = number;
        this.timestampNanos = timestampNanos;
        this.interfaceId = interfaceId;
        return this;
    }

    // ---- used by decoders --------------------------------------------------------------------------------

    public DecoderRegistry registry() {
        return registry;
    }

    /** Per-stream state that outlives one frame (BGP split across TCP segments); null when frames stand alone. */
    public StreamTable streams() {
        return streams;
    }

    public Dissection streams(StreamTable table) {
        this.streams = table;
        return this;
    }

    /**
     * Adds a layer and returns its index, or -1 when the frame already has {@link #MAX_LAYERS} layers (then the
     * caller stops decoding). {@code end} is the end of the bytes this layer covers, payload included.
     */
    public int addLayer(Protocol p, LayerDecoder dec, byte[] bytes, int off, int hdrLen, int layerEnd) {
        if (layerCount == MAX_LAYERS) {
            anomaly(layerCount - 1, TOO_MANY_LAYERS, off, 0);
            return -1;
        }
        int i = layerCount++;
        protocol[i] = p;
        decoder[i] = dec;
        buffer[i] = bytes;
        offset[i] = off;
        headerLength[i] = hdrLen;
        end[i] = layerEnd;
        status[i] = LayerStatus.OK;
        depth[i] = currentDepth;
        quoted[i] = inQuote;
        return i;
    }

    public void setHeaderLength(int layer, int hdrLen) {
        headerLength[layer] = hdrLen;
    }

    public void setEnd(int layer, int layerEnd) {
        end[layer] = layerEnd;
    }

    public void setStatus(int layer, LayerStatus s) {
        status[layer] = s;
    }

    /** Records an anomaly at {@code [off, off+len)} of the layer's bytes; never throws, drops past the limit. */
    public void anomaly(int layer, Anomaly a, int off, int len) {
        if (anomalyCount == MAX_ANOMALIES) {
            anomaliesDropped++;
            return;
        }
        int i = anomalyCount++;
        anomaly[i] = a;
        anomalyLayer[i] = layer;
        anomalyOffset[i] = off;
        anomalyLength[i] = len;
    }

    /**
     * The status for a layer that needs bytes past {@code limit}: {@link LayerStatus#TRUNCATED} when the limit is
     * the end of a frame the capture cut short (snaplen), otherwise {@link LayerStatus#MALFORMED}.
     */
    public LayerStatus shortStatus(int limit) {
        return limit >= captureEnd() && capturedLength < wireLength ? LayerStatus.TRUNCATED : LayerStatus.MALFORMED;
    }

    /** Enters a tunnel's payload; false (with an anomaly) when that would pass the configured depth limit. */
    public boolean enterTunnel(int layer, int off) {
        if (currentDepth >= registry.config().maxEncapsulationDepth()) {
            anomaly(layer, ENCAP_TOO_DEEP, off, 0);
            return false;
        }
        currentDepth++;
        return true;
    }

    /**
     * Marks the layers added until {@link #endQuote} as quoted: the original header an ICMP error carries. They
     * are decoded like any other but are not this packet's own addresses, so flow logic skips them.
     */
    public void beginQuote() {
        inQuote = true;
    }

    public void endQuote() {
        inQuote = false;
    }

    public boolean inQuote() {
        return inQuote;
    }

    public int currentDepth() {
        return currentDepth;
    }

    /**
     * True while decoding the payload of a first IPv4 fragment: the transport header is there but the lengths it
     * claims run into later fragments, which is not malformed.
     */
    public boolean fragmentPayload() {
        return fragmentPayload;
    }

    public void fragmentPayload(boolean value) {
        this.fragmentPayload = value;
    }

    // ---- read by printers, rules and the UI ------------------------------------------------------------------

    public byte[] frame() {
        return frame;
    }

    public int frameStart() {
        return frameStart;
    }

    public int capturedLength() {
        return capturedLength;
    }

    public int wireLength() {
        return wireLength;
    }

    public int captureEnd() {
        return frameStart + capturedLength;
    }

    public int linkType() {
        return linkType;
    }

    public long number() {
        return number;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public int interfaceId() {
        return interfaceId;
    }

    public int layerCount() {
        return layerCount;
    }

    public Protocol protocol(int layer) {
        return protocol[layer];
    }

    public LayerDecoder decoder(int layer) {
        return decoder[layer];
    }

    public byte[] bytes(int layer) {
        return buffer[layer];
    }

    public int offset(int layer) {
        return offset[layer];
    }

    public int headerLength(int layer) {
        return headerLength[layer];
    }

    /** Start of the layer's payload. */
    public int payloadOffset(int layer) {
        return offset[layer] + headerLength[layer];
    }

    public int end(int layer) {
        return end[layer];
    }

    public LayerStatus status(int layer) {
        return status[layer];
    }

    /** Encapsulation depth: 0 for the outer stack, 1 inside the first tunnel, ... */
    public int depth(int layer) {
        return depth[layer];
    }

    /** True for layers inside an ICMP error's quoted original datagram. */
    public boolean quoted(int layer) {
        return quoted[layer];
    }

    /** Index of the first layer of {@code p} at or after {@code from}, or -1. */
    public int find(Protocol p, int from) {
        for (int i = from; i < layerCount; i++) {
            if (protocol[i] == p) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last layer of {@code p} that is the packet's own (innermost, not quoted), or -1. */
    public int findLast(Protocol p) {
        for (int i = layerCount - 1; i >= 0; i--) {
            if (protocol[i] == p && !quoted[i]) {
                return i;
            }
        }
        return -1;
    }

    public int anomalyCount() {
        return anomalyCount;
    }

    public Anomaly anomaly(int i) {
        return anomaly[i];
    }

    public int anomalyLayer(int i) {
        return anomalyLayer[i];
    }

    public int anomalyOffset(int i) {
        return anomalyOffset[i];
    }

    public int anomalyLength(int i) {
        return anomalyLength[i];
    }

    public int anomaliesDropped() {
        return anomaliesDropped;
    }

    /**
     * The worst status over the packet's own layers (OK when every layer decoded fully). Quoted layers are left
     * out: an ICMP error quotes only the start of the original datagram, which is expected, not a problem.
     */
    public LayerStatus worstStatus() {
        LayerStatus worst = LayerStatus.OK;
        for (int i = 0; i < layerCount; i++) {
            if (quoted[i]) {
                continue;
            }
            if (status[i] == LayerStatus.MALFORMED) {
                return LayerStatus.MALFORMED;
            }
            if (status[i] != LayerStatus.OK && worst == LayerStatus.OK) {
                worst = status[i];
            }
        }
        return worst;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Dissection[");
        for (int i = 0; i < layerCount; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(protocol[i].key()).append('@').append(offset[i] - (buffer[i] == frame ? frameStart : 0));
            if (status[i] != LayerStatus.OK) {
                sb.append('(').append(status[i].key()).append(')');
            }
        }
        if (anomalyCount > 0) {
            sb.append(" anomalies=").append(Arrays.toString(Arrays.copyOf(anomaly, anomalyCount)));
        }
        return sb.append(']').toString();
    }
}
