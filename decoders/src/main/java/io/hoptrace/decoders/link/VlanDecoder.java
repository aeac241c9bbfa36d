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
 * An IEEE 802.1Q tag (ethertype 0x8100) or an 802.1ad service tag (0x88a8); QinQ is two of these layers in a
 * row, each naming the next ethertype.
 */
public final class VlanDecoder implements LayerDecoder {
    public static final VlanDecoder INSTANCE = new VlanDecoder();

    public static final int HEADER = 4;

    public static final Anomaly HEADER_SHORT = Anomaly.register("vlan.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 4 bytes for the VLAN tag");

    private VlanDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.VLAN;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER) {
            int i = d.addLayer(Protocol.VLAN, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        if (d.addLayer(Protocol.VLAN, this, b, offset, HEADER, limit) < 0) {
            return;
        }
        int type = Bytes.u16(b, offset + 2);
        LayerDecoder next = type <= EtherTypes.MAX_8023_LENGTH ? null : d.registry().etherType(type);
        d.registry().handOff(next, d, b, offset + HEADER, limit);
    }

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER;
    }

    public static int vlanId(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer)) & 0x0FFF;
    }

    public static int priority(Dissection d, int layer) {
        return (Bytes.u8(d.bytes(layer), d.offset(layer)) >> 5) & 0x7;
    }

    /** Drop eligible indicator. */
    public static boolean dropEligible(Dissection d, int layer) {
        return (Bytes.u8(d.bytes(layer), d.offset(layer)) & 0x10) != 0;
    }

    public static int etherType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 2);
    }

    /** {@code vlan 100, p 0, ethertype IPv4 (0x0800)} as tcpdump -e. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        if (!hasHeader(d, layer)) {
            out.append("[|vlan]");
            return;
        }
        out.append("vlan ").append(vlanId(d, layer)).append(", p ").append(priority(d, layer));
        if (dropEligible(d, layer)) {
            out.append(", DEI");
        }
        out.append(", ");
        EthernetDecoder.appendType(etherType(d, layer), out);
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        if (!hasHeader(d, layer)) {
            return;
        }
        int o = d.offset(layer);
        out.field("priority", priority(d, layer), o, 1);
        out.field("dei", dropEligible(d, layer), o, 1);
        out.field("id", vlanId(d, layer), o, 2);
        out.field("type", etherType(d, layer), o + 2, 2);
    }
}
