package io.hoptrace.decoders.tunnel;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.ip.Shortness;

/**
 * Geneve (RFC 8926), the overlay of Antrea, OVN-Kubernetes and Cilium's geneve mode, on the UDP ports
 * {@code DecoderConfig.genevePorts()} names (IANA's 6081). An 8-byte header (version, options length in 4-byte
 * words, the O (control packet) and C (critical options present) flags, a protocol type, a 24-bit VNI) and
 * variable options (class, type whose high bit marks the option critical, length in 4-byte words, data).
 *
 * <p>The protocol type is an ethertype: 0x6558 (transparent Ethernet bridging) carries an Ethernet frame, handed
 * to the Ethernet link decoder; anything else goes through the ethertype table (IPv4, IPv6, MPLS, ...). The
 * payload is a tunnel's inner packet, one level deeper.
 *
 * <p>The options length in the fixed header says where the payload starts, so an option whose own length runs
 * past the options area is malformed but the inner packet is still decoded. A version other than 0 may change the
 * whole header, so it stops decoding as unsupported.
 */
public final class GeneveDecoder implements LayerDecoder {
    public static final int HEADER_LENGTH = 8;
    public static final int OPTION_HEADER_LENGTH = 4;
    public static final int PROTOCOL_ETHERNET = 0x6558;
    /** Flag bits in the second byte. */
    public static final int FLAG_OAM = 0x80;
    public static final int FLAG_CRITICAL = 0x40;
    /** The high bit of an option's type: a tunnel endpoint that does not know the option must drop the packet. */
    public static final int OPTION_TYPE_CRITICAL = 0x80;

    public static final Anomaly HEADER_SHORT = Anomaly.register("geneve.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 8 bytes for the Geneve header");
    public static final Anomaly OPTIONS_LENGTH_BAD = Anomaly.register("geneve.options-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "Geneve options length runs past the packet");
    public static final Anomaly OPTION_LENGTH_BAD = Anomaly.register("geneve.option-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR,
            "a Geneve option runs past the options length the header gives");
    public static final Anomaly VERSION_UNKNOWN = Anomaly.register("geneve.version.unknown", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "Geneve version other than 0, not decoded further");
    public static final Anomaly RESERVED_NOT_ZERO = Anomaly.register("geneve.reserved.not-zero",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.NOTE, "Geneve reserved bits are not zero");
    public static final Anomaly CRITICAL_FLAG_MISMATCH = Anomaly.register("geneve.flags.critical-mismatch",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.NOTE,
            "Geneve C flag does not match the critical bits of the options (RFC 8926 section 3.4)");

    public static final GeneveDecoder INSTANCE = new GeneveDecoder();

    private GeneveDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.GENEVE;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER_LENGTH) {
            int i = d.addLayer(Protocol.GENEVE, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int layer = d.addLayer(Protocol.GENEVE, this, b, offset, HEADER_LENGTH, limit);
        if (layer < 0) {
            return;
        }
        if (version(b, offset) != 0) {
            d.setStatus(layer, LayerStatus.UNSUPPORTED);
            d.anomaly(layer, VERSION_UNKNOWN, offset, 1);
            return;
        }
        if ((flags(b, offset) & ~(FLAG_OAM | FLAG_CRITICAL)) != 0 || Bytes.u8(b, offset + 7) != 0) {
            d.anomaly(layer, RESERVED_NOT_ZERO, offset, HEADER_LENGTH);
        }
        int header = HEADER_LENGTH + optionsLength(b, offset);
        if (header > available) {
            // the fixed header stays the layer's header: the options present are not all there
            Shortness.mark(d, layer, Shortness.header(d, limit), OPTIONS_LENGTH_BAD, offset, 1);
            return;
        }
        d.setHeaderLength(layer, header);
        checkOptions(d, layer, b, offset + HEADER_LENGTH, offset + header);
        int inner = offset + header;
        if (inner >= limit || !d.enterTunnel(layer, inner)) {
            return;
        }
        int type = protocolType(b, offset);
        LayerDecoder next = type == PROTOCOL_ETHERNET ? d.registry().linkType(LinkType.ETHERNET)
                : d.registry().etherType(type);
        d.registry().handOff(next, d, b, inner, limit);
    }

    /** Walks the options in {@code [from, to)}: each must fit, and the C flag must say whether one is critical. */
    private static void checkOptions(Dissection d, int layer, byte[] b, int from, int to) {
        boolean critical = false;
        int p = from;
        while (p < to) {
            if (p + OPTION_HEADER_LENGTH > to || p + optionLength(b, p) > to) {
                Shortness.malformed(d, layer, OPTION_LENGTH_BAD, p, to - p);
                return;
            }
            critical |= (Bytes.u8(b, p + 2) & OPTION_TYPE_CRITICAL) != 0;
            p += optionLength(b, p);
        }
        if (critical != ((flags(b, d.offset(layer)) & FLAG_CRITICAL) != 0)) {
            d.anomaly(layer, CRITICAL_FLAG_MISMATCH, d.offset(layer) + 1, 1);
        }
    }

    // ---- accessors over the header at off (callers check 8 bytes are there) ------------------------------------

    public static int version(byte[] b, int off) {
        return Bytes.u8(b, off) >>> 6;
    }

    /** Length of the options in bytes (the header counts 4-byte words). */
    public static int optionsLength(byte[] b, int off) {
        return (Bytes.u8(b, off) & 0x3F) * 4;
    }

    public static int flags(byte[] b, int off) {
        return Bytes.u8(b, off + 1);
    }

    public static int protocolType(byte[] b, int off) {
        return Bytes.u16(b, off + 2);
    }

    public static int vni(byte[] b, int off) {
        return Bytes.u24(b, off + 4);
    }

    /** Whole length of the option at {@code p} (its 4-byte header and its data), from its 5-bit word count. */
    public static int optionLength(byte[] b, int p) {
        return OPTION_HEADER_LENGTH + (Bytes.u8(b, p + 3) & 0x1F) * 4;
    }

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER_LENGTH;
    }

