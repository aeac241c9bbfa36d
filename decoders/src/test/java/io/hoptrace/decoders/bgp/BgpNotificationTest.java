package io.hoptrace.decoders.bgp;

import static io.hoptrace.decoders.bgp.BgpBytes.anomalies;
import static io.hoptrace.decoders.bgp.BgpBytes.decode;
import static io.hoptrace.decoders.bgp.BgpBytes.fields;
import static io.hoptrace.decoders.bgp.BgpBytes.msg;
import static io.hoptrace.decoders.bgp.BgpBytes.notification;
import static io.hoptrace.decoders.bgp.BgpBytes.summary;
import static io.hoptrace.decoders.bgp.BgpBytes.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.FieldDump;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.TestHex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NOTIFICATION, KEEPALIVE and ROUTE-REFRESH messages. */
class BgpNotificationTest {
    @Test
    void administrativeShutdownWithACommunication() {
        String hex = notification(6, 2, "0b" + text("maintenance"));
        Dissection d = decode(hex);
        assertEquals(LayerStatus.OK, d.status(0), anomalies(d).toString());
        assertEquals("BGP NOTIFICATION cease/administrative shutdown \"maintenance\"", summary(d, 0));
        byte[] b = TestHex.bytes(hex);
        assertEquals(6, BgpNotification.code(b, 0));
        assertEquals(2, BgpNotification.subcode(b, 0));
        assertEquals("maintenance", BgpNotification.communication(b, 0));
        FieldDump f = fields(d, 0);
        assertEquals("cease", f.get("code.name"));
        assertEquals("administrative shutdown", f.get("subcode.name"));
        assertEquals("maintenance", f.get("communication"));
    }

    @Test
    void utf8CommunicationIsEscapedInTheSummaryAndKeptInDescribe() {
        Dissection d = decode(notification(6, 4, "06" + text("für 1")));
        assertEquals("BGP NOTIFICATION cease/administrative reset \"f\\xc3\\xbcr 1\"", summary(d, 0));
        assertEquals("für 1", fields(d, 0).get("communication"));
    }

    @Test
    void communicationLengthPastTheMessageIsMalformed() {
        String hex = notification(6, 4, "40" + text("0123456789"));
        Dissection d = decode(hex);
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.shutdown-length.bad"), anomalies(d));
        assertEquals(21, d.anomalyOffset(0));
        assertNull(BgpNotification.communication(TestHex.bytes(hex), 0));
        assertEquals("BGP NOTIFICATION cease/administrative reset (bad shutdown communication length)",
                summary(d, 0));
    }

    @Test
    void emptyCommunicationAndNone() {
        assertEquals("BGP NOTIFICATION cease/administrative shutdown", summary(decode(notification(6, 2, "00")), 0));
        assertEquals("BGP NOTIFICATION cease/administrative shutdown", summary(decode(notification(6, 2, "")), 0));
    }

    @Test
    void hardResetNamesTheNotificationItWraps() {
        Dissection d = decode(notification(6, 9, "0603"));
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals("BGP NOTIFICATION cease/hard reset: cease/peer de-configured", summary(d, 0));
        assertEquals("peer de-configured", fields(d, 0).get("hard-reset.subcode.name"));
        Dissection bad = decode(notification(6, 9, ""));
        assertEquals(LayerStatus.MALFORMED, bad.status(0));
        assertEquals(List.of("bgp.hard-reset.bad"), anomalies(bad));
    }

    @Test
    void everyErrorCodeHasAName() {
        assertEquals("BGP NOTIFICATION hold timer expired", summary(decode(notification(4, 0, "")), 0));
        assertEquals("BGP NOTIFICATION message header error/bad message length",
                summary(decode(notification(1, 2, "0005")), 0));
        assertEquals("BGP NOTIFICATION open message error/unsupported capability",
                summary(decode(notification(2, 7, "")), 0));
        assertEquals("BGP NOTIFICATION update message error/malformed as-path",
                summary(decode(notification(3, 11, "")), 0));
        assertEquals("BGP NOTIFICATION fsm error/unexpected message in openconfirm",
                summary(decode(notification(5, 2, "")), 0));
        assertEquals("BGP NOTIFICATION cease/connection rejected", summary(decode(notification(6, 5, "")), 0));
        assertEquals("BGP NOTIFICATION route-refresh message error/invalid message length",
                summary(decode(notification(7, 1, "")), 0));
        assertEquals("BGP NOTIFICATION cease/subcode 77", summary(decode(notification(6, 77, "")), 0));
        assertEquals("BGP NOTIFICATION error-99/subcode 1", summary(decode(notification(99, 1, "")), 0));
    }

    @Test
    void notificationShorterThan21BytesIsMalformed() {
        Dissection d = decode(msg(3, "06"));
        assertEquals(LayerStatus.MALFORMED, d.status(0));
        assertEquals(List.of("bgp.notification-length.bad"), anomalies(d));
        assertEquals("BGP NOTIFICATION", summary(d, 0));
    }

    @Test
    void keepalive() {
        Dissection d = decode(BgpBytes.keepalive());
        assertEquals(LayerStatus.OK, d.status(0));
        assertEquals("BGP KEEPALIVE", summary(d, 0));
        assertEquals("KEEPALIVE", fields(d, 0).get("type.name"));
        Dissection bad = decode(msg(4, "00"));
        assertEquals(LayerStatus.MALFORMED, bad.status(0));
        assertEquals(List.of("bgp.keepalive-length.bad"), anomalies(bad));
    }

    @Test
    void routeRefreshPlainAndEnhanced() {
        assertEquals("BGP ROUTE-REFRESH ipv4-unicast", summary(decode(msg(5, "0001 00 01")), 0));
        assertEquals("BGP ROUTE-REFRESH ipv6-unicast begin", summary(decode(msg(5, "0002 01 01")), 0));
        assertEquals("BGP ROUTE-REFRESH ipv6-unicast end", summary(decode(msg(5, "0002 02 01")), 0));
        Dissection orf = decode(msg(5, "0001 00 01 01 0007 40 00 0000 00"));
        assertEquals("BGP ROUTE-REFRESH ipv4-unicast, orf 8 bytes", summary(orf, 0));
        assertEquals("ipv4-unicast", fields(orf, 0).get("family"));
        Dissection bad = decode(msg(5, "0001"));
        assertEquals(LayerStatus.MALFORMED, bad.status(0));
        assertEquals(List.of("bgp.route-refresh-length.bad"), anomalies(bad));
    }

    @Test
    void unknownTypeIsUnsupportedNotMalformed() {
        Dissection d = decode(msg(9, "0102"));
        assertEquals(LayerStatus.UNSUPPORTED, d.status(0));
        assertEquals(List.of("bgp.type.unknown"), anomalies(d));
        assertEquals("BGP type-9", summary(d, 0));
    }
}
