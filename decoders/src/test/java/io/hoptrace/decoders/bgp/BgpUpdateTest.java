package io.hoptrace.decoders.bgp;

import static io.hoptrace.decoders.bgp.BgpBytes.anomalies;
import static io.hoptrace.decoders.bgp.BgpBytes.attr;
import static io.hoptrace.decoders.bgp.BgpBytes.decode;
import static io.hoptrace.decoders.bgp.BgpBytes.fields;
import static io.hoptrace.decoders.bgp.BgpBytes.msg;
import static io.hoptrace.decoders.bgp.BgpBytes.summary;
import static io.hoptrace.decoders.bgp.BgpBytes.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.TestHex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UPDATE messages: withdrawn routes, path attributes, NLRI, MP_REACH/MP_UNREACH, and every length check. */
class BgpUpdateTest {
    private static final String ORIGIN_IGP = attr(0x40, 1, "00");
    private static final String AS_PATH_2 = attr(0x40, 2, "02 02 fde9 fdea");
    private static final String AS_PATH_4 = attr(0x40, 2, "02 02 0000fde9 0000fdea");
    private static final String NEXT_HOP = attr(0x40, 3, "0a000001");

    @Test
    void theUsualIpv4UpdateWith4ByteAsPath() {
        String hex = update("18 0af401", ORIGIN_IGP + AS_PATH_4 + NEXT_HOP, "18 0af402");
        Dissection d = decode(hex);
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        assertEquals("BGP UPDATE withdrawn [10.244.1.0/24], as-path 65001 65002, next-hop 10.0.0.1, "
                + "nlri [10.244.2.0/24]", summary(d, 0));
        byte[] b = TestHex.bytes(hex);
        assertEquals(List.of("10.244.2.0/24"), BgpUpdate.announced(b, 0));
        assertEquals(List.of("10.244.1.0/24"), BgpUpdate.withdrawn(b, 0));
        assertEquals("10.0.0.1", BgpUpdate.nextHop(b, 0));
        assertEquals("65001 65002", BgpUpdate.asPath(b, 0));
        assertEquals(65002, BgpUpdate.originAs(b, 0));
        FieldDump f = fields(d, 0);
        assertEquals("10.244.1.0/24", f.get("withdrawn[0]"));
        assertEquals("origin", f.get("attributes[0].name"));
        assertEquals("igp", f.get("attributes[0].origin"));
        assertEquals("4", f.get("attributes[1].as-size"));
        assertEquals("65001 65002", f.get("attributes[1].path"));
        assertEquals(List.of("65001", "65002"), f.all("attributes\\[1\\]\\.segments\\[0\\]\\.as\\[\\d\\]"));
        assertEquals("10.0.0.1", f.get("attributes[2].next-hop"));
        assertEquals("10.244.2.0/24", f.get("nlri[0]"));
    }

    @Test
    void twoByteAsPathWithAnAsSet() {
        String path = attr(0x40, 2, "02 02 fde9 fdea 01 02 0001 0002");
        Dissection d = decode(update("", ORIGIN_IGP + path + NEXT_HOP, "10 0a00"));
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        assertEquals("BGP UPDATE as-path 65001 65002 {1,2}, next-hop 10.0.0.1, nlri [10.0.0.0/16]", summary(d, 0));
        assertEquals("2", fields(d, 0).get("attributes[1].as-size"));
    }

    @Test
    void as4PathReplacesTheAsTransTail() {
        // AS_PATH 65001 23456 (2-byte), AS4_PATH 4200000001
        String attrs = ORIGIN_IGP + attr(0x40, 2, "02 02 fde9 5ba0") + NEXT_HOP + attr(0xc0, 17, "02 01 fa56ea01");
        String hex = update("", attrs, "18 0af402");
        Dissection d = decode(hex);
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        assertEquals("BGP UPDATE as-path 65001 4200000001, next-hop 10.0.0.1, nlri [10.244.2.0/24]", summary(d, 0));
        assertEquals(4200000001L, BgpUpdate.originAs(TestHex.bytes(hex), 0));
        assertEquals("as4-path", fields(d, 0).get("attributes[3].name"));
    }

