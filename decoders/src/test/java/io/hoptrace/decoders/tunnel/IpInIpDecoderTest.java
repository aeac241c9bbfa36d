package io.hoptrace.decoders.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.DecoderRegistry;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldSink;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TextLine;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * IP-in-IP binding decoders called directly. The inner "IP" decoder here is a test double, not an IP decoder: a
 * one-byte header whose byte is the next IP protocol number, which is all nesting needs. End-to-end tests with
 * the real IPv4/IPv6 decoders are in TunnelCaptureTest.
 */
class IpInIpDecoderTest {
    /** A layer of {@code protocol} whose single header byte names the next IP protocol. */
    private record OneByteIp(Protocol protocol) implements LayerDecoder {
        @Override
        public void decode(Dissection d, byte[] b, int offset, int limit) {
            if (d.addLayer(protocol, this, b, offset, 1, limit) < 0) {
                return;
            }
            d.registry().handOff(d.registry().ipProtocol(b[offset]), d, b, offset + 1, limit);
        }

        @Override
        public void summarize(Dissection d, int layer, TextLine out) {
        }

        @Override
        public void describe(Dissection d, int layer, FieldSink out) {
        }
    }

    private static DecoderRegistry registry(int maxDepth) {
        return new DecoderRegistry(new DecoderConfig(Set.of(4789), Set.of(179), maxDepth))
                .bindEtherType(0x0800, new OneByteIp(Protocol.IPV4))
                .bindEtherType(0x86DD, new OneByteIp(Protocol.IPV6))
                .bindIpProtocol(4, IpInIpDecoder.IPV4)
                .bindIpProtocol(41, IpInIpDecoder.IPV6);
    }

    private static Dissection decode(DecoderRegistry r, byte[] b) {
        Dissection d = new Dissection(r).reset(b, 0, b.length, b.length, 228);
        r.etherType(0x0800).decode(d, b, 0, b.length);
        return d;
    }

    @Test
    void ipv4InIpv4AddsNoLayerOfItsOwnAndTheInnerLayerIsOneDeeper() {
        Dissection d = decode(registry(8), new byte[] {4, 17, 0, 0});
        assertEquals(3, d.layerCount(), d.toString());
        assertEquals(Protocol.IPV4, d.protocol(0));
        assertEquals(Protocol.IPV4, d.protocol(1));
        assertEquals(Protocol.DATA, d.protocol(2));
        assertEquals(0, d.depth(0));
        assertEquals(1, d.depth(1));
        assertEquals(1, d.offset(1));
        assertEquals(1, d.depth(2));
        assertEquals(0, d.anomalyCount());
    }

    @Test
    void ipv6InIpv4GoesToTheIpv6Decoder() {
        Dissection d = decode(registry(8), new byte[] {41, 59, 0});
        assertEquals(Protocol.IPV6, d.protocol(1));
        assertEquals(1, d.depth(1));
        assertEquals(Protocol.IPV6, IpInIpDecoder.IPV6.protocol());
        assertEquals(0x86DD, IpInIpDecoder.IPV6.innerEtherType());
    }

    @Test
    void nestingDeeperThanTheLimitStopsWithEncapTooDeep() {
        // five tunnels deep, limit two: outer + two inner IP layers, then the anomaly on the last one
        Dissection d = decode(registry(2), new byte[] {4, 4, 4, 4, 4, 17, 0});
        assertEquals(3, d.layerCount(), d.toString());
        assertEquals(2, d.depth(2));
        assertEquals(1, d.anomalyCount());
        assertSame(Dissection.ENCAP_TOO_DEEP, d.anomaly(0));
        assertEquals(2, d.anomalyLayer(0));
        assertEquals(3, d.anomalyOffset(0));
    }

    @Test
    void nestingExactlyAtTheLimitIsFine() {
        Dissection d = decode(registry(2), new byte[] {4, 4, 17, 0});
        assertEquals(4, d.layerCount(), d.toString());
        assertEquals(0, d.anomalyCount());
        assertEquals(2, d.depth(3));
    }

    @Test
    void emptyPayloadDoesNothing() {
        Dissection d = decode(registry(8), new byte[] {4});
        assertEquals(1, d.layerCount());
        assertEquals(0, d.currentDepth());
    }

    @Test
    void standardRegistryBindsProtocols4And41() {
        DecoderRegistry r = DecoderRegistry.standard(DecoderConfig.defaults());
        assertSame(IpInIpDecoder.IPV4, r.ipProtocol(4));
        assertSame(IpInIpDecoder.IPV6, r.ipProtocol(41));
    }
}
