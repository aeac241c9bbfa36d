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
 * Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113), what older {@code tcpdump -i any} writes: packet type,
 * ARPHRD type, link-layer address, protocol. 16 bytes.
 */
public final class SllDecoder implements LayerDecoder {
    public static final SllDecoder INSTANCE = new SllDecoder();

    public static final int HEADER = 16;

    public static final Anomaly HEADER_SHORT = Anomaly.register("sll.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 16 bytes for the Linux cooked header");

    private SllDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.SLL;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER) {
            int i = d.addLayer(Protocol.SLL, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        if (d.addLayer(Protocol.SLL, this, b, offset, HEADER, limit) < 0) {
            return;
        }
        LayerDecoder next = LinuxCooked.next(d.registry(), Bytes.u16(b, offset + 2), Bytes.u16(b, offset + 14));
        d.registry().handOff(next, d, b, offset + HEADER, limit);
    }

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER;
    }

    /** {@link LinuxCooked#HOST} ... {@link LinuxCooked#OUTGOING}. */
    public static int packetType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer));
    }

    public static int hardwareType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 2);
    }

    public static int addressLength(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 4);
    }

    public static int protocolType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 14);
    }

    /** {@code Out ethertype IPv4 (0x0800), length 90} as tcpdump -e. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        if (!hasHeader(d, layer)) {
            out.append("[|sll]");
            return;
        }
        LinuxCooked.appendPacketType(packetType(d, layer), out).append(' ');
        EthernetDecoder.appendType(protocolType(d, layer), out).append(", length ")
                .append(d.end(layer) - d.offset(layer));
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        if (!hasHeader(d, layer)) {
            return;
        }
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        out.field("pkttype", packetType(d, layer), o, 2);
        out.field("pkttype.name", LinuxCooked.packetTypeName(packetType(d, layer)), o, 2);
        out.field("hatype", hardwareType(d, layer), o + 2, 2);
        out.field("halen", addressLength(d, layer), o + 4, 2);
        if (addressLength(d, layer) == 6) {
            out.field("src", Bytes.mac(b, o + 6), o + 6, 6);
        }
        out.field("protocol", protocolType(d, layer), o + 14, 2);
    }
}