    @Test
    void otherAttributesAreDecodedOrKeptAsTypeAndLength() {
        String attrs = ORIGIN_IGP + AS_PATH_2 + NEXT_HOP
                + attr(0x80, 4, "00000010")                       // MED 16
                + attr(0x40, 5, "00000064")                       // LOCAL_PREF 100
                + attr(0x40, 6, "")                               // ATOMIC_AGGREGATE
                + attr(0xc0, 7, "fde9 0a000009")                  // AGGREGATOR 2-byte
                + attr(0xc0, 8, "fde90064 ffffff01 ffff029a")     // COMMUNITIES
                + attr(0xc0, 32, "0000fde9 00000001 00000002")    // LARGE_COMMUNITIES
                + attr(0xc0, 16, "0002fde900000064 030c000000000008") // EXTENDED_COMMUNITIES (RT, other)
                + attr(0x80, 9, "0a0000fe")                       // ORIGINATOR_ID
                + attr(0x80, 10, "0a0000fd 0a0000fc")             // CLUSTER_LIST
                + attr(0xd0, 99, "0102030405");                   // unknown, extended length
        Dissection d = decode(update("", attrs, "18 0af402"));
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        FieldDump f = fields(d, 0);
        assertEquals("16", f.get("attributes[3].med"));
        assertEquals("100", f.get("attributes[4].local-pref"));
        assertEquals("atomic-aggregate", f.get("attributes[5].name"));
        assertEquals("65001", f.get("attributes[6].as"));
        assertEquals("10.0.0.9", f.get("attributes[6].address"));
        assertEquals(List.of("65001:100", "no-export", "blackhole"), f.all("attributes\\[7\\]\\.communities\\[\\d\\]"));
        assertEquals("65001:1:2", f.get("attributes[8].large-communities[0]"));
        assertEquals(List.of("rt 65001:100", "030c000000000008"),
                f.all("attributes\\[9\\]\\.extended-communities\\[\\d\\]"));
        assertEquals("10.0.0.254", f.get("attributes[10].originator-id"));
        assertEquals(List.of("10.0.0.253", "10.0.0.252"), f.all("attributes\\[11\\]\\.cluster-list\\[\\d\\]"));
        assertEquals("99", f.get("attributes[12].type"));
        assertEquals("attr-99", f.get("attributes[12].name"));
        assertEquals("5", f.get("attributes[12].length"));
        assertEquals("true", f.get("attributes[12].flags.extended-length"));
    }

    @Test
    void mpReachAndUnreachForIpv6WithALinkLocalNextHop() {
        String mpReach = attr(0x80, 14, "0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00"
                + " 40 20010db800000001 30 20010db80002");
        String mpUnreach = attr(0x80, 15, "0002 01 40 20010db800000009");
        String hex = update("", ORIGIN_IGP + AS_PATH_4 + mpReach + mpUnreach, "");
        Dissection d = decode(hex);
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        assertEquals("BGP UPDATE withdrawn [2001:db8:0:9::/64], as-path 65001 65002, "
                + "next-hop 2001:db8::1 fe80::1, nlri [2001:db8:0:1::/64, 2001:db8:2::/48]", summary(d, 0));
        FieldDump f = fields(d, 0);
        assertEquals("ipv6-unicast", f.get("attributes[2].family"));
        assertEquals(List.of("2001:db8::1", "fe80::1"), f.all("attributes\\[2\\]\\.next-hops\\[\\d\\]"));
        assertEquals("2001:db8:2::/48", f.get("attributes[2].nlri[1]"));
        assertEquals("2001:db8:0:9::/64", f.get("attributes[3].withdrawn[0]"));
        byte[] b = TestHex.bytes(hex);
        assertEquals(List.of("2001:db8:0:1::/64", "2001:db8:2::/48"), BgpUpdate.announced(b, 0));
        assertEquals(List.of("2001:db8:0:9::/64"), BgpUpdate.withdrawn(b, 0));
    }

    @Test
    void mpReachForIpv4() {
        String mpReach = attr(0x80, 14, "0001 01 04 0a000001 00 18 0af403");
        Dissection d = decode(update("", ORIGIN_IGP + attr(0x40, 2, "") + mpReach, ""));
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        assertEquals("BGP UPDATE as-path (empty), next-hop 10.0.0.1, nlri [10.244.3.0/24]", summary(d, 0));
    }

    @Test
    void mpReachOfAnotherFamilyKeepsItsNlriAsBytes() {
        String mpReach = attr(0x80, 14, "0001 80 0c 0000000000000000 0a000001 00 7000000100000001000000010a0001");
        Dissection d = decode(update("", ORIGIN_IGP + mpReach, ""));
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        FieldDump f = fields(d, 0);
        assertEquals("ipv4-vpn", f.get("attributes[1].family"));
        assertEquals("15", f.get("attributes[1].nlri.length"));
        assertEquals("BGP UPDATE next-hop 10.0.0.1, mp-reach ipv4-vpn", summary(d, 0));
    }

    @Test
    void endOfRibMarkers() {
        Dissection v4 = decode(update("", "", ""));
        assertEquals("BGP UPDATE end-of-rib ipv4-unicast", summary(v4, 0));
        Dissection v6 = decode(update("", attr(0x80, 15, "0002 01"), ""));
        assertEquals("BGP UPDATE end-of-rib ipv6-unicast", summary(v6, 0));
        assertTrue(BgpUpdate.isEndOfRib(TestHex.bytes(update("", "", "")), 0));
        assertFalse(BgpUpdate.isEndOfRib(TestHex.bytes(update("", ORIGIN_IGP, "")), 0));
    }

