package io.hoptrace.decoders.tunnel;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * VXLAN (RFC 7348): an 8-byte header (flags, 24 reserved bits, 24-bit VNI, 8 reserved bits) in front of an inner
 * Ethernet frame, on the UDP ports {@code DecoderConfig.vxlanPorts()} names (Flannel's 8472, the IANA 4789).
 *
 * <p>Reserved bits that are not zero are an anomaly, not a reason to stop: extensions such as Group Based Policy
 * reuse them, and the inner frame is still there. A header without the I flag still carries a frame, so it is
 * decoded too, with its own anomaly.
 */
public final class VxlanDecoder implements LayerDecoder {
    public static final int HEADER_LENGTH = 8;
    /** The I flag: the VNI field is valid; RFC 7348 requires it set. */
    public static final int FLAG_VNI = 0x08;

    public static final Anomaly SHORT = Anomaly.register("vxlan.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "VXLAN header shorter than 8 bytes");
    public static final Anomaly NO_VNI_FLAG = Anomaly.register("vxlan.flags.no-vni", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "VXLAN I flag not set: the VNI is not marked valid");
    public static final Anomaly RESERVED_NOT_ZERO = Anomaly.register("vxlan.reserved.not-zero",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.NOTE, "VXLAN reserved bits are not zero (an extension such "
                    + "as Group Based Policy, or a sender that does not follow RFC 7348)");

    public static final VxlanDecoder INSTANCE = new VxlanDecoder();

    private VxlanDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.VXLAN;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int avail = limit - offset;
        if (avail < HEADER_LENGTH) {
            int layer = d.addLayer(Protocol.VXLAN, this, b, offset, Math.max(avail, 0), limit);
            if (layer >= 0) {
                d.setStatus(layer, d.shortStatus(limit));
                d.anomaly(layer, SHORT, offset, Math.max(avail, 0));
            }
            return;
        }
        int layer = d.addLayer(Protocol.VXLAN, this, b, offset, HEADER_LENGTH, limit);
        if (layer < 0) {
            return;
        }
        if ((flags(b, offset) & FLAG_VNI) == 0) {
            d.anomaly(layer, NO_VNI_FLAG, offset, 1);
        }
        if (hasReservedBits(b, offset)) {
            d.anomaly(layer, RESERVED_NOT_ZERO, offset, HEADER_LENGTH);
        }
        int inner = offset + HEADER_LENGTH;
        if (inner >= limit || !d.enterTunnel(layer, inner)) {
            return;
        }
        d.registry().handOff(d.registry().linkType(LinkType.ETHERNET), d, b, inner, limit);
    }

    // ---- accessors over the header at off (callers check 8 bytes are there) ------------------------------------

    public static int flags(byte[] b, int off) {
        return Bytes.u8(b, off);
    }

    public static int vni(byte[] b, int off) {
        return Bytes.u24(b, off + 4);
    }

    /** The 24 bits between the flags and the VNI. */
    public static int reserved1(byte[] b, int off) {
        return Bytes.u24(b, off + 1);
    }

    /** The last header byte. */
    public static int reserved2(byte[] b, int off) {
        return Bytes.u8(b, off + 7);
    }

    /** True when any bit RFC 7348 reserves (every flag but I, the 24 and the 8 reserved bits) is set. */
    public static boolean hasReservedBits(byte[] b, int off) {
        return (flags(b, off) & ~FLAG_VNI) != 0 || reserved1(b, off) != 0 || reserved2(b, off) != 0;
    }

    // ---- output ------------------------------------------------------------------------------------------------

    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        byte[] b = d.bytes(layer);
        int off = d.offset(layer);
        if (d.headerLength(layer) < HEADER_LENGTH) {
            out.append("VXLAN (header cut at ").append(d.headerLength(layer)).append(" bytes)");
            return;
        }
        out.append("VXLAN vni ").append(vni(b, off));
        if ((flags(b, off) & FLAG_VNI) == 0) {
            out.append(" (I flag not set)");
        }
        if (hasReservedBits(b, off)) {
            out.append(" (reserved bits set)");
        }
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        byte[] b = d.bytes(layer);
        int off = d.offset(layer);
        if (d.headerLength(layer) < HEADER_LENGTH) {
            out.field("header.length", d.headerLength(layer), off, d.headerLength(layer));
            return;
        }
        out.field("flags", flags(b, off), off, 1);
        out.field("flags.i", (flags(b, off) & FLAG_VNI) != 0, off, 1);
        out.field("reserved1", reserved1(b, off), off + 1, 3);
        out.field("vni", vni(b, off), off + 4, 3);
        out.field("reserved2", reserved2(b, off), off + 7, 1);
    }
}
