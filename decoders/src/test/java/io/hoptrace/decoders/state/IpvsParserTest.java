package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hoptrace.decoders.state.StateFiles.ip;
import static io.hoptrace.decoders.state.StateFiles.problemLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layouts and failure modes the shared files do not have (formats from ipvsadm's print functions). */
class IpvsParserTest {
    private static final String HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n"
            + "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

    @Test
    void ipv6ServiceAndFirewallMarkInIpvsadmListing() {
        IpvsTable t = IpvsParser.parse(HEADER
                + "TCP  [fd00::a]:443 rr\n"
                + "  -> [fd00:1::5]:8443              Masq    1      3          7         \n"
                + "FWM  100 IPv6 wlc\n"
                + "  -> [fd00:1::6]:0                 Route   2      0          0\n"
                + "FWM  10001000 wlc\n");
        assertEquals(List.of(), t.problems());
        IpvsService s = t.service(IpvsProtocol.TCP, ip("fd00::a"), 443).orElseThrow();
        assertTrue(s.ipv6());
        assertEquals("[fd00:1::5]:8443", s.realServers().get(0).endpoint());
        assertEquals(7, s.realServers().get(0).inactiveConnections());
        IpvsService fwm = t.firewallMarkService(100).orElseThrow();
        assertTrue(fwm.ipv6());
        assertEquals("FWM 100 IPv6", fwm.key());
        // ipvsadm prints marks in decimal; only /proc/net/ip_vs writes them in hex
        assertTrue(t.firewallMarkService(10001000).isPresent());
    }

    @Test
    void schedulerFlagsPersistenceEngineAndOnePacket() {
        IpvsTable t = IpvsParser.parse(HEADER
                + "UDP  10.96.0.10:53 sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0 pe sip ops\n"
                + "TCP  [fd00::1]:80 rr persistent 60 mask 64\n");
        assertEquals(List.of(), t.problems());
        IpvsService s = t.services().get(0);
        assertEquals(List.of("sh-fallback", "sh-port"), s.schedulerFlags());
        assertEquals(new IpvsPersistence(300, 24, ip("255.255.255.0")), s.persistence());
        assertEquals("sip", s.persistenceEngine());
        assertTrue(s.onePacket());
        assertEquals(new IpvsPersistence(60, 64, null), t.services().get(1).persistence());
    }

    @Test
    void rateLayoutAndShortenedNumbers() {
        IpvsTable t = IpvsParser.parse("IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n"
                + "  -> RemoteAddress:Port\n"
                + "TCP  10.3.0.42:80                        5       40       30     123K      98M\n"
                + "  -> 10.2.1.22:80                        1        8        6     2040     3000\n");
        assertEquals(List.of(), t.problems());
        IpvsService s = t.services().get(0);
        assertNull(s.stats());
        assertEquals(new IpvsCounters(5, 40, 30, 123_000, 98_000_000, true), s.rate());
        assertEquals(new IpvsCounters(1, 8, 6, 2040, 3000, false), s.realServers().get(0).rate());
    }

    @Test
    void thresholdsLayout() {
        IpvsTable t = IpvsParser.parse("Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn\n"
                + "  -> RemoteAddress:Port\n"
                + "TCP  10.0.0.1:80 rr\n"
                + "  -> 10.1.0.1:80                   100        50         3          4\n");
        IpvsRealServer r = t.services().get(0).realServers().get(0);
        assertEquals(100, r.upperThreshold());
        assertEquals(50, r.lowerThreshold());
        assertEquals(3, r.activeConnections());
        assertEquals(IpvsRealServer.ABSENT, r.weight());
    }

    @Test
    void lineWithoutHeaderIsReadByItsColumns() {
        IpvsTable t = IpvsParser.parse("TCP  10.0.0.1:443 rr\n  -> 10.1.0.1:6443 Local 0 0 0\n");
        assertEquals(List.of(), t.problems());
        IpvsRealServer r = t.services().get(0).realServers().get(0);
        assertEquals(IpvsForwarding.LOCAL, r.forwarding());
        assertEquals(0, r.weight());
        assertEquals(List.of(), t.services().get(0).activeRealServers());
    }

    @Test
    void saveFormatWithAllOptions() {
        IpvsTable t = IpvsParser.parse(""
                + "-A -t 10.0.0.1:443 -s rr -p 10800 -M 255.255.0.0\n"
                + "-a -t 10.0.0.1:443 -r 192.168.0.1:6443 -m -w 1\n"
                + "-a -t 10.0.0.1:443 -r 192.168.0.2:6443 -i -w 0 -x 10 -y 5\n"
                + "-A -u [fd00::a]:53 -s sh -b sh-fallback,sh-port ops\n"
                + "-a -u [fd00::a]:53 -r [fd00:1::9]:5353 -g -w 3\n"
                + "-A --fwmark-service 7 -6 --scheduler wlc --persistent\n"
                + "-a -f 7 -6 -r fd00:1::9 -g -w 1\n"
                + "-A --sctp-service 10.0.0.2:3868 -s rr\n"
                + "-a --sctp-service 10.0.0.2:3868 --real-server 10.1.0.2 --masquerading --weight 2\n");
        assertEquals(List.of(), t.problems());
        assertEquals(4, t.services().size());
        IpvsService api = t.services().get(0);
        assertEquals(new IpvsPersistence(10800, 16, ip("255.255.0.0")), api.persistence());
        assertEquals(IpvsForwarding.MASQ, api.realServers().get(0).forwarding());
        IpvsRealServer tunnel = api.realServers().get(1);
        assertEquals(IpvsForwarding.TUNNEL, tunnel.forwarding());
        assertEquals(0, tunnel.weight());
        assertEquals(10, tunnel.upperThreshold());
        assertEquals(5, tunnel.lowerThreshold());
        IpvsService dns = t.service(IpvsProtocol.UDP, ip("fd00::a"), 53).orElseThrow();
        assertEquals(List.of("sh-fallback", "sh-port"), dns.schedulerFlags());
        assertTrue(dns.onePacket());
        assertEquals("[fd00:1::9]:5353", dns.realServers().get(0).endpoint());
        IpvsService fwm = t.firewallMarkService(7).orElseThrow();
        assertTrue(fwm.ipv6());
        assertEquals(300, fwm.persistence().timeoutSeconds());
        assertEquals(128, fwm.persistence().prefixLength());
        assertEquals(1, fwm.realServers().size());
        IpvsRealServer sctp = t.service(IpvsProtocol.SCTP, ip("10.0.0.2"), 3868).orElseThrow().realServers().get(0);
        assertEquals("10.1.0.2:3868", sctp.endpoint()); // -r without a port takes the virtual port
        assertEquals(2, sctp.weight());
    }

    @Test
    void realServerOfAnUndefinedServiceIsAProblem() {
        IpvsTable t = IpvsParser.parse("-a -t 10.0.0.1:443 -r 192.168.0.1:6443 -m -w 1\n");
        assertEquals(List.of(1), problemLines(t.problems()));
        assertTrue(t.problems().get(0).reason().contains("TCP 10.0.0.1:443"));
    }

    @Test
    void duplicateServiceIsReportedAndItsServersNotMixedIn() {
        IpvsTable t = IpvsParser.parse(HEADER
                + "TCP  10.0.0.1:443 rr\n"
                + "  -> 10.1.0.1:443 Masq 1 0 0\n"
                + "TCP  10.0.0.1:443 rr\n"
                + "  -> 10.1.0.2:443 Masq 1 0 0\n");
        assertEquals(List.of(6, 7), problemLines(t.problems()));
        assertTrue(t.problems().get(0).reason().contains("already defined on line 4"));
        assertEquals(1, t.realServerCount());
    }

    @Test
    void badLinesAreReportedAndTheRestKept() {
        IpvsTable t = IpvsParser.parse(HEADER
                + "  -> 10.1.0.9:80 Masq 1 0 0\n"            // 4: before any service
                + "TCP  10.0.0.1:80 rr\n"                     // 5
                + "  -> 10.1.0.1:80 Bridge 1 0 0\n"          // 6: unknown forwarding
                + "  -> 10.1.0.2:80 Masq one 0 0\n"          // 7: not a number
                + "  -> 10.1.0.3:80 Masq 1 0\n"              // 8: a column short
                + "  -> 10.1.0.4:99999 Masq 1 0 0\n"         // 9: port out of range
                + "  -> 10.1.0.5:80 Masq 1 0 0\n"            // 10: good
                + "TCP  10.0.0.2:80 rr sticky\n"              // 11: unknown option
                + "ICMP 10.0.0.3 rr\n"                        // 12: not a protocol ipvs lists
                + "TCP\n"                                     // 13: no address
                + "TCP  10.0.0.4:80\n"                        // 14: no scheduler
                + "-A -t 10.0.0.5:80 -s rr -z\n"              // 15: unknown switch
                + "-E -t 10.0.0.5:80 -s rr\n"                 // 16: not a save line
                + "\n"
                + "UDP  10.0.0.6:53 rr\n");                   // 18: good
        assertEquals(List.of(4, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16), problemLines(t.problems()));
        assertEquals(List.of("TCP 10.0.0.1:80", "UDP 10.0.0.6:53"), t.services().stream().map(IpvsService::key)
                .toList());
        assertEquals("10.1.0.5:80", t.services().get(0).realServers().get(0).endpoint());
        t.problems().forEach(p -> assertFalse(p.reason().isBlank()));
    }

    @Test
    void emptyInputIsAnEmptyTable() {
        IpvsTable t = IpvsParser.parse("");
        assertEquals(List.of(), t.services());
        assertEquals(List.of(), t.problems());
        assertNull(t.version());
    }

    @Test
    void procStatsWithAGarbledRow() {
        IpvsProcStats s = IpvsProcStatsParser.parse("   Total Incoming Outgoing         Incoming         Outgoing\n"
                + "   Conns  Packets  Packets            Bytes            Bytes\n"
                + "      10       20 zz\n");
        assertNull(s.totals());
        assertEquals(List.of(3), problemLines(s.problems()));
    }
}
