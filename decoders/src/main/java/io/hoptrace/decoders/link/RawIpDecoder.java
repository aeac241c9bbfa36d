package io.hoptrace.decoders.link;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * LINKTYPE_RAW (101): the frame is an IP packet with no link header (Calico's tunl0, WireGuard and other layer-3
 * devices), IPv4 or IPv6 as its version nibble says. It adds no layer of its own.
 */
public final class RawIpDecoder implements LayerDecoder {
    public static final RawIpDecoder INSTANCE = new RawIpDecoder();

    public static final Anomaly VERSION_UNKNOWN = Anomaly.register("raw.version.unknown", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "raw IP frame whose version nibble is neither 4 nor 6");

    private RawIpDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.DATA;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        if (offset >= limit) {
            return;
        }
        int version = (b[offset] & 0xFF) >> 4;
        LayerDecoder next = version == 4 ? d.registry().etherType(EtherTypes.IPV4)
                : version == 6 ? d.registry().etherType(EtherTypes.IPV6) : null;
        if (next != null) {
            next.decode(d, b, offset, limit);
            return;
        }
        DataLayers.unsupported(d, b, offset, limit, VERSION_UNKNOWN);
    }

    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        d.registry().data().summarize(d, layer, out);
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        d.registry().data().describe(d, layer, out);
    }
}
