package io.hoptrace.decoders.transport;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.ip.InternetChecksum;
import io.hoptrace.decoders.ip.IpLayers;
import io.hoptrace.decoders.ip.Shortness;

/**
 * TCP (RFC 9293). The checksum is verified only when the configuration asks for it and the whole segment was captured
 * outside a fragment or an ICMP quote; a mismatch is a note, because captures taken on the sending host carry checksums the NIC fills in later.
 * The payload goes to whatever is bound on the lower, then the higher port (BGP binds 179).
 */
public final class TcpDecoder implements LayerDecoder {
    public static final TcpDecoder INSTANCE = new TcpDecoder();

    public static final int MIN_HEADER = 20;
    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    /** ECN nonce (RFC 3540, historic), the low bit of the data offset byte. */
    public static final int NS = 0x100;

    public static final Anomaly HEADER_SHORT = Anomaly.register("tcp.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 20 bytes for the TCP header");
    public static final Anomaly DATA_OFFSET_BAD = Anomaly.register("tcp.data-offset.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "data offset below 5 words");
    public static final Anomaly DATA_OFFSET_SHORT = Anomaly.register("tcp.data-offset.short",
            Anomaly.Group.MALFORMED, Anomaly.Severity.ERROR, "data offset runs past the segment");
    public static final Anomaly CHECKSUM_BAD = Anomaly.register("tcp.checksum.bad", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.NOTE, "checksum does not match (often offloaded to the NIC on the capturing host)");

    private TcpDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.TCP;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < MIN_HEADER) {
            int i = d.addLayer(Protocol.TCP, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int i = d.addLayer(Protocol.TCP, this, b, offset, MIN_HEADER, limit);
        if (i < 0) {
            return;
        }
        int dataOffset = ((b[offset + 12] & 0xFF) >> 4) * 4;
        if (dataOffset < MIN_HEADER) {
            Shortness.malformed(d, i, DATA_OFFSET_BAD, offset + 12, 1);
            return;
        }
        if (dataOffset > available) {
            d.setHeaderLength(i, available);
            Shortness.mark(d, i, Shortness.header(d, limit), DATA_OFFSET_SHORT, offset + 12, 1);
            return;
        }
        d.setHeaderLength(i, dataOffset);
        if (dataOffset > MIN_HEADER) {
            TcpOptions.check(d, i, b, offset + MIN_HEADER, offset + dataOffset);
        }
        int ip = IpLayers.parentIp(d, i);
        if (ip >= 0 && limit < IpLayers.claimedEnd(d, ip) && Shortness.length(d, limit) == LayerStatus.TRUNCATED) {
            // the segment has no length of its own: cut short when its IP datagram was (a malformed IP length
            // is the IP layer's anomaly, not repeated here)
            d.setStatus(i, LayerStatus.TRUNCATED);
        }
        if (IpLayers.verifiable(d, ip, limit)) {
            long sum = IpLayers.pseudoHeaderSum(d, ip, IpLayers.TCP, available);
            if (!InternetChecksum.verifies(InternetChecksum.add(sum, b, offset, available))) {
                d.anomaly(i, CHECKSUM_BAD, offset + 16, 2);
            }
        }
        d.registry().handOff(d.registry().tcpPorts(Bytes.u16(b, offset), Bytes.u16(b, offset + 2)), d, b,
                offset + dataOffset, limit);
    }

    // ---- field access (ports need 4 captured bytes, the rest the 20-byte header) ---------------------------

    public static int sourcePort(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer));
    }

    public static int destinationPort(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 2);
    }

    public static long sequence(Dissection d, int layer) {
        return Bytes.u32(d.bytes(layer), d.offset(layer) + 4);
    }

    public static long acknowledgment(Dissection d, int layer) {
        return Bytes.u32(d.bytes(layer), d.offset(layer) + 8);
    }

    /** The nine flag bits (FIN .. NS). */
    public static int flags(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 12) & 0x1FF;
    }

    public static int dataOffset(Dissection d, int layer) {
        return ((d.bytes(layer)[d.offset(layer) + 12] & 0xFF) >> 4) * 4;
    }

    public static int window(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 14);
    }

    public static int urgentPointer(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 18);
    }

    /** True when the layer has its full 20-byte header (a quoted or cut one may not). */
    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= MIN_HEADER;
    }

    /** The MSS option's value, or -1 when the segment has none (only SYNs carry it). */
    public static int mss(Dissection d, int layer) {
        int p = option(d, layer, TcpOptions.MSS);
        return p < 0 ? -1 : Bytes.u16(d.bytes(layer), p + 2);
    }

    /** The window scale shift, or -1 when the segment has no such option. */
    public static int windowScale(Dissection d, int layer) {
        int p = option(d, layer, TcpOptions.WINDOW_SCALE);
        return p < 0 ? -1 : Bytes.u8(d.bytes(layer), p + 2);
    }

    public static boolean sackPermitted(Dissection d, int layer) {
        return option(d, layer, TcpOptions.SACK_PERMITTED) >= 0;
    }

    /** Offset of the first well-formed option of {@code kind} in the layer's captured header, or -1. */
    public static int option(Dissection d, int layer, int kind) {
        int start = d.offset(layer) + MIN_HEADER;
        int end = d.payloadOffset(layer);
        return start < end ? TcpOptions.find(d.bytes(layer), start, end, kind) : -1;
    }

    /**
     * Payload bytes the segment carries by its IP length (captured or not): what tcpdump prints as "length".
     */
    public static int payloadLength(Dissection d, int layer) {
        int ip = IpLayers.parentIp(d, layer);
        int end = ip >= 0 ? Math.max(d.end(layer), IpLayers.claimedEnd(d, ip)) : d.end(layer);
        return Math.max(0, end - d.payloadOffset(layer));
    }

    /** Appends tcpdump's flag letters: {@code S.} for SYN-ACK, {@code none} when no flag is set. */
    public static TextLine appendFlags(int flags, TextLine out) {
        if ((flags & 0x1FF) == 0) {
            return out.append("none");
        }
        if ((flags & FIN) != 0) {
            out.append('F');
        }
        if ((flags & SYN) != 0) {
            out.append('S');
        }
        if ((flags & RST) != 0) {
            out.append('R');
        }
        if ((flags & PSH) != 0) {
            out.append('P');
        }
        if ((flags & ACK) != 0) {
            out.append('.');
        }
        if ((flags & URG) != 0) {
            out.append('U');
        }
        if ((flags & ECE) != 0) {
            out.append('E');
        }
        if ((flags & CWR) != 0) {
            out.append('W');
        }
        if ((flags & NS) != 0) {
            out.append('N');
        }
        return out;
    }

    /**
     * {@code Flags [S.], seq 1, ack 2, win 502, options [mss 1460], length 0}, tcpdump -S style (absolute
     * sequence numbers); a header cut short prints {@code [|tcp]}.
     */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        if (!hasHeader(d, layer)) {
            out.append("[|tcp]");
            return;
        }
        byte[] b = d.bytes(layer);
        int flags = flags(d, layer);
        int length = payloadLength(d, layer);
        out.append("Flags [");
        appendFlags(flags, out).append(']');
        if (length > 0 || (flags & (SYN | FIN | RST)) != 0) {
            long seq = sequence(d, layer);
            out.append(", seq ").append(seq);
            if (length > 0) {
                out.append(':').append((seq + length) & 0xFFFFFFFFL);
            }
        }
        if ((flags & ACK) != 0) {
            out.append(", ack ").append(acknowledgment(d, layer));
        }
        out.append(", win ").append(window(d, layer));
        if ((flags & URG) != 0) {
            out.append(", urg ").append(urgentPointer(d, layer));
        }
        int start = d.offset(layer) + MIN_HEADER;
        int end = d.payloadOffset(layer);
        if (start < end) {
            out.append(", options [");
            TcpOptions.appendText(b, start, end, out);
            out.append(']');
        }
        out.append(", length ").append(length);
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        byte[] b = d.bytes(layer);
        int o = d.offset(layer);
        int captured = d.end(layer) - o;
        if (captured >= 4) {
            out.field("srcport", sourcePort(d, layer), o, 2);
            out.field("dstport", destinationPort(d, layer), o + 2, 2);
        }
        if (captured >= 8) {
            out.field("seq", sequence(d, layer), o + 4, 4);
        }
        if (!hasHeader(d, layer)) {
            return;
        }
        int flags = flags(d, layer);
        out.field("ack", acknowledgment(d, layer), o + 8, 4);
        out.field("hdr-len", dataOffset(d, layer), o + 12, 1);
        out.field("flags", flags, o + 12, 2);
        out.field("flags.ns", (flags & NS) != 0, o + 12, 1);
        out.field("flags.cwr", (flags & CWR) != 0, o + 13, 1);
        out.field("flags.ece", (flags & ECE) != 0, o + 13, 1);
        out.field("flags.urg", (flags & URG) != 0, o + 13, 1);
        out.field("flags.ack", (flags & ACK) != 0, o + 13, 1);
        out.field("flags.psh", (flags & PSH) != 0, o + 13, 1);
        out.field("flags.rst", (flags & RST) != 0, o + 13, 1);
        out.field("flags.syn", (flags & SYN) != 0, o + 13, 1);
        out.field("flags.fin", (flags & FIN) != 0, o + 13, 1);
        out.field("window", window(d, layer), o + 14, 2);
        out.field("checksum", Bytes.u16(b, o + 16), o + 16, 2);
        out.field("urgent", urgentPointer(d, layer), o + 18, 2);
        if (d.payloadOffset(layer) > o + MIN_HEADER) {
            TcpOptions.describe(b, o + MIN_HEADER, d.payloadOffset(layer), out);
        }
        out.field("payload-length", payloadLength(d, layer), d.payloadOffset(layer),
                d.end(layer) - d.payloadOffset(layer));
    }
}