    @Test
    void longPrefixListsAreCutInTheSummary() {
        StringBuilder nlri = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            nlri.append("18 0af4").append(BgpBytes.u8(i));
        }
        Dissection d = decode(update("", ORIGIN_IGP + AS_PATH_4 + NEXT_HOP, nlri.toString()));
        assertEquals("BGP UPDATE as-path 65001 65002, next-hop 10.0.0.1, nlri [10.244.0.0/24, 10.244.1.0/24, "
                + "10.244.2.0/24, 10.244.3.0/24, 10.244.4.0/24, 10.244.5.0/24, 10.244.6.0/24, 10.244.7.0/24 +3 more]",
                summary(d, 0));
        assertEquals(11, fields(d, 0).all("nlri\\[\\d+\\]").size());
    }

    @Test
    void addPathNlriIsRecognisedAndDoesNotThrow() {
        // path id 1, 10.244.2.0/24; path id 2, 10.244.3.0/24: not valid as plain prefixes
        String hex = update("", ORIGIN_IGP + AS_PATH_4 + NEXT_HOP, "00000001 18 0af402 00000002 18 0af403");
        Dissection d = decode(hex);
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        assertEquals(List.of("10.244.2.0/24", "10.244.3.0/24"), BgpUpdate.announced(TestHex.bytes(hex), 0));
        assertEquals("2", fields(d, 0).get("nlri[1].path-id"));
    }

    @Test
    void prefixLongerThan32BitsIsMalformed() {
        Dissection d = decode(update("", ORIGIN_IGP + AS_PATH_4 + NEXT_HOP, "18 0af402 21 0a000001ff"));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.prefix-length.bad"), anomalies(d));
        int nlri = TestHex.bytes(update("", ORIGIN_IGP + AS_PATH_4 + NEXT_HOP, "")).length;
        assertEquals(nlri + 4, d.anomalyOffset(0));
        assertEquals("BGP UPDATE as-path 65001 65002, next-hop 10.0.0.1, nlri [10.244.2.0/24]", summary(d, 0));
    }

    @Test
    void prefixBytesPastTheEndAreMalformed() {
        Dissection d = decode(update("", ORIGIN_IGP + AS_PATH_4 + NEXT_HOP, "18 0af4"));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.prefix.overrun"), anomalies(d));
    }

    @Test
    void attributeLengthPastTheEndIsMalformed() {
        // NEXT_HOP claims 9 bytes; the path attributes end after 4
        String attrs = ORIGIN_IGP + "40 03 09 0a000001";
        Dissection d = decode(update("", attrs, ""));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.attribute-length.bad"), anomalies(d));
        assertEquals(19 + 2 + 2 + 4, d.anomalyOffset(0));
        assertEquals("BGP UPDATE", summary(d, 0));
        FieldDump f = fields(d, 0);
        assertEquals("true", f.get("attributes[1].malformed"));
    }

    @Test
    void attributeOfTheWrongSizeIsMalformedButTheOthersStillCount() {
        String attrs = attr(0x40, 1, "0000") + AS_PATH_4 + NEXT_HOP;
        Dissection d = decode(update("", attrs, "18 0af402"));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.attribute-size.bad"), anomalies(d));
        assertEquals("BGP UPDATE as-path 65001 65002, next-hop 10.0.0.1, nlri [10.244.2.0/24]", summary(d, 0));
    }

    @Test
    void asPathThatAddsUpInNeitherSizeIsMalformed() {
        Dissection d = decode(update("", ORIGIN_IGP + attr(0x40, 2, "02 05 fde9"), ""));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.as-path.malformed"), anomalies(d));
        fields(d, 0);
        assertEquals("BGP UPDATE", summary(d, 0));
    }

    @Test
    void withdrawnLengthPastTheMessageIsMalformed() {
        Dissection d = decode(msg(2, "0030 18 0af401 0000"));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.withdrawn-length.bad"), anomalies(d));
        assertEquals(19, d.anomalyOffset(0));
        assertEquals("BGP UPDATE", summary(d, 0));
        fields(d, 0);
    }

    @Test
    void attributesLengthPastTheMessageIsMalformed() {
        Dissection d = decode(msg(2, "0000 0040 40010100"));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.attributes-length.bad"), anomalies(d));
        assertEquals(21, d.anomalyOffset(0));
        assertNull(BgpUpdate.nextHop(TestHex.bytes(msg(2, "0000 0040 40010100")), 0));
    }

    @Test
    void updateShorterThan23BytesIsMalformed() {
        Dissection d = decode(msg(2, "0000"));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.update-length.bad"), anomalies(d));
        assertEquals(List.of(), BgpUpdate.announced(TestHex.bytes(msg(2, "0000")), 0));
    }

    @Test
    void mpReachNextHopLengthPastTheAttributeIsMalformed() {
        Dissection d = decode(update("", ORIGIN_IGP + attr(0x80, 14, "0002 01 20 20010db8"), ""));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.mp-next-hop.bad"), anomalies(d));
        fields(d, 0);
        summary(d, 0);
    }

    @Test
    void ipv6PrefixLongerThan128BitsIsMalformed() {
        String mpReach = attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 81 20010db8");
        Dissection d = decode(update("", ORIGIN_IGP + mpReach, ""));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.prefix-length.bad"), anomalies(d));
    }
}
