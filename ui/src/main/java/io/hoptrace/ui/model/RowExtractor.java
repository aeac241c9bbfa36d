package io.hoptrace.ui.model;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.ip.IpLayers;
import io.hoptrace.decoders.ip.Ipv4Decoder;
import io.hoptrace.decoders.ip.Ipv6Decoder;
import io.hoptrace.decoders.link.Sll2Decoder;
import io.hoptrace.decoders.tunnel.VxlanDecoder;

/**
 * Reads the columns the packet list filters and sorts on out of a dissection: outer and inner addresses, the
 * innermost ports, the protocols present, the encapsulation, the worst anomaly. Allocation-free except for the
 * first sight of an IPv6 address.
 */
public final class RowExtractor {
    private final Addresses addresses;

    public RowExtractor(Addresses addresses) {
        this.addresses = addresses;
    }

    /** Fills the decoded columns of {@code v} from {@code d} (capture metadata is the caller's). */
    public void extract(Dissection d, RowValues v) {
        int n = d.layerCount();
        int mask = 0;
        int outerIp = -1;
        int innerIp = -1;
        int transport = -1;
        int outerTransport = -1;
        int top = Protocol.DATA.ordinal();
        int encap = RowValues.ENCAP_NONE << 24;
        for (int i = 0; i < n; i++) {
            Protocol p = d.protocol(i);
            mask |= 1 << p.ordinal();
            if (d.quoted(i)) {
                continue;
            }
            if (p != Protocol.DATA) {
                top = p.ordinal();
            }
            switch (p) {
                case IPV4, IPV6 -> {
                    if (IpLayers.hasAddresses(d, i)) {
                        if (outerIp < 0) {
                            outerIp = i;
                        }
                        innerIp = i;
                        transport = -1;
                        if (p == Protocol.IPV4 ? Ipv4Decoder.isFragment(d, i) : Ipv6Decoder.isFragment(d, i)) {
                            mask |= RowValues.FRAGMENT;
                        }
                    }
                    if (i > 0 && IpLayers.isIp(d.protocol(i - 1)) && !d.quoted(i - 1)
                            && encap >>> 24 == RowValues.ENCAP_NONE) {
                        encap = RowValues.ENCAP_IPIP << 24;
                    }
                }
                case TCP, UDP -> {
                    if (IpLayers.hasPorts(d, i)) {
                        transport = i;
                        outerTransport = outerTransport < 0 ? i : outerTransport;
                    }
                }
                case VXLAN -> {
                    if (d.headerLength(i) >= VxlanDecoder.HEADER_LENGTH) {
                        encap = RowValues.ENCAP_VXLAN << 24 | VxlanDecoder.vni(d.bytes(i), d.offset(i));
                    } else {
                        encap = RowValues.ENCAP_VXLAN << 24;
                    }
                }
                default -> {
                }
            }
        }
        v.outerSource = outerIp < 0 ? Addresses.NONE : address(d, outerIp, true);
        v.outerDestination = outerIp < 0 ? Addresses.NONE : address(d, outerIp, false);
        v.innerSource = innerIp == outerIp ? v.outerSource : address(d, innerIp, true);
        v.innerDestination = innerIp == outerIp ? v.outerDestination : address(d, innerIp, false);
        v.ports = 0;
        v.outerPorts = 0;
        if (transport >= 0) {
            v.ports = ports(d, transport);
            mask |= RowValues.HAS_PORTS | (d.protocol(transport) == Protocol.UDP ? RowValues.PORTS_UDP : 0);
        }
        if (outerTransport >= 0) {
            v.outerPorts = ports(d, outerTransport);
            mask |= RowValues.HAS_OUTER_PORTS
                    | (d.protocol(outerTransport) == Protocol.UDP ? RowValues.OUTER_PORTS_UDP : 0);
        }
        v.protocols = mask;
        v.encapsulation = encap;
        v.top = top;
        v.severity = severity(d);
    }

    private static int ports(Dissection d, int layer) {
        byte[] b = d.bytes(layer);
        int off = d.offset(layer);
        return Bytes.u16(b, off) << 16 | Bytes.u16(b, off + 2);
    }

    private int address(Dissection d, int ipLayer, boolean source) {
        byte[] b = d.bytes(ipLayer);
        int off = d.offset(ipLayer);
        if (d.protocol(ipLayer) == Protocol.IPV4) {
            return addresses.ipv4(source ? Ipv4Decoder.source(d, ipLayer) : Ipv4Decoder.destination(d, ipLayer));
        }
        return addresses.ipv6(b, off + (source ? 8 : 24));
    }

    private static int severity(Dissection d) {
        int worst = Severity.NONE.ordinal();
        for (int k = 0; k < d.anomalyCount(); k++) {
            Anomaly a = d.anomaly(k);
            worst = Math.max(worst, switch (a.severity()) {
                case NOTE -> Severity.NOTE.ordinal();
                case WARNING -> Severity.WARNING.ordinal();
                case ERROR -> Severity.ERROR.ordinal();
            });
        }
        if (d.worstStatus() == LayerStatus.MALFORMED) {
            worst = Severity.ERROR.ordinal();
        }
        return worst;
    }

    /**
     * The interface index and direction of a {@code tcpdump -i any} (Linux cooked v2) frame packed as
     * {@code ifindex << 1 | outgoing}, or -1 when the frame does not start with such a header.
     */
    public static long cookedInterface(Dissection d) {
        if (d.layerCount() == 0 || d.protocol(0) != Protocol.SLL2 || !Sll2Decoder.hasHeader(d, 0)) {
            return -1;
        }
        return (long) Sll2Decoder.interfaceIndex(d, 0) << 1 | (Sll2Decoder.outgoing(d, 0) ? 1 : 0);
    }
}
