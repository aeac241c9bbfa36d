package io.hoptrace.decoders.ip;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * IPv4 (RFC 791). The layer ends where the total length says, so Ethernet padding after it is ignored. A total
 * length of 0 is what Linux GSO and BIG TCP leave in captured super-packets: the captured length stands in, with a
 * note. Fragments: the first hands its payload on (the transport lengths run into later fragments), later ones
 * are marked {@link LayerStatus#FRAGMENT} and not decoded further.
 */
public final class Ipv4Decoder implements LayerDecoder {
    public static final Ipv4Decoder INSTANCE = new Ipv4Decoder();

    public static final int MIN_HEADER = 20;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;

    public static final Anomaly HEADER_SHORT = Anomaly.register("ipv4.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 20 bytes for the IPv4 header");
    public static final Anomaly VERSION_BAD = Anomaly.register("ipv4.version.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "version field is not 4");
    public static final Anomaly HEADER_LENGTH_BAD = Anomaly.register("ipv4.header-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "header length (IHL) below 5 words");
    public static final Anomaly HEADER_LENGTH_SHORT = Anomaly.register("ipv4.header-length.short",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "header length (IHL) runs past the packet");
    public static final Anomaly TOTAL_LENGTH_BAD = Anomaly.register("ipv4.total-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR,
            "total length runs past the packet or is smaller than the header");
    public static final Anomaly TOTAL_LENGTH_ZERO = Anomaly.register("ipv4.total-length.zero",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.NOTE,
            "total length 0: a GSO or BIG TCP super-packet, length taken from the capture");
    public static final Anomaly CHECKSUM_BAD = Anomaly.register("ipv4.checksum.bad", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.WARNING, "header checksum does not match");
    public static final Anomaly OPTION_LENGTH_BAD = Anomaly.register("ipv4.option-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.WARNING, "an option's length runs past the header");

    private Ipv4Decoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.IPV4;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < MIN_HEADER) {
            int i = d.addLayer(Protocol.IPV4, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int i = d.addLayer(Protocol.IPV4, this, b, offset, MIN_HEADER, limit);
        if (i < 0) {
            return;
        }
        int versionIhl = b[offset] & 0xFF;
        if ((versionIhl >> 4) != 4) {
            Shortness.malformed(d, i, VERSION_BAD, offset, 1);
            return;
        }
        int ihl = (versionIhl & 0x0F) * 4;
        if (ihl < MIN_HEADER) {
            Shortness.malformed(d, i, HEADER_LENGTH_BAD, offset, 1);
            return;
        }
        if (ihl > available) {
            d.setHeaderLength(i, available);
            Shortness.mark(d, i, Shortness.header(d, limit), HEADER_LENGTH_SHORT, offset, 1);
            return;
        }
        d.setHeaderLength(i, ihl);
        if (!InternetChecksum.verifies(InternetChecksum.add(0, b, offset, ihl))) {
            d.anomaly(i, CHECKSUM_BAD, offset + 10, 2);
        }
        if (ihl > MIN_HEADER) {
            checkOptions(d, i, b, offset + MIN_HEADER, offset + ihl);
        }

        int total = Bytes.u16(b, offset + 2);
        int end;
        if (total == 0) {
            d.anomaly(i, TOTAL_LENGTH_ZERO, offset + 2, 2);
            end = limit;
        } else if (total < ihl) {
            Shortness.malformed(d, i, TOTAL_LENGTH_BAD, offset + 2, 2);
            d.setEnd(i, offset + ihl);
            return;
        } else if (total > available) {
            Shortness.mark(d, i, Shortness.length(d, limit), TOTAL_LENGTH_BAD, offset + 2, 2);
            end = limit;
        } else {
            end = offset + total;
        }
        d.setEnd(i, end);

        int fragment = Bytes.u16(b, offset + 6);
        if ((fragment & 0x1FFF) != 0) {
            if (d.status(i) == LayerStatus.OK) {
                d.setStatus(i, LayerStatus.FRAGMENT);
            }
            return;
        }
        boolean outer = d.fragmentPayload();
        d.fragmentPayload(outer || (fragment & FLAG_MF) != 0);
        d.registry().handOff(d.registry().ipProtocol(b[offset + 9]), d, b, offset + ihl, end);
        d.fragmentPayload(outer);
    }

    private static void checkOptions(Dissection d, int layer, byte[] b, int p, int end) {
        while (p < end) {
            int kind = b[p] & 0xFF;
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                p++;
                continue;
            }
            int len = p + 1 < end ? b[p + 1] & 0xFF : 0;
            if (len < 2 || p + len > end) {
                d.anomaly(layer, OPTION_LENGTH_BAD, p, end - p);
                return;
            }
            p += len;
        }
    }

    // ---- field access for rules and printers (valid when the layer's header length is at least 20) ----------

    public static int totalLength(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 2);
    }

    public static int identification(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 4);
    }

    public static boolean dontFragment(Dissection d, int layer) {
        return (Bytes.u16(d.bytes(layer), d.offset(layer) + 6) & FLAG_DF) != 0;
    }

    public static boolean moreFragments(Dissection d, int layer) {
        return (Bytes.u16(d.bytes(layer), d.offset(layer) + 6) & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes. */
    public static int fragmentOffset(Dissection d, int layer) {
        return (Bytes.u16(d.bytes(layer), d.offset(layer) + 6) & 0x1FFF) * 8;
    }

    /** True for any fragment, first or not. */
    public static boolean isFragment(Dissection d, int layer) {
        return (Bytes.u16(d.bytes(layer), d.offset(layer) + 6) & (FLAG_MF | 0x1FFF)) != 0;
    }

    public static int ttl(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 8);
    }

    public static int protocol(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 9);
    }

    /** The source address as an int (big-endian), for maps keyed without allocation. */
    public static int source(Dissection d, int layer) {
        return Bytes.i32(d.bytes(layer), d.offset(layer) + 12);
    }

    public static int destination(Dissection d, int layer) {
        return Bytes.i32(d.bytes(layer), d.offset(layer) + 16);
    }

    /** Appends {@code frag id 573, offset 1480, flags [+, DF]}. */
    public static TextLine appendFragment(Dissection d, int layer, TextLine out) {
        out.append("frag id ").append(identification(d, layer)).append(", offset ")
                .append(fragmentOffset(d, layer)).append(", flags [");
        boolean mf = moreFragments(d, layer);
        boolean df = dontFragment(d, layer);
        if (mf) {
            out.append('+');
        }
        if (df) {
            out.append(mf ? ", DF" : "DF");
        }
        if (!mf && !df) {
            out.append("none");
        }
        return out.append(']');
    }

    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        out.append("IP ");
        if (d.headerLength(layer) < MIN_HEADER) {
            out.append("length ").append(d.end(layer) - d.offset(layer));
            return;
        }
        IpLayers.appendSource(d, layer, out).append(" > ");
        IpLayers.appendDestination(d, layer, out).append(", ttl ").append(ttl(d, layer)).append(", ");
        if (isFragment(d, layer)) {
            appendFragment(d, layer, out).append(", ");
        } else {
            out.append("id ").append(identification(d, layer)).append(", ");
        }
        out.append("proto ");
        IpLayers.appendProtocol(protocol(d, layer), out);
        out.append(", length ").append(totalLength(d, layer));
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        int hl = d.headerLength(layer);
        if (hl < 1) {
            return;
        }
        out.field("version", (b[o] & 0xFF) >> 4, o, 1);
        out.field("hdr-len", (b[o] & 0x0F) * 4, o, 1);
        if (hl < MIN_HEADER) {
            return;
        }
        out.field("dscp", (b[o + 1] & 0xFF) >> 2, o + 1, 1);
        out.field("ecn", b[o + 1] & 0x03, o + 1, 1);
        out.field("len", totalLength(d, layer), o + 2, 2);
        out.field("id", identification(d, layer), o + 4, 2);
        out.field("flags.df", dontFragment(d, layer), o + 6, 1);
        out.field("flags.mf", moreFragments(d, layer), o + 6, 1);
        out.field("frag-offset", fragmentOffset(d, layer), o + 6, 2);
        out.field("ttl", ttl(d, layer), o + 8, 1);
        out.field("proto", protocol(d, layer), o + 9, 1);
        out.field("checksum", Bytes.u16(b, o + 10), o + 10, 2);
        out.field("src", Bytes.ipv4(b, o + 12), o + 12, 4);
        out.field("dst", Bytes.ipv4(b, o + 16), o + 16, 4);
        if (hl > MIN_HEADER) {
            out.beginArray("options");
            int p = o + MIN_HEADER;
            int end = o + hl;
            while (p < end) {
                int kind = b[p] & 0xFF;
                int len = kind <= 1 ? 1 : (p + 1 < end ? b[p + 1] & 0xFF : 0);
                if (len < 1 || p + len > end) {
                    len = end - p;
                }
                out.beginObject(null, p, len);
                out.field("kind", kind, p, 1);
                out.field("length", len, p, len);
                out.endObject();
                if (kind == 0) {
                    break;
                }
                p += len;
            }
            out.endArray();
        }
    }
}
