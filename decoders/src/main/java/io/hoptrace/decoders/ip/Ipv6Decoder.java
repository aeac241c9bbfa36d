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
 * IPv6 (RFC 8200) with its extension header chain folded into the layer's header: hop-by-hop, routing,
 * destination options and the like (8-octet units), fragment (fixed 8 bytes), AH (RFC 4302: 4-octet units plus
 * 2). ESP ends what can be read; its payload is handed on like any unknown protocol.
 */
public final class Ipv6Decoder implements LayerDecoder {
    public static final Ipv6Decoder INSTANCE = new Ipv6Decoder();

    public static final int HEADER = 40;
    /** Past this many extension headers the chain is not followed (a loop of tiny headers costs time, not use). */
    public static final int MAX_EXTENSIONS = 16;

    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int NO_NEXT_HEADER = 59;
    public static final int DESTINATION_OPTIONS = 60;

    public static final Anomaly HEADER_SHORT = Anomaly.register("ipv6.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 40 bytes for the IPv6 header");
    public static final Anomaly VERSION_BAD = Anomaly.register("ipv6.version.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "version field is not 6");
    public static final Anomaly PAYLOAD_LENGTH_BAD = Anomaly.register("ipv6.payload-length.bad",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "payload length runs past the packet");
    public static final Anomaly PAYLOAD_LENGTH_ZERO = Anomaly.register("ipv6.payload-length.zero",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.NOTE,
            "payload length 0: a jumbogram or BIG TCP super-packet, length taken from the capture");
    public static final Anomaly EXTENSION_SHORT = Anomaly.register("ipv6.extension.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "an extension header runs past the payload");
    public static final Anomaly EXTENSIONS_TOO_MANY = Anomaly.register("ipv6.extension.too-many",
            Anomaly.Group.PROTOCOL, Anomaly.Severity.WARNING, "more extension headers than hoptrace follows");

    private Ipv6Decoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.IPV6;
    }

    static boolean isExtension(int type) {
        return switch (type) {
            case HOP_BY_HOP, ROUTING, DESTINATION_OPTIONS, 135, 139, 140, FRAGMENT, IpLayers.AH -> true;
            default -> false;
        };
    }

    /** Length of the extension header {@code type} at {@code p} (its first two bytes present), or -1 if not one. */
    static int extensionLength(byte[] b, int p, int type) {
        return switch (type) {
            case HOP_BY_HOP, ROUTING, DESTINATION_OPTIONS, 135, 139, 140 -> ((b[p + 1] & 0xFF) + 1) * 8;
            case FRAGMENT -> 8;
            case IpLayers.AH -> ((b[p + 1] & 0xFF) + 2) * 4;
            default -> -1;
        };
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER) {
            int i = d.addLayer(Protocol.IPV6, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int i = d.addLayer(Protocol.IPV6, this, b, offset, HEADER, limit);
        if (i < 0) {
            return;
        }
        if (((b[offset] & 0xFF) >> 4) != 6) {
            Shortness.malformed(d, i, VERSION_BAD, offset, 1);
            return;
        }
        int payloadLength = Bytes.u16(b, offset + 4);
        int end;
        if (payloadLength == 0) {
            d.anomaly(i, PAYLOAD_LENGTH_ZERO, offset + 4, 2);
            end = limit;
        } else if (HEADER + payloadLength > available) {
            Shortness.mark(d, i, Shortness.length(d, limit), PAYLOAD_LENGTH_BAD, offset + 4, 2);
            end = limit;
        } else {
            end = offset + HEADER + payloadLength;
        }
        d.setEnd(i, end);

        int next = b[offset + 6] & 0xFF;
        int p = offset + HEADER;
        int fragment = -1;
        for (int count = 0; ; count++) {
            if (p + 2 > end) {
                if (!isExtension(next)) {
                    break; // an upper layer with no bytes, or nothing at all
                }
                d.setHeaderLength(i, p - offset);
                Shortness.mark(d, i, Shortness.header(d, end), EXTENSION_SHORT, p, end - p);
                return;
            }
            int len = extensionLength(b, p, next);
            if (len < 0) {
                break;
            }
            if (count == MAX_EXTENSIONS) {
                d.anomaly(i, EXTENSIONS_TOO_MANY, p, 0);
                d.setHeaderLength(i, p - offset);
                return;
            }
            if (p + len > end) {
                d.setHeaderLength(i, p - offset);
                Shortness.mark(d, i, Shortness.header(d, end), EXTENSION_SHORT, p, end - p);
                return;
            }
            if (next == FRAGMENT) {
                fragment = p;
            }
            next = b[p] & 0xFF;
            p += len;
        }
        d.setHeaderLength(i, p - offset);

        boolean more = false;
        if (fragment >= 0) {
            int field = Bytes.u16(b, fragment + 2);
            if ((field & 0xFFF8) != 0) {
                if (d.status(i) == LayerStatus.OK) {
                    d.setStatus(i, LayerStatus.FRAGMENT);
                }
                return;
            }
            more = (field & 1) != 0;
        }
        if (next == NO_NEXT_HEADER) {
            return;
        }
        boolean outer = d.fragmentPayload();
        d.fragmentPayload(outer || more);
        d.registry().handOff(d.registry().ipProtocol(next), d, b, p, end);
        d.fragmentPayload(outer);
    }

    // ---- field access (valid when the layer's header length is at least 40) --------------------------------

    public static int payloadLength(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 4);
    }

    public static int trafficClass(Dissection d, int layer) {
        return (Bytes.u16(d.bytes(layer), d.offset(layer)) >> 4) & 0xFF;
    }

    public static int flowLabel(Dissection d, int layer) {
        return Bytes.i32(d.bytes(layer), d.offset(layer)) & 0xFFFFF;
    }

    public static int hopLimit(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 7);
    }

