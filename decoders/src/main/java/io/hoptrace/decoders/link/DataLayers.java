package io.hoptrace.decoders.link;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;

/** Bytes a link decoder recognises but cannot decode: kept as an UNSUPPORTED data layer with its anomaly. */
final class DataLayers {
    private DataLayers() {
    }

    static void unsupported(Dissection d, byte[] b, int offset, int limit, Anomaly why) {
        int i = d.addLayer(Protocol.DATA, d.registry().data(), b, offset, 0, limit);
        if (i >= 0) {
            d.setStatus(i, LayerStatus.UNSUPPORTED);
            d.anomaly(i, why, offset, Math.min(limit - offset, 4));
        }
    }
}
