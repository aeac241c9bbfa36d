package io.hoptrace.decoders.tunnel;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.ip.Shortness;

/**
 * An MPLS label stack (RFC 3032): 4-byte entries (20-bit label, 3-bit traffic class, bottom-of-stack bit, TTL)
 * down to the entry with the S bit, then the labelled packet. The whole stack is one layer (its entries are an
 * array in {@link #describe}), so a frame with a deep stack does not use up the dissection's layers.
 *
 * <p>MPLS carries no type for its payload; as routers and tcpdump do, the first nibble after the stack decides:
 * 4 is IPv4, 6 is IPv6, anything else (a pseudowire control word, an Ethernet pseudowire) stays data.
 *
 * <p>Two bindings. On ethertypes 0x8847/0x8848 and PPP's 0x0281/0x0283 ({@link #INSTANCE}) the stack is a shim
 * between the link and the network layer: the IP packet inside is the frame's own packet, so it stays at the
 * same encapsulation depth and the summary reads {@code MPLS (label 16, tc 0, [S], ttl 64) IP a > b: ...}, as
 * tcpdump prints it. MPLS in UDP (RFC 7510, {@link #IN_UDP}, on {@code DecoderConfig.mplsUdpPorts()}) carries a
 * packet inside another IP packet, so it is a tunnel like VXLAN: the stack stays with the outer packet and the
 * labelled packet is one level deeper (and counts against the nesting limit).
 */
public final class MplsDecoder implements LayerDecoder {
    public static final int ENTRY_LENGTH = 4;
    public static final int ETHERTYPE_UNICAST = 0x8847;
    public static final int ETHERTYPE_MULTICAST = 0x8848;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;

    public static final Anomaly HEADER_SHORT = Anomaly.register("mpls.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 4 bytes for an MPLS label stack entry");
    public static final Anomaly BOTTOM_MISSING = Anomaly.register("mpls.bottom.missing", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "MPLS label stack runs to the end of the packet without a bottom-of-stack bit");

    /** MPLS on an ethertype or a PPP protocol: the payload is the frame's own packet, at the same depth. */
    public static final MplsDecoder INSTANCE = new MplsDecoder(false);
    /** MPLS in UDP (RFC 7510): the labelled packet is a tunnel's inner packet, one level deeper. */
    public static final MplsDecoder IN_UDP = new MplsDecoder(true);

    private final boolean tunnel;

    private MplsDecoder(boolean tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public Protocol protocol() {
        return Protocol.MPLS;
    }

    /** True for the MPLS-in-UDP binding, whose payload is a tunnel's inner packet. */
    public boolean isTunnel() {
        return tunnel;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        int p = offset;
        boolean bottom = false;
        while (!bottom && p + ENTRY_LENGTH <= limit) {
            bottom = (b[p + 2] & 0x01) != 0;
            p += ENTRY_LENGTH;
        }
        int header = p - offset;
        if (header == 0) {
            int i = d.addLayer(Protocol.MPLS, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int layer = d.addLayer(Protocol.MPLS, this, b, offset, header, limit);
        if (layer < 0) {
            return;
        }
        if (!bottom) {
            Shortness.mark(d, layer, Shortness.header(d, limit), BOTTOM_MISSING, offset, available);
            return;
        }
        if (p >= limit || tunnel && !d.enterTunnel(layer, p)) {
            return;
        }
        int version = (b[p] & 0xF0) >> 4;
        LayerDecoder next = version == 4 ? d.registry().etherType(ETHERTYPE_IPV4)
                : version == 6 ? d.registry().etherType(ETHERTYPE_IPV6) : null;
        d.registry().handOff(next, d, b, p, limit);
    }

    // ---- accessors (entry k of the layer's stack; callers keep k below entries()) ------------------------------

    /** Complete stack entries in the layer (the last one has the S bit unless the stack ran out). */
    public static int entries(Dissection d, int layer) {
        return d.headerLength(layer) / ENTRY_LENGTH;
    }

    public static int label(Dissection d, int layer, int k) {
        return Bytes.u24(d.bytes(layer), entry(d, layer, k)) >>> 4;
    }

    public static int trafficClass(Dissection d, int layer, int k) {
        return (Bytes.u8(d.bytes(layer), entry(d, layer, k) + 2) >> 1) & 0x07;
    }

    public static boolean bottomOfStack(Dissection d, int layer, int k) {
        return (Bytes.u8(d.bytes(layer), entry(d, layer, k) + 2) & 0x01) != 0;
    }

    public static int ttl(Dissection d, int layer, int k) {
        return Bytes.u8(d.bytes(layer), entry(d, layer, k) + 3);
    }

    private static int entry(Dissection d, int layer, int k) {
        return d.offset(layer) + k * ENTRY_LENGTH;
    }

    // ---- output ------------------------------------------------------------------------------------------------

    /** {@code MPLS (label 100704, tc 0, [S], ttl 1)}, one parenthesis per entry; {@code [|MPLS]} when cut. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        int n = entries(d, layer);
        if (n == 0) {
            out.append("[|MPLS]");
            return;
        }
        out.append("MPLS");
        for (int k = 0; k < n; k++) {
            out.append(" (label ").append(label(d, layer, k)).append(", tc ").append(trafficClass(d, layer, k));
            if (bottomOfStack(d, layer, k)) {
                out.append(", [S]");
            }
            out.append(", ttl ").append(ttl(d, layer, k)).append(')');
        }
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        int n = entries(d, layer);
        if (n == 0) {
            out.field("header.length", d.headerLength(layer), d.offset(layer), d.headerLength(layer));
            return;
        }
        out.beginArray("stack");
        for (int k = 0; k < n; k++) {
            int o = entry(d, layer, k);
            out.beginObject(null, o, ENTRY_LENGTH);
            out.field("label", label(d, layer, k), o, 3);
            out.field("tc", trafficClass(d, layer, k), o + 2, 1);
            out.field("bottom", bottomOfStack(d, layer, k), o + 2, 1);
            out.field("ttl", ttl(d, layer, k), o + 3, 1);
            out.endObject();
        }
        out.endArray();
    }
}
