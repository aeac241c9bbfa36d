package io.hoptrace.decoders;

/** Payload no decoder claims: kept as a DATA layer so its bytes stay visible. */
public final class DataDecoder implements LayerDecoder {
    @Override
    public Protocol protocol() {
        return Protocol.DATA;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        d.addLayer(Protocol.DATA, this, b, offset, 0, limit);
    }

    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        out.append("data ").append(d.end(layer) - d.offset(layer)).append(" bytes");
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        out.field("length", d.end(layer) - d.offset(layer), d.offset(layer), d.end(layer) - d.offset(layer));
    }
}
