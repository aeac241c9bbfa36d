package io.hoptrace.decoders.link;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.TestDecoding;
import io.hoptrace.decoders.TextLine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hoptrace.decoders.TestDecoding.anomalies;
import static io.hoptrace.decoders.TestDecoding.cut;
import static io.hoptrace.decoders.TestDecoding.ethernet;
import static io.hoptrace.decoders.TestDecoding.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LinkDecodersTest {
    private static String text(Dissection d, int layer) {
        TextLine t = new TextLine();
        d.decoder(layer).summarize(d, layer, t);
        return t.toString();
    }

    @Test
    void ethernetHandsOffByEtherType() {
        Dissection d = ethernet(Frames.UDP);
        assertEquals(EtherTypes.IPV4, EthernetDecoder.etherType(d, 0));
        assertEquals(14, d.headerLength(0));
        assertEquals("02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 62", text(d, 0));
    }

    @Test
    void frameShorterThanAnEthernetHeaderIsMalformedUnlessCut() {
        byte[] b = Hex.bytes(Frames.UDP);
        Dissection d = ethernet(Arrays.copyOf(b, 10));
        assertEquals(List.of("eth"), layers(d));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("eth.header.short"), anomalies(d));
        Dissection c = cut(b, 10, b.length, LinkType.ETHERNET);
        assertEquals(LayerStatus.TRUNCATED, c.status(0));
        assertEquals(List.of(), anomalies(c));
    }

    @Test
    void headerOnlyFrameHasNoPayloadLayer() {
        Dissection d = ethernet(Arrays.copyOf(Hex.bytes(Frames.UDP), 14));
        assertEquals(List.of("eth"), layers(d));
        assertEquals(LayerStatus.OK, d.status(0));
    }

    @Test
    void ieee8023LengthFieldMeansLlcData() {
        byte[] b = Hex.bytes("0180c2000000020000000001002642420300000000");
        Dissection d = ethernet(b);
        assertEquals(List.of("eth", "data"), layers(d));
    }

    @Test
    void vlanTag() {
        Dissection d = ethernet(Frames.VLAN_UDP);
        assertEquals(List.of("eth", "vlan", "ip", "udp", "data"), layers(d));
        assertEquals(100, VlanDecoder.vlanId(d, 1));
        assertEquals(EtherTypes.IPV4, VlanDecoder.etherType(d, 1));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void qinqIsTwoVlanLayers() {
        Dissection d = ethernet(Frames.QINQ_UDP);
        assertEquals(List.of("eth", "vlan", "vlan", "ip", "udp", "data"), layers(d));
        assertEquals(EtherTypes.QINQ, EthernetDecoder.etherType(d, 0));
        assertEquals(100, VlanDecoder.vlanId(d, 1));
        assertEquals(200, VlanDecoder.vlanId(d, 2));
        assertEquals(3, VlanDecoder.priority(d, 2));
        assertEquals("vlan 200, p 3, ethertype IPv4 (0x0800)", text(d, 2));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void shortVlanTag() {
        byte[] b = Arrays.copyOf(Hex.bytes(Frames.VLAN_UDP), 16);
        Dissection d = ethernet(b);
        assertEquals(List.of("vlan.header.short"), anomalies(d));
    }

    @Test
    void sll2CarriesInterfaceIndexAndDirection() {
        Dissection d = new PacketDecoder(TestDecoding.VERIFYING).decode(Hex.bytes(Frames.SLL2_UDP),
                LinkType.LINUX_SLL2);
        assertEquals(List.of("sll2", "ip", "udp", "data"), layers(d));
        assertEquals(1, Sll2Decoder.interfaceIndex(d, 0));
        assertEquals(LinuxCooked.HOST, Sll2Decoder.packetType(d, 0));
        assertFalse(Sll2Decoder.outgoing(d, 0));
        assertEquals(772, Sll2Decoder.hardwareType(d, 0)); // ARPHRD_LOOPBACK
        assertEquals(EtherTypes.IPV4, Sll2Decoder.protocolType(d, 0));
        assertEquals("ifindex 1 In ethertype IPv4 (0x0800), length 53", text(d, 0));
        // loopback leaves the checksum for an offload that never happens: the capture really carries a bad one
        assertEquals(List.of("udp.checksum.bad"), anomalies(d));
    }

    @Test
    void sll2OutgoingOnAnotherInterface() {
        byte[] b = Hex.bytes(Frames.SLL2_UDP);
        b[7] = 7;
        b[10] = LinuxCooked.OUTGOING;
        Dissection d = new PacketDecoder().decode(b, LinkType.LINUX_SLL2);
        assertEquals(7, Sll2Decoder.interfaceIndex(d, 0));
        assertEquals(true, Sll2Decoder.outgoing(d, 0));
        assertEquals("ifindex 7 Out", text(d, 0).substring(0, 13));
    }

    @Test
    void sllVersionOne() {
        // v1 header: outgoing, ARPHRD_ETHER, 6-byte address, protocol IPv4; then the UDP packet of Frames.UDP
        String ip = Frames.UDP.substring(28);
        Dissection d = new PacketDecoder().decode(Hex.bytes("00040001000602000000000100000800" + ip),
                LinkType.LINUX_SLL);
        assertEquals(List.of("sll", "ip", "udp", "data"), layers(d));
        assertEquals(LinuxCooked.OUTGOING, SllDecoder.packetType(d, 0));
        assertEquals(EtherTypes.IPV4, SllDecoder.protocolType(d, 0));
        assertEquals(List.of(), anomalies(d));
    }

    @Test
    void sllShortHeader() {
        Dissection d = new PacketDecoder().decode(Hex.bytes("0004000100060200"), LinkType.LINUX_SLL);
        assertEquals(List.of("sll.header.short"), anomalies(d));
    }

    @Test
    void rawIpPicksTheVersionFromTheFirstNibble() {
        String v4 = Frames.UDP.substring(28);
        String v6 = Frames.UDP6.substring(28);
        assertEquals(List.of("ip", "udp", "data"),
                layers(new PacketDecoder().decode(Hex.bytes(v4), LinkType.RAW)));
        assertEquals(List.of("ipv6", "udp", "data"),
                layers(new PacketDecoder().decode(Hex.bytes(v6), LinkType.RAW)));
        assertEquals(List.of("ip", "udp", "data"),
                layers(new PacketDecoder().decode(Hex.bytes(v4), LinkType.IPV4)));
        assertEquals(List.of("ipv6", "udp", "data"),
                layers(new PacketDecoder().decode(Hex.bytes(v6), LinkType.IPV6)));
        Dissection other = new PacketDecoder().decode(Hex.bytes("50000000"), LinkType.RAW);
        assertEquals(List.of("data"), layers(other));
        assertEquals(LayerStatus.UNSUPPORTED, other.status(0));
        assertEquals(List.of("raw.version.unknown"), anomalies(other));
    }

    @Test
    void bsdLoopbackInEitherByteOrder() {
        String v4 = Frames.UDP.substring(28);
        String v6 = Frames.UDP6.substring(28);
        assertEquals(List.of("ip", "udp", "data"),
                layers(new PacketDecoder().decode(Hex.bytes("02000000" + v4), LinkType.NULL)));
        assertEquals(List.of("ipv6", "udp", "data"),
                layers(new PacketDecoder().decode(Hex.bytes("0000001e" + v6), LinkType.NULL)));
        Dissection d = new PacketDecoder().decode(Hex.bytes("02000000" + v4), LinkType.NULL);
        assertEquals(4, d.offset(0));
        assertEquals(List.of("null.family.unknown"),
                anomalies(new PacketDecoder().decode(Hex.bytes("07000000" + v4), LinkType.NULL)));
    }
}
