package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.hoptrace.decoders.state.StateFiles.ip;
import static io.hoptrace.decoders.state.StateFiles.problemLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Line forms the shared files lack (from this kernel's /proc/net/nf_conntrack and conntrack 1.4.7), and errors. */
class ConntrackParserTest {
    @Test
    void procNfConntrackWithFamilyPrefixAndZone() {
        ConntrackTable t = ConntrackParser.parse("ipv4     2 tcp      6 119 TIME_WAIT src=10.77.0.1 dst=10.96.0.10"
                + " sport=52198 dport=80 src=10.77.0.2 dst=10.77.0.1 sport=8080 dport=52198 [ASSURED] mark=0 zone=0"
                + " use=2\n");
        assertEquals(List.of(), t.problems());
        ConntrackEntry e = t.entries().get(0);
        assertEquals("tcp", e.protocol());
        assertEquals(6, e.protocolNumber());
        assertEquals(0, e.zone());
        assertEquals(2, e.use());
        assertEquals("10.77.0.2:8080", e.dnatDestination().toString());
    }

    @Test
    void ipv6FullyWrittenInProcMatchesCompressedLookup() {
        ConntrackTable t = ConntrackParser.parse("ipv6     10 udp      17 29 src=fd00:0000:0000:0000:0000:0000:0000:0001"
                + " dst=fd00:0000:0000:0000:0000:0000:0000:000a sport=5000 dport=53 [UNREPLIED]"
                + " src=fd00:0000:0000:0000:0000:0000:0000:000a dst=fd00:0000:0000:0000:0000:0000:0000:0001"
                + " sport=53 dport=5000 mark=0 zone=0 use=2\n");
        ConntrackEntry e = t.entries().get(0);
        assertTrue(e.ipv6());
        assertEquals(e, t.find(17, ip("fd00::1"), 5000, ip("fd00::a"), 53).orElseThrow().entry());
    }

    @Test
    void icmpTuplesAndTheEntryIdOfOutputId() {
        ConntrackTable t = ConntrackParser.parse("ipv4     2 icmp     1 29 src=10.77.0.1 dst=10.77.0.2 type=8 code=0"
                + " id=4242 src=10.77.0.2 dst=10.77.0.1 type=0 code=0 id=4242 mark=0 use=1 id=2107288873\n");
        assertEquals(List.of(), t.problems());
        ConntrackEntry e = t.entries().get(0);
        assertEquals(8, e.original().icmpType());
        assertEquals(0, e.original().icmpCode());
        assertEquals(4242, e.original().icmpId());
        assertEquals(4242, e.reply().icmpId());
        assertEquals(2107288873L, e.id());
        assertEquals(ConntrackTuple.ABSENT, e.original().sourcePort());
        assertEquals(ConntrackNat.NONE, e.nat());
        ConntrackKey echoReply = ConntrackKey.icmp(1, ip("10.77.0.2"), ip("10.77.0.1"), 0, 4242);
        assertEquals(ConntrackDirection.REPLY, t.find(echoReply).orElseThrow().direction());
        assertTrue(t.find(ConntrackKey.icmp(1, ip("10.77.0.1"), ip("10.77.0.2"), 8, 4242)).isPresent());
        assertFalse(t.find(ConntrackKey.icmp(1, ip("10.77.0.1"), ip("10.77.0.2"), 8, 4243)).isPresent());
    }

    @Test
    void flagsLabelsSecurityContextAndUnknownTokens() {
        ConntrackTable t = ConntrackParser.parse("tcp      6 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2"
                + " dst=10.0.0.1 sport=2 dport=1 [OFFLOAD] mark=7 secctx=system_u:object_r:unlabeled_t:s0 zone=3"
                + " use=1 labels=default,lb,4 helper=ftp [start=Sat Nov 21 15:04:05 2026] delta-time=42\n"
                + "tcp      6 431999 ESTABLISHED src=10.0.0.3 dst=10.0.0.4 sport=1 dport=2 src=10.0.0.4"
                + " dst=10.0.0.3 sport=2 dport=1 [HW_OFFLOAD] mark=0 use=1\n");
        assertEquals(List.of(), t.problems());
        ConntrackEntry e = t.entries().get(0);
        assertEquals(ConntrackEntry.ABSENT, e.timeout()); // offloaded entries print no timeout
        assertNull(e.state());
        assertTrue(e.offload());
        assertFalse(e.assured());
        assertEquals(7, e.mark());
        assertEquals(3, e.zone());
        assertEquals("system_u:object_r:unlabeled_t:s0", e.securityContext());
        assertEquals(List.of("default", "lb", "4"), e.labels());
        assertEquals(List.of("helper=ftp", "[start=Sat Nov 21 15:04:05 2026]", "delta-time=42"), e.extras());
        assertTrue(t.entries().get(1).offload());
    }

    @Test
    void protocolWithoutPortsAsPrinted() {
        // IGMP from a bridge, as conntrack -L printed it in the test namespace
        ConntrackTable t = ConntrackParser.parse("unknown  2 599 src=10.201.0.1 dst=224.0.0.22 [UNREPLIED]"
                + " src=224.0.0.22 dst=10.201.0.1 mark=0 use=1\n");
        assertEquals(List.of(), t.problems());
        ConntrackEntry e = t.entries().get(0);
        assertEquals("unknown", e.protocol());
        assertEquals(2, e.protocolNumber());
        assertEquals(599, e.timeout());
        assertEquals(ConntrackNat.NONE, e.nat());
        assertTrue(t.find(ConntrackKey.of(2, ip("10.201.0.1"), -1, ip("224.0.0.22"), -1)).isPresent());
    }

    @Test
    void timestampedEvents() {
        ConntrackTable t = ConntrackParser.parse("[1763737445.123456]\t    [NEW] udp      17 30 src=10.0.0.1"
                + " dst=10.0.0.2 sport=1 dport=53 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=53 dport=1\n");
        assertEquals(List.of(), t.problems());
        ConntrackEntry e = t.entries().get(0);
        assertEquals(ConntrackEvent.NEW, e.event());
        assertEquals(Instant.ofEpochSecond(1763737445L, 123_456_000L), e.eventTime());
    }

    @Test
    void brokenLinesAreReportedWithTheirNumbers() {
        String good = "udp      17 29 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=53 src=10.0.0.2 dst=10.0.0.1 sport=53"
                + " dport=1 mark=0 use=1";
        ConntrackTable t = ConntrackParser.parse(good + "\n"                                 // 1
                + "udp      17 29 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=53 mark=0 use=1\n"     // 2 no reply
                + "udp      17 29 mark=0 use=1\n"                                               // 3 no tuples
                + "udp      17 29 src=10.0.0.1 dst=10.0.0.2 sport=70000 dport=53 src=10.0.0.2 dst=10.0.0.1\n" // 4
                + "udp      17 29 src=10.0.0.x dst=10.0.0.2 src=10.0.0.2 dst=10.0.0.1\n"         // 5 address
                + "udp      17 29 dst=10.0.0.2 src=10.0.0.1 src=10.0.0.2 dst=10.0.0.1\n"         // 6 dst first
                + "udp      17 29 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 dst=1.1.1.1 src=1.1.1.3\n" // 7 third src
                + "udp      17 29 src=1.1.1.1 dst=1.1.1.2 garbage src=1.1.1.2 dst=1.1.1.1\n"     // 8 a word
                + "UDP      17 29 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 dst=1.1.1.1\n"              // 9 protocol name
                + "udp      x 29 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 dst=1.1.1.1\n"               // 10 number
                + "udp      17 29 src=1.1.1.1 src=1.1.1.2 dst=1.1.1.1\n"                          // 11 no dst
                + "udp      17 29 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 dst=1.1.1.1 mark=-1\n"      // 12 mark
                + "[9x.1] [NEW] udp 17 30 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 dst=1.1.1.1\n"      // 13 event time
                + "conntrack v1.4.7 (conntrack-tools): Operation failed: Operation not supported\n" // 14 error
                + "hello\n"                                                                     // 15
                + "\n"
                + good.replace("sport=1 ", "sport=2 ").replace("dport=1 ", "dport=2 ") + "\n"); // 17
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), problemLines(t.problems()));
        assertEquals(List.of(1, 17), t.entries().stream().map(ConntrackEntry::line).toList());
        assertTrue(t.problems().get(0).reason().contains("reply"), t.problems().get(0).toString());
        assertTrue(t.problems().get(2).reason().contains("sport=70000"));
        assertTrue(t.problems().get(3).reason().contains("10.0.0.x"));
        assertEquals("hello", t.problems().get(13).text());
        assertEquals(-1, t.reportedCount());
    }

    @Test
    void aLargeTableIsReadWholeAndEveryEntryIsFound() {
        int n = 200_000;
        StringBuilder sb = new StringBuilder(n * 180);
        for (int i = 0; i < n; i++) {
            String client = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            int port = 1024 + i % 60000;
            sb.append("ipv4     2 tcp      6 431999 ESTABLISHED src=").append(client)
                    .append(" dst=10.96.0.1 sport=").append(port).append(" dport=443 src=10.244.1.5 dst=")
                    .append(client).append(" sport=6443 dport=").append(port)
                    .append(" [ASSURED] mark=0 zone=0 use=2\n");
        }
        String text = sb.toString();
        long start = System.nanoTime();
        ConntrackTable t = ConntrackParser.parse(text);
        long parseMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(n, t.entries().size());
        assertEquals(List.of(), t.problems());
        start = System.nanoTime();
        int found = 0;
        for (int i = 0; i < n; i += 7) {
            String client = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            int port = 1024 + i % 60000;
            if (t.find(6, ip("10.244.1.5"), 6443, ip(client), port).isPresent()) {
                found++;
            }
        }
        long lookupMicros = (System.nanoTime() - start) / 1000;
        assertEquals((n + 6) / 7, found);
        System.out.printf("conntrack: parsed %d entries (%d MB of text) in %d ms; %d lookups in %d ms%n", n,
                text.length() >> 20, parseMillis, (n + 6) / 7, lookupMicros / 1000);
    }
}
