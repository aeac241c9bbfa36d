package io.hoptrace.decoders;

/**
 * Decodes one protocol layer. Implementations are stateless and shared between threads; per-frame state lives in
 * the {@link Dissection}. A decoder never throws on packet bytes: short or contradictory input sets a
 * {@link LayerStatus} and records an {@link Anomaly}, and decoding of the frame continues where it can.
 */
public interface LayerDecoder {
    Protocol protocol();

    /**
     * Decodes the layer at {@code b[offset, limit)}: adds it to {@code d} and hands its payload on through
     * {@code d.registry()}. {@code limit} is the end of the bytes this layer may use (the captured end of the
     * frame, or the end the enclosing layer claims).
     */
    void decode(Dissection d, byte[] b, int offset, int limit);

    /** This layer's part of the one-line, tcpdump-style summary (for example {@code VXLAN vni 1}). */
    void summarize(Dissection d, int layer, TextLine out);

    /** Every decoded field of this layer, in wire order, with its byte range. */
    void describe(Dissection d, int layer, FieldSink out);
}