    /** Options that fit in the layer's options area, in order. */
    public static int optionCount(Dissection d, int layer) {
        byte[] b = d.bytes(layer);
        int end = d.payloadOffset(layer);
        int n = 0;
        for (int p = d.offset(layer) + HEADER_LENGTH; p + OPTION_HEADER_LENGTH <= end
                && p + optionLength(b, p) <= end; p += optionLength(b, p)) {
            n++;
        }
        return n;
    }

    // ---- output ------------------------------------------------------------------------------------------------

    /** {@code Geneve vni 10}, then {@code , oam}, {@code , 3 options}, {@code , critical} as they apply. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        if (!hasHeader(d, layer)) {
            out.append("Geneve (header cut at ").append(d.headerLength(layer)).append(" bytes)");
            return;
        }
        byte[] b = d.bytes(layer);
        int off = d.offset(layer);
        if (version(b, off) != 0) {
            out.append("Geneve version ").append(version(b, off));
            return;
        }
        out.append("Geneve vni ").append(vni(b, off));
        if ((flags(b, off) & FLAG_OAM) != 0) {
            out.append(", oam");
        }
        int options = optionCount(d, layer);
        if (options > 0) {
            out.append(", ").append(options).append(options == 1 ? " option" : " options");
        }
        if ((flags(b, off) & FLAG_CRITICAL) != 0) {
            out.append(", critical");
        }
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        byte[] b = d.bytes(layer);
        int off = d.offset(layer);
        if (!hasHeader(d, layer)) {
            out.field("header.length", d.headerLength(layer), off, d.headerLength(layer));
            return;
        }
        out.field("version", version(b, off), off, 1);
        out.field("optlen", optionsLength(b, off), off, 1);
        out.field("flags.o", (flags(b, off) & FLAG_OAM) != 0, off + 1, 1);
        out.field("flags.c", (flags(b, off) & FLAG_CRITICAL) != 0, off + 1, 1);
        out.field("protocol", protocolType(b, off), off + 2, 2);
        out.field("vni", vni(b, off), off + 4, 3);
        out.field("reserved", Bytes.u8(b, off + 7), off + 7, 1);
        int end = d.payloadOffset(layer);
        if (end == off + HEADER_LENGTH) {
            return;
        }
        out.beginArray("options");
        for (int p = off + HEADER_LENGTH; p + OPTION_HEADER_LENGTH <= end && p + optionLength(b, p) <= end;
                p += optionLength(b, p)) {
            int length = optionLength(b, p);
            out.beginObject(null, p, length);
            out.field("class", Bytes.u16(b, p), p, 2);
            out.field("type", Bytes.u8(b, p + 2), p + 2, 1);
            out.field("critical", (Bytes.u8(b, p + 2) & OPTION_TYPE_CRITICAL) != 0, p + 2, 1);
            out.field("length", length, p + 3, 1);
            out.endObject();
        }
        out.endArray();
    }
}