    /** The protocol after the extension headers that were decoded (the upper layer, or 44 etc. if cut short). */
    public static int upperProtocol(Dissection d, int layer) {
        byte[] b = d.bytes(layer);
        int next = b[d.offset(layer) + 6] & 0xFF;
        int p = d.offset(layer) + HEADER;
        int stop = d.payloadOffset(layer);
        while (p < stop) {
            int len = extensionLength(b, p, next);
            if (len < 0) {
                break;
            }
            next = b[p] & 0xFF;
            p += len;
        }
        return next;
    }

    /** Offset of the fragment extension header, or -1 when the packet has none. */
    public static int fragmentHeader(Dissection d, int layer) {
        byte[] b = d.bytes(layer);
        int next = b[d.offset(layer) + 6] & 0xFF;
        int p = d.offset(layer) + HEADER;
        int stop = d.payloadOffset(layer);
        while (p < stop) {
            if (next == FRAGMENT) {
                return p;
            }
            int len = extensionLength(b, p, next);
            if (len < 0) {
                break;
            }
            next = b[p] & 0xFF;
            p += len;
        }
        return -1;
    }

    public static boolean isFragment(Dissection d, int layer) {
        return fragmentHeader(d, layer) >= 0;
    }

    /** Fragment offset in bytes (0 without a fragment header). */
    public static int fragmentOffset(Dissection d, int layer) {
        int f = fragmentHeader(d, layer);
        return f < 0 ? 0 : Bytes.u16(d.bytes(layer), f + 2) & 0xFFF8;
    }

    public static boolean moreFragments(Dissection d, int layer) {
        int f = fragmentHeader(d, layer);
        return f >= 0 && (Bytes.u16(d.bytes(layer), f + 2) & 1) != 0;
    }

    public static long identification(Dissection d, int layer) {
        int f = fragmentHeader(d, layer);
        return f < 0 ? 0 : Bytes.u32(d.bytes(layer), f + 4);
    }

    /** Appends {@code frag id 573, offset 1448, flags [+]}. */
    public static TextLine appendFragment(Dissection d, int layer, TextLine out) {
        return out.append("frag id ").append(identification(d, layer)).append(", offset ")
                .append(fragmentOffset(d, layer)).append(", flags [")
                .append(moreFragments(d, layer) ? "+" : "none").append(']');
    }

    /** The protocol the fragment header names (what the reassembled payload is), or the upper protocol. */
    public static int fragmentedProtocol(Dissection d, int layer) {
        int f = fragmentHeader(d, layer);
        return f < 0 ? upperProtocol(d, layer) : Bytes.u8(d.bytes(layer), f);
    }

    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        out.append("IP6 ");
        if (d.headerLength(layer) < HEADER) {
            out.append("length ").append(d.end(layer) - d.offset(layer));
            return;
        }
        IpLayers.appendSource(d, layer, out).append(" > ");
        IpLayers.appendDestination(d, layer, out).append(", hlim ").append(hopLimit(d, layer)).append(", ");
        if (isFragment(d, layer)) {
            appendFragment(d, layer, out).append(", ");
        }
        out.append("next-header ");
        IpLayers.appendProtocol(fragmentedProtocol(d, layer), out);
        out.append(", payload length ").append(payloadLength(d, layer));
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        if (d.headerLength(layer) < HEADER) {
            if (d.headerLength(layer) > 0) {
                out.field("version", (b[o] & 0xFF) >> 4, o, 1);
            }
            return;
        }
        out.field("version", (b[o] & 0xFF) >> 4, o, 1);
        out.field("tclass", trafficClass(d, layer), o, 2);
        out.field("flow", flowLabel(d, layer), o + 1, 3);
        out.field("plen", payloadLength(d, layer), o + 4, 2);
        out.field("nxt", b[o + 6] & 0xFF, o + 6, 1);
        out.field("hlim", hopLimit(d, layer), o + 7, 1);
        out.field("src", Bytes.ipv6(b, o + 8), o + 8, 16);
        out.field("dst", Bytes.ipv6(b, o + 24), o + 24, 16);
        int p = o + HEADER;
        int stop = d.payloadOffset(layer);
        if (p >= stop) {
            return;
        }
        out.beginArray("extensions");
        int next = b[o + 6] & 0xFF;
        while (p < stop) {
            int len = extensionLength(b, p, next);
            if (len < 0) {
                break;
            }
            out.beginObject(null, p, len);
            out.field("type", next, p, 0);
            out.field("nxt", b[p] & 0xFF, p, 1);
            out.field("length", len, p + 1, 1);
            if (next == FRAGMENT) {
                int field = Bytes.u16(b, p + 2);
                out.field("frag-offset", field & 0xFFF8, p + 2, 2);
                out.field("more", (field & 1) != 0, p + 3, 1);
                out.field("id", Bytes.u32(b, p + 4), p + 4, 4);
            }
            out.endObject();
            next = b[p] & 0xFF;
            p += len;
        }
        out.endArray();
    }
}
