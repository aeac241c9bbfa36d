package io.hoptrace.decoders.tunnel;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;

/**
 * IP carried directly in IP: IP protocol 4 (IPv4 in IP, Calico's IP-in-IP) and 41 (IPv6 in IP, 6in4). The tunnel
 * has no header of its own, so this adds no layer: it only enters the tunnel (the inner IP layer gets depth + 1,
 * and the configured nesting limit applies) and hands the payload to the IPv4 or IPv6 decoder bound on the inner
 * ethertype. A tunnel refused by the depth limit leaves its payload undecoded, as every tunnel does.
 */
public final class IpInIpDecoder implements LayerDecoder {
    public static final int IP_PROTOCOL_IPV4 = 4;
    public static final int IP_PROTOCOL_IPV6 = 41;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;

    /** IPv4 in IP (IP protocol 4). */
    public static final IpInIpDecoder IPV4 = new IpInIpDecoder(Protocol.IPV4, ETHERTYPE_IPV4);
    /** IPv6 in IP (IP protocol 41). */
    public static final IpInIpDecoder IPV6 = new IpInIpDecoder(Protocol.IPV6, ETHERTYPE_IPV6);

    private final Protocol inner;
    private final int innerEtherType;

    private IpInIpDecoder(Protocol inner, int innerEtherType) {
        this.inner = inner;
        this.innerEtherType = innerEtherType;
    }

    /** The protocol of the packet inside: this decoder's only product is that inner layer. */
    @Override
    public Protocol protocol() {
        return inner;
    }

    public int innerEtherType() {
        return innerEtherType;
    }

    @Override
    public void decode(Dissection d, byte[] b, int offset, int limit) {
        if (offset >= limit) {
            return;
        }
        // the anomaly, if any, belongs to the outer IP layer that carries the tunnel: the last one added
        int outer = d.layerCount() - 1;
        if (!d.enterTunnel(Math.max(outer, 0), offset)) {
            return;
        }
        d.registry().handOff(d.registry().etherType(innerEtherType), d, b, offset, limit);
    }

    /** Never called: this decoder adds no layer. */
    @Override
    public void summarize(Dissection d, int layer, TextLine out) {
    }

    /** Never called: this decoder adds no layer. */
    @Override
    public void describe(Dissection d, int layer, FieldSink out) {
    }
}
