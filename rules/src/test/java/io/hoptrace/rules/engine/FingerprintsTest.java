package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the fingerprint keeps (IP id, TCP sequence and payload) and what it ignores (TTL, addresses, ports). */
class FingerprintsTest {
    // IPv4 (id 0x1234, DF, TTL 64) 10.244.0.11 -> 10.96.88.10, TCP 40011 -> 80 seq 0x01020304 ack 0, SYN
    private static final String IP = "45000028123440004006" + "0000" + "0af4000b" + "0a60580a";
    private static final String TCP = "9c4b0050" + "01020304" + "00000000" + "5002faf0" + "0000" + "0000";

    private static long fingerprint(String hex) {
        Dissection d = new PacketDecoder().decode(HexFormat.of().parseHex(hex), LinkType.RAW);
        Observation o = new Observation();
        assertTrue(ObservationExtractor.extract(d, o, 0));
        return o.fingerprint;
    }

    @Test
    void survivesTtlAndNat() {
        long original = fingerprint(IP + TCP);
        String routed = IP.replace("40004006", "40003f06");
        String dnat = IP.replace("0a60580a", "0af4010a");
        String dnatPort = TCP.replace("9c4b0050", "9c4b1f90");
        assertEquals(original, fingerprint(routed + TCP), "TTL");
        assertEquals(original, fingerprint(dnat + dnatPort), "DNAT to a pod address and port");
    }

    @Test
    void distinguishesPackets() {
        long original = fingerprint(IP + TCP);
        assertNotEquals(original, fingerprint(IP.replace("1234", "1235") + TCP), "IP id");
        assertNotEquals(original, fingerprint(IP + TCP.replace("01020304", "01020305")), "sequence");
    }

    @Test
    void vxlanInnerPacketHasTheBareFingerprint() {
        String inner = IP + TCP;
        String outerIp = "4500" + String.format("%04x", 20 + 8 + 8 + 14 + inner.length() / 2) + "abcd0000" + "4011"
                + "0000" + "c0a8320b" + "c0a8320c";
        String udp = "bf162118" + String.format("%04x", 8 + 8 + 14 + inner.length() / 2) + "0000";
        String vxlan = "0800000000000100";
        String eth = "0a580af40001" + "0a580af4000b" + "0800";
        Dissection d = new PacketDecoder().decode(HexFormat.of().parseHex(outerIp + udp + vxlan + eth + inner),
                LinkType.RAW);
        Observation o = new Observation();
        assertTrue(ObservationExtractor.extract(d, o, 0));
        assertEquals(fingerprint(inner), o.fingerprint);
        assertEquals(1, o.encapCount);
        assertEquals(1, o.encapVni[0]);
        assertEquals("192.168.50.11", Addresses.format(o.encapSrcHi[0], o.encapSrcLo[0]));
        assertEquals("10.244.0.11", Addresses.format(o.srcHi, o.srcLo));
        assertEquals(50, o.encapBytes);
    }

    @Test
    void ipv6Text() {
        assertEquals("2001:db8::1", Addresses.format(0x20010db800000000L, 1));
        assertEquals("::", Addresses.format(0, 0));
        assertEquals("10.0.0.1", Addresses.format(0, Addresses.v4Lo(0x0a000001)));
    }
}
