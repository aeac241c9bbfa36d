package io.hoptrace.decoders.transport;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.ip.InternetChecksum;
import io.hoptrace.decoders.ip.IpLayers;
import io.hoptrace.decoders.ip.Shortness;

/**
 * UDP (RFC 768). The layer ends where the UDP length says. A length of 0 under an IP layer whose own length is 0
 * is a GSO or BIG TCP super-packet (the kernel leaves both fields 0), not an error. The payload goes to whatever
 * is bound on the lower, then the higher port; VXLAN binds its configured ports.
 */
public final class UdpDecoder implements LayerDecoder {
    public static final UdpDecoder INSTANCE = new UdpDecoder();

    public static final int HEADER = 8;

    public static final Anomaly HEADER_SHORT = Anomaly.register("udp.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer than 8 bytes for the UDP header");
    public static final Anomaly LENGTH_BAD = Anomaly.register("udp.length.bad", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "length below 8 or past the IP payload");
    public static final Anomaly LENGTH_ZERO = Anomaly.register("udp.length.zero", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.NOTE, "length 0 in a GSO or BIG TCP super-packet, length taken from IP");
    public static final Anomaly CHECKSUM_BAD = Anomaly.register("udp.checksum.bad", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.NOTE, "checksum does not match (often offloaded to the NIC on the capturing host)");
    public static final Anomaly CHECKSUM_MISSING = Anomaly.register("udp.checksum.missing", Anomaly.Group.PROTOCOL,
            Anomaly.Severity.NOTE, "checksum 0 over IPv6, where it is mandatory (RFC 6935 allows it for tunnels)");

    private UdpDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.UDP;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        if (available < HEADER) {
            int i = d.addLayer(Protocol.UDP, this, b, offset, available, limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        int i = d.addLayer(Protocol.UDP, this, b, offset, HEADER, limit);
        if (i < 0) {
            return;
        }
        int ip = IpLayers.parentIp(d, i);
        int length = Bytes.u16(b, offset + 4);
        int end;
        boolean complete = false;
        if (length == 0 && ip >= 0 && IpLayers.lengthZero(d, ip)) {
            d.anomaly(i, LENGTH_ZERO, offset + 4, 2);
            end = limit;
        } else if (length < HEADER) {
            Shortness.malformed(d, i, LENGTH_BAD, offset + 4, 2);
            d.setEnd(i, offset + HEADER);
            return;
        } else if (length > available) {
            Shortness.mark(d, i, Shortness.length(d, limit), LENGTH_BAD, offset + 4, 2);
            end = limit;
        } else {
            end = offset + length;
            complete = true;
        }
        d.setEnd(i, end);

        int checksum = Bytes.u16(b, offset + 6);
        if (checksum == 0) {
            if (ip >= 0 && d.protocol(ip) == Protocol.IPV6 && !d.inQuote()) {
                d.anomaly(i, CHECKSUM_MISSING, offset + 6, 2);
            }
        } else if (complete && IpLayers.verifiable(d, ip, limit)) {
            long sum = IpLayers.pseudoHeaderSum(d, ip, IpLayers.UDP, end - offset);
            if (!InternetChecksum.verifies(InternetChecksum.add(sum, b, offset, end - offset))) {
                d.anomaly(i, CHECKSUM_BAD, offset + 6, 2);
            }
        }
        d.registry().handOff(d.registry().udpPorts(Bytes.u16(b, offset), Bytes.u16(b, offset + 2)), d, b,
                offset + HEADER, end);
    }

    // ---- field access -----------------------------------------------------------------------------------------

    public static int sourcePort(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer));
    }

    public static int destinationPort(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 2);
    }

    public static int length(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 4);
    }

    public static boolean hasHeader(Dissection d, int layer) {
        return d.headerLength(layer) >= HEADER;
    }

    /** Payload bytes by the UDP length (captured or not), what tcpdump prints as "length". */
    public static int payloadLength(Dissection d, int layer) {
        int length = length(d, layer);
        return length == 0 ? d.end(layer) - d.payloadOffset(layer) : Math.max(0, length - HEADER);
    }

    /** {@code UDP, length 20}; a header cut short prints {@code [|udp]}. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        if (!hasHeader(d, layer)) {
            out.append("[|udp]");
            return;
        }
        out.append("UDP, length ").append(payloadLength(d, layer));
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
        if (!hasHeader(d, layer)) {
            return;
        }
        out.field("length", length(d, layer), o + 4, 2);
        out.field("checksum", Bytes.u16(b, o + 6), o + 6, 2);
    }
}
