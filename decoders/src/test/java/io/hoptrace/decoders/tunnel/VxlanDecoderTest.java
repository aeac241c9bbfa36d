package io.hoptrace.decoders.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.DecoderRegistry;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.TestHex;
import io.hoptrace.decoders.TextLine;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** VXLAN header decoding called directly on byte literals (the inner frame goes to whatever ETHERNET is bound). */
class VxlanDecoderTest {
    /** An inner Ethernet frame: broadcast ARP request, enough bytes for any Ethernet decoder. */
    private static final String INNER = "ffffffffffff 001122334455 0806 0001 0800 0604 0001 001122334455 0a000001"
            + " 000000000000 0a000002";

    private static Dissection decode(DecoderRegistry r, byte[] b) {
        Dissection d = new Dissection(r).reset(b, 0, b.length, b.length, 1);
        VxlanDecoder.INSTANCE.decode(d, b, 0, b.length);
        return d;
    }

    private static String summary(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void plainHeaderGivesVniAndHandsTheInnerFrameOnOneLevelDeeper() {
        byte[] b = TestHex.bytes("08000000 00006400 " + INNER);
        Dissection d = decode(DecoderRegistry.standard(DecoderConfig.defaults()), b);
        assertEquals(Protocol.VXLAN, d.protocol(0));
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals(8, d.headerLength(0));
        assertEquals(0, d.depth(0));
        assertEquals(0, d.anomalyCount(), d.toString());
        assertEquals("VXLAN vni 100", summary(d, 0));
        assertTrue(d.layerCount() >= 2, d.toString());
        assertEquals(8, d.offset(1));
        assertEquals(1, d.depth(1));
        FieldDump f = FieldDump.of(d, 0);
        assertEquals("100", f.get("vni"));
        assertEquals("true", f.get("flags.i"));
        assertEquals("0", f.get("reserved1"));
    }

    @Test
    void reservedBitsAreAnAnomalyButTheInnerFrameIsStillDecoded() {
        // the first header of suricata-verify vxlan-non-zero-reserved-fields_input.pcap: flags 0xff, 0x01..., vni 11
        byte[] b = TestHex.bytes("ff01d1f2 00000b00 " + INNER);
        Dissection d = decode(DecoderRegistry.standard(DecoderConfig.defaults()), b);
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals(1, d.anomalyCount());
        assertEquals(VxlanDecoder.RESERVED_NOT_ZERO, d.anomaly(0));
        assertEquals(11, VxlanDecoder.vni(b, 0));
        assertEquals("VXLAN vni 11 (reserved bits set)", summary(d, 0));
        assertEquals(1, d.depth(1));
        assertEquals(0x01d1f2, VxlanDecoder.reserved1(b, 0));
    }

    @Test
    void onlyTheLastReservedByteSet() {
        byte[] b = TestHex.bytes("08000000 00000101 " + INNER);
        Dissection d = decode(DecoderRegistry.standard(DecoderConfig.defaults()), b);
        assertEquals(VxlanDecoder.RESERVED_NOT_ZERO, d.anomaly(0));
        assertEquals(1, VxlanDecoder.reserved2(b, 0));
        assertEquals(1, VxlanDecoder.vni(b, 0));
    }

    @Test
    void missingIFlagIsAnAnomaly() {
        byte[] b = TestHex.bytes("00000000 00000700 " + INNER);
        Dissection d = decode(DecoderRegistry.standard(DecoderConfig.defaults()), b);
        assertEquals(VxlanDecoder.NO_VNI_FLAG, d.anomaly(0));
        assertEquals(1, d.anomalyCount());
        assertEquals("VXLAN vni 7 (I flag not set)", summary(d, 0));
        assertEquals("false", FieldDump.of(d, 0).get("flags.i"));
    }

    @Test
    void headerShorterThanEightBytesIsMalformedWhenNotCutBySnaplen() {
        byte[] b = TestHex.bytes("08000000 0000");
        Dissection d = decode(DecoderRegistry.standard(DecoderConfig.defaults()), b);
        assertEquals(1, d.layerCount());
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(VxlanDecoder.SHORT, d.anomaly(0));
        assertEquals("VXLAN (header cut at 6 bytes)", summary(d, 0));
        FieldDump.of(d, 0);
    }

    @Test
    void headerCutBySnaplenIsTruncated() {
        byte[] b = TestHex.bytes("08000000 0000");
        Dissection d = new Dissection(DecoderRegistry.standard(DecoderConfig.defaults()))
                .reset(b, 0, b.length, 100, 1);
        VxlanDecoder.INSTANCE.decode(d, b, 0, b.length);
        assertEquals(LayerStatus.TRUNCATED, d.status(0));
    }

    @Test
    void headerWithNoPayloadAddsOnlyTheVxlanLayer() {
        byte[] b = TestHex.bytes("08000000 00006400");
        Dissection d = decode(DecoderRegistry.standard(DecoderConfig.defaults()), b);
        assertEquals(1, d.layerCount());
        assertEquals(LayerStatus.OK, d.status(0));
    }

    @Test
    void depthLimitZeroStopsBeforeTheInnerFrame() {
        DecoderRegistry r = DecoderRegistry.standard(new DecoderConfig(Set.of(4789), Set.of(179), 0));
        byte[] b = TestHex.bytes("08000000 00006400 " + INNER);
        Dissection d = decode(r, b);
        assertEquals(1, d.layerCount(), d.toString());
        assertEquals(Dissection.ENCAP_TOO_DEEP, d.anomaly(0));
        assertEquals(8, d.anomalyOffset(0));
    }

    @Test
    void configuredPortsAreBoundAndOthersAreNot() {
        DecoderRegistry def = DecoderRegistry.standard(DecoderConfig.defaults());
        assertEquals(VxlanDecoder.INSTANCE, def.udpPorts(40000, 4789));
        assertEquals(VxlanDecoder.INSTANCE, def.udpPorts(8472, 50000));
        DecoderRegistry custom = DecoderRegistry.standard(DecoderConfig.defaults().withVxlanPorts(Set.of(4790)));
        assertEquals(VxlanDecoder.INSTANCE, custom.udpPorts(4790, 50000));
        assertFalse(custom.udpPorts(8472, 50000) == VxlanDecoder.INSTANCE);
    }
}
