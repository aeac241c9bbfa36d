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
 * ARP (RFC 826). Overlays answer ARP in odd places (Flannel's VXLAN fills neighbor entries itself, Calico answers
 * with a fixed MAC), so who asked for whom matters. The layer's end includes the Ethernet padding, as tcpdump's
 * length does.
 */
public final class ArpDecoder implements LayerDecoder {
    public static final ArpDecoder INSTANCE = new ArpDecoder();

    public static final int FIXED = 8;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    public static final Anomaly HEADER_SHORT = Anomaly.register("arp.header.short", Anomaly.Group.MALFORMED,
            Anomaly.Severity.ERROR, "fewer bytes than the ARP header and its addresses need");

    private ArpDecoder() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.ARP;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        int available = limit - offset;
        if (available <= 0) {
            return;
        }
        int need = available >= FIXED ? FIXED + 2 * ((b[offset + 4] & 0xFF) + (b[offset + 5] & 0xFF)) : FIXED;
        if (available < need) {
            int i = d.addLayer(Protocol.ARP, this, b, offset, Math.min(available, FIXED), limit);
            if (i >= 0) {
                Shortness.mark(d, i, Shortness.header(d, limit), HEADER_SHORT, offset, available);
            }
            return;
        }
        d.addLayer(Protocol.ARP, this, b, offset, need, limit);
    }

    // ---- field access ----------------------------------------------------------------------------------------

    public static int hardwareType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer));
    }

    public static int protocolType(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 2);
    }

    public static int hardwareLength(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 4);
    }

    public static int protocolLength(Dissection d, int layer) {
        return Bytes.u8(d.bytes(layer), d.offset(layer) + 5);
    }

    public static int operation(Dissection d, int layer) {
        return Bytes.u16(d.bytes(layer), d.offset(layer) + 6);
    }

    /** True for Ethernet/IPv4 ARP, the only kind with the addresses read by the accessors below. */
    public static boolean isEthernetIpv4(Dissection d, int layer) {
        return d.headerLength(layer) == 28 && hardwareType(d, layer) == 1 && protocolType(d, layer) == EtherTypes.IPV4
                && hardwareLength(d, layer) == 6 && protocolLength(d, layer) == 4;
    }

    /** Offsets of the four addresses (valid when {@link #isEthernetIpv4}). */
    public static int senderMacOffset(Dissection d, int layer) {
        return d.offset(layer) + 8;
    }

    public static int senderIpOffset(Dissection d, int layer) {
        return d.offset(layer) + 14;
    }

    public static int targetMacOffset(Dissection d, int layer) {
        return d.offset(layer) + 18;
    }

    public static int targetIpOffset(Dissection d, int layer) {
        return d.offset(layer) + 24;
    }

    private static boolean zero(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (b[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28} and
     * {@code ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28}, as tcpdump -n prints them.
     */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
        out.append("ARP, ");
        int length = d.end(layer) - d.offset(layer);
        if (d.headerLength(layer) < FIXED) {
            out.append("[|arp]");
            return;
        }
        byte[] b = d.bytes(layer);
        int op = operation(d, layer);
        if (!isEthernetIpv4(d, layer)) {
            out.append("htype ").append(hardwareType(d, layer)).append(", ptype 0x").appendHex(protocolType(d, layer))
                    .append(", op ").append(op);
        } else if (op == REQUEST) {
            out.append("Request who-has ").appendIpv4(b, targetIpOffset(d, layer));
            if (!zero(b, targetMacOffset(d, layer), 6)) {
                out.append(" (").appendMac(b, targetMacOffset(d, layer)).append(')');
            }
            out.append(" tell ").appendIpv4(b, senderIpOffset(d, layer));
        } else if (op == REPLY) {
            out.append("Reply ").appendIpv4(b, senderIpOffset(d, layer)).append(" is-at ")
                    .appendMac(b, senderMacOffset(d, layer));
        } else {
            out.append("op ").append(op).append(' ').appendIpv4(b, senderIpOffset(d, layer)).append(" > ")
                    .appendIpv4(b, targetIpOffset(d, layer));
        }
        out.append(", length ").append(length);
    }

    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
        if (d.headerLength(layer) < FIXED) {
            return;
        }
        int o = d.offset(layer);
        byte[] b = d.bytes(layer);
        out.field("htype", hardwareType(d, layer), o, 2);
        out.field("ptype", protocolType(d, layer), o + 2, 2);
        out.field("hlen", hardwareLength(d, layer), o + 4, 1);
        out.field("plen", protocolLength(d, layer), o + 5, 1);
        out.field("op", operation(d, layer), o + 6, 2);
        if (isEthernetIpv4(d, layer)) {
            out.field("sha", Bytes.mac(b, o + 8), o + 8, 6);
            out.field("spa", Bytes.ipv4(b, o + 14), o + 14, 4);
            out.field("tha", Bytes.mac(b, o + 18), o + 18, 6);
            out.field("tpa", Bytes.ipv4(b, o + 24), o + 24, 4);
        }
    }
}
