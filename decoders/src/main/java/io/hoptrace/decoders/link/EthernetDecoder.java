package io.hoptrace.decoders.link;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.ip.Shortness;

/**
 * Ethernet II (LINKTYPE_ETHERNET, and the inner frame of VXLAN). The layer covers the whole frame, trailer and
 * padding included; the IP layer above stops at its own total length. 802.3 frames (a length, not a type) carry
 * LLC, which hoptrace keeps as data.
 */
public final class EthernetDecoder implements LayerDecoder {
    public static final EthernetDecoder INSTANCE = new EthernetDecoder();

    public static final int HEADER = 14;

    public static final Anomaly HEADER_SHORT = Anomaly.register("eth.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 14 bytes for the Ethernet header");

    private EthernetDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.ETHERNET;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER) {
            int i = d.addLayer(Protocol.ETHERNET, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        if (d.addLayer(Protocol.ETHERNET, this, b, offset, HEADER, limit) < 0) {
            return;
        }
        int type = Bytes.u16(b, offset + 12);
        LayerDecoder next = type <= EtherTypes.MAX_8023_LENGTH ? null : d.registry().etherType(type);
        d.registry().handOff(next, d, b, offset + HEADER, limit);
    }

    public static int etherType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 12);
    }

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER;
    }

    /** Appends {@code ethertype IPv4 (0x0800)}. */
    public static TextLine appendType(int type, TextLine out) {
        if (type <= EtherTypes.MAX_8023_LENGTH) {
            return out.append("802.3");
        }
        String name = EtherTypes.name(type);
        out.append("ethertype ").append(name != null ? name : "Unknown").append(" (0x");
        if (type < 0x1000) {
            out.append('0');
        }
        return out.appendHex(type).append(')');
    }

    /** {@code 00:16:3e:37:f6:04 > 00:30:88:01:00:02, ethertype IPv4 (0x0800), length 98} as tcpdump -e. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        if (!hasHeader(d, layer)) {
            out.append("[|ether]");
            return;
        }
        out.appendMac(b, o + 6).append(" > ").appendMac(b, o).append(", ");
        appendType(etherType(d, layer), out).append(", length ").append(d.end(layer) - o);
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        if (!hasHeader(d, layer)) {
            return;
        }
        out.field("dst", Bytes.mac(b, o), o, 6);
        out.field("src", Bytes.mac(b, o + 6), o + 6, 6);
        out.field("type", etherType(d, layer), o + 12, 2);
    }
}
