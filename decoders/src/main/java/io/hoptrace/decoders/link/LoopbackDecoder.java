package io.hoptrace.decoders.link;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * BSD loopback (LINKTYPE_NULL, 0): a 4-byte address family in the capturing host's byte order, then the packet.
 * The family header gets no layer of its own (there is no protocol for it); the IP layer starts after it.
 */
public final class LoopbackDecoder implements LayerDecoder {
    public static final LoopbackDecoder INSTANCE = new LoopbackDecoder();

    public static final int HEADER = 4;
    private static final int AF_INET = 2;

    public static final Anomaly FAMILY_UNKNOWN = Anomaly.register("null.family.unknown", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "loopback address family is neither IPv4 nor IPv6");

    private LoopbackDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.DATA;
    }

    /** AF_INET6 differs by system: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30. */
    private static boolean isInet6(int family) {
        return family == 10 || family == 24 || family == 28 || family == 30;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        if (limit - offset < HEADER) {
            DataLayers.unsupported(d, b, offset, limit, FAMILY_UNKNOWN);
            return;
        }
        // the family is small, so whichever byte order gives a value below 2^16 is the writer's
        int family = Bytes.i32le(b, offset);
        if ((family & 0xFFFF0000) != 0) {
            family = Bytes.i32(b, offset);
        }
        LayerDecoder next = family == AF_INET ? d.registry().etherType(EtherTypes.IPV4)
                : isInet6(family) ? d.registry().etherType(EtherTypes.IPV6) : null;
        if (next == null) {
            DataLayers.unsupported(d, b, offset, limit, FAMILY_UNKNOWN);
            return;
        }
        if (offset + HEADER < limit) {
            next.decode(d, b, offset + HEADER, limit);
        }
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
