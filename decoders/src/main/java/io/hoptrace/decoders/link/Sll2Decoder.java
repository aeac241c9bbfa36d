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
 * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276), what {@code tcpdump -i any} writes today. Unlike v1 it
 * carries the interface index, which with the node's {@code ip -j link} names the interface a packet was seen on
 * (veth, cni0, flannel.1, eth0), and the packet type says in which direction. 20 bytes.
 */
public final class Sll2Decoder implements LayerDecoder {
    public static final Sll2Decoder INSTANCE = new Sll2Decoder();

    public static final int HEADER = 20;

    public static final Anomaly HEADER_SHORT = Anomaly.register("sll2.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 20 bytes for the Linux cooked v2 header");

    private Sll2Decoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.SLL2;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER) {
            int i = d.addLayer(Protocol.SLL2, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        if (d.addLayer(Protocol.SLL2, this, b, offset, HEADER, limit) < 0) {
            return;
        }
        LayerDecoder next = LinuxCooked.next(d.registry(), Bytes.u16(b, offset + 8), Bytes.u16(b, offset));
        d.registry().handOff(next, d, b, offset + HEADER, limit);
    }

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER;
    }

    public static int protocolType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer));
    }

    /** The kernel's interface index (the {@code ifindex} of {@code ip -j link}). */
    public static int interfaceIndex(Dissection d, int layer) {
        return Bytes.i32(d.bytes(layer), d.offset(layer) + 4);
    }

    public static int hardwareType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 8);
    }

    /** {@link LinuxCooked#HOST} ... {@link LinuxCooked#OUTGOING}. */
    public static int packetType(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 10);
    }

    public static boolean outgoing(Dissection d, int layer) {
        return packetType(d, layer) == LinuxCooked.OUTGOING;
    }

    public static int addressLength(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 11);
    }

    /** {@code ifindex 3 In}: tcpdump prints the interface name here, which only the capturing node knows. */
    public static TextLine appendInterface(Dissection d, int layer, TextLine out) {
        out.append("ifindex ").append(interfaceIndex(d, layer)).append(' ');
        return LinuxCooked.appendPacketType(packetType(d, layer), out);
    }

    /** {@code ifindex 1 In ethertype IPv4 (0x0800), length 53}. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        if (!hasHeader(d, layer)) {
            out.append("[|sll2]");
            return;
        }
        appendInterface(d, layer, out).append(' ');
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
        out.field("protocol", protocolType(d, layer), o, 2);
        out.field("ifindex", interfaceIndex(d, layer), o + 4, 4);
        out.field("hatype", hardwareType(d, layer), o + 8, 2);
        out.field("pkttype", packetType(d, layer), o + 10, 1);
        out.field("pkttype.name", LinuxCooked.packetTypeName(packetType(d, layer)), o + 10, 1);
        out.field("halen", addressLength(d, layer), o + 11, 1);
        if (addressLength(d, layer) == 6) {
            out.field("src", Bytes.mac(b, o + 12), o + 12, 6);
        }
    }
}
