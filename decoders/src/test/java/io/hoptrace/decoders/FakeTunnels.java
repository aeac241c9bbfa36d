package io.hoptrace.decoders;

import io.hoptrace.decoders.ip.Ipv4Decoder;
import io.hoptrace.decoders.ip.Ipv6Decoder;
import io.hoptrace.decoders.link.EthernetDecoder;

/**
 * Stand-ins for the tunnel and BGP decoders (written in another branch), just enough to test how the summary
 * composes tunnels and repeated layers: VXLAN (8-byte header, "VXLAN vni N"), IP-in-IP with no layer of its own,
 * and a message decoder that cuts a TCP payload into two layers.
 */
public final class FakeTunnels {
    private FakeTunnels() {
    }

    /** The standard registry plus the stand-ins: VXLAN on 4789 and 8472, IP protocols 4 and 41, "BGP" on 179. */
    public static DecoderRegistry registry() {
        DecoderRegistry r = DecoderRegistry.standard(DecoderConfig.defaults());
        r.bindUdpPort(4789, VXLAN).bindUdpPort(8472, VXLAN);
        r.bindIpProtocol(4, IP_IN_IP).bindIpProtocol(41, IP_IN_IP);
        r.bindTcpPort(179, MESSAGES);
        return r;
    }

    static final LayerDecoder VXLAN = new Stub(Protocol.VXLAN) {
        @Override
        public void decode(Dissection d, byte[] b, int offset, int limit) {
            if (limit - offset < 8) {
                return;
            }
            int i = d.addLayer(Protocol.VXLAN, this, b, offset, 8, limit);
            if (i >= 0 && d.enterTunnel(i, offset + 8)) {
                d.registry().handOff(EthernetDecoder.INSTANCE, d, b, offset + 8, limit);
            }
        }

        @Override
        public void summarize(Dissection d, int layer, TextLine out) {
            out.append("VXLAN vni ").append(Bytes.u24(d.bytes(layer), d.offset(layer) + 4));
        }
    };

    static final LayerDecoder IP_IN_IP = new Stub(Protocol.DATA) {
        @Override
        public void decode(Dissection d, byte[] b, int offset, int limit) {
            if (d.enterTunnel(d.layerCount() - 1, offset)) {
                int version = (b[offset] & 0xFF) >> 4;
                (version == 6 ? Ipv6Decoder.INSTANCE : Ipv4Decoder.INSTANCE).decode(d, b, offset, limit);
            }
        }
    };

    static final LayerDecoder MESSAGES = new Stub(Protocol.BGP) {
        @Override
        public void decode(Dissection d, byte[] b, int offset, int limit) {
            int half = (limit - offset) / 2;
            d.addLayer(Protocol.BGP, this, b, offset, half, offset + half);
            d.addLayer(Protocol.BGP, this, b, offset + half, limit - offset - half, limit);
        }

        @Override
        public void summarize(Dissection d, int layer, TextLine out) {
            out.append("MSG ").append(d.end(layer) - d.offset(layer));
        }
    };

    private abstract static class Stub implements LayerDecoder {
        private final Protocol protocol;

        Stub(Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public Protocol protocol() {
            return protocol;
        }

        @Override
        public void summarize(Dissection d, int layer, TextLine out) {
        }

        @Override
        public void describe(Dissection d, int layer, FieldSink out) {
        }
    }
}
