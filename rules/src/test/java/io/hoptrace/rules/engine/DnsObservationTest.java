package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DNS fields the engine reads from UDP port 53: id, flags and a hash of the first question. */
class DnsObservationTest {
    // IPv4 10.244.0.10 -> 10.96.0.10, UDP 45112 -> 53, DNS id 0x1a2b, RD, one question: web.demo A IN
    private static final String IP = "45000036" + "3001" + "4000" + "4011" + "0000" + "0af4000a" + "0a60000a";
    private static final String UDP = "b038" + "0035" + "0022" + "0000";
    private static final String HEADER = "1a2b" + "0100" + "0001" + "0000" + "0000" + "0000";
    private static final String NAME = "03" + "776562" + "04" + "64656d6f" + "00";
    private static final String A_IN = "0001" + "0001";

    private static Observation observe(String hex) {
        Dissection d = new PacketDecoder().decode(HexFormat.of().parseHex(hex), LinkType.RAW);
        Observation o = new Observation();
        assertTrue(ObservationExtractor.extract(d, o, 0));
        return o;
    }

    @Test
    void queryIdFlagsAndQuestion() {
        Observation o = observe(IP + UDP + HEADER + NAME + A_IN);
        assertEquals(0x1a2b, o.dnsId);
        assertTrue(o.dns());
        assertFalse(o.dnsResponse());
        assertEquals(20 + 8 + 12, o.dnsNameOffset, "the name follows the 12-byte header");
    }

    @Test
    void theQuestionIgnoresCaseButNotType() {
        long q = observe(IP + UDP + HEADER + NAME + A_IN).dnsQuestion;
        assertEquals(q, observe(IP + UDP + HEADER + NAME.replace("776562", "574542") + A_IN).dnsQuestion,
                "WEB.demo is web.demo (resolvers may randomize case)");
        assertNotEquals(q, observe(IP + UDP + HEADER + NAME + "001c0001").dnsQuestion, "AAAA is another question");
        assertNotEquals(q, observe(IP + UDP + HEADER + NAME.replace("776562", "617069") + A_IN).dnsQuestion);
    }

    @Test
    void aResponseEchoesTheQuestion() {
        Observation r = observe(IP.replace("0a60000a", "0af4000a").replace("0af4000a0af4000a", "0a60000a0af4000a")
                + "0035b0380022" + "0000" + HEADER.replace("0100", "8180") + NAME + A_IN);
        assertTrue(r.dnsResponse());
        assertEquals(observe(IP + UDP + HEADER + NAME + A_IN).dnsQuestion, r.dnsQuestion);
    }

    @Test
    void cutOrCompressedNamesAndOtherPortsHaveNoQuestion() {
        assertFalse(observe(IP + UDP + HEADER + "03776562").dns(), "name cut short");
        assertFalse(observe(IP + UDP + HEADER + "c00c" + A_IN).dns(), "a compression pointer in the question");
        assertFalse(observe(IP + UDP + HEADER.replace("00010000", "00000000") + NAME + A_IN).dns(), "no question");
        Observation other = observe(IP + UDP.replace("0035", "1389") + HEADER + NAME + A_IN);
        assertEquals(-1, other.dnsId, "UDP 5001 is not DNS");
        assertFalse(other.dns());
    }
}
