package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.hoptrace.decoders.state.StateFiles.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every file in shared/data/conntrack, with values read off the files by hand. */
class ConntrackSharedDataTest {
    private static final Set<String> TABLES = Set.of(
            "conntrack-tools-manual_conntrack-D_deleted.txt",
            "conntrack-tools-manual_conntrack-E_events.txt",
            "conntrack-tools-manual_conntrack-L_with-accounting.txt",
            "conntrack-tools-manual_proc_net_ip_conntrack.txt",
            "issue_confidential-containers-cloud-api-adaptor-2015_conntrack-L_vxlan4789_unreplied.txt",
            "issue_jc-646_conntrack-E_events.txt",
            "issue_k8s-101607_conntrack-L_stale_SYN_SENT_and_udp.txt",
            "issue_k8s-38802_conntrack-L_service_SNAT.txt",
            "issue_k8s-48370_conntrack-L_udp_clusterIP_DNAT_then_no-endpoints.txt",
            "issue_k8s-91216_conntrack-L_kube-dns_DNAT_TIME_WAIT.txt",
            "issue_k8s-pr127318_conntrack-L_udp_DNAT.txt",
            "issue_vishvananda-netlink-876_conntrack-L.txt",
            "issue_weaveworks-scope-1110_conntrack-L_mixed.txt");
    private static final Set<String> STATS = Set.of(
            "issue_google-nftables-138_conntrack-S_new-format_no-ignore.txt",
            "issue_google-nftables-138_proc_net_stat_nf_conntrack_header-with-clashres.txt",
            "issue_telegraf-8955_conntrack-S_old-format_with-ignore.txt",
            "procfs_test_proc_net_stat_nf_conntrack.txt");
    private static final int TCP = 6;
    private static final int UDP = 17;

    private static ConntrackTable table(String name) {
        return ConntrackParser.parse(StateFiles.read("conntrack/" + name));
    }

    private static ConntrackStats stats(String name) {
        return ConntrackStatsParser.parse(StateFiles.read("conntrack/" + name));
    }

    @Test
    void everyFileOfTheDirectoryIsCoveredHere() {
        TreeSet<String> all = new TreeSet<>(TABLES);
        all.addAll(STATS);
        assertEquals(all, StateFiles.names("conntrack"));
    }

    @Test
    void everyTableFileReadsWithoutProblemsAndEveryLineIsAnEntryOrTrailer() {
        for (String name : TABLES) {
            String text = StateFiles.read("conntrack/" + name);
            ConntrackTable t = ConntrackParser.parse(text);
            assertEquals(List.of(), t.problems(), name);
            long lines = text.lines().filter(l -> !l.isBlank()).count();
            assertEquals(lines, t.entries().size() + (t.reportedCount() >= 0 ? 1 : 0), name);
        }
    }

    @Test
    void deletedEntryWithAccountingAndMark() {
        ConntrackTable t = table("conntrack-tools-manual_conntrack-D_deleted.txt");
        assertEquals(1, t.reportedCount());
        ConntrackEntry e = t.entries().get(0);
        assertEquals("tcp", e.protocol());
        assertEquals(431982, e.timeout());
        assertEquals("ESTABLISHED", e.state());
        assertEquals(ip("192.168.2.100"), e.original().source());
        assertEquals(34846, e.original().sourcePort());
        assertEquals(169, e.original().packets());
        assertEquals(14322, e.original().bytes());
        assertEquals(113, e.reply().packets());
        assertEquals(34787, e.reply().bytes());
        assertTrue(e.assured());
        assertEquals(1, e.mark());
        assertEquals(0, e.secmark());
        assertEquals(1, e.use());
        assertEquals(ConntrackNat.NONE, e.nat());
    }

    @Test
    void managerEventsOfOneTcpFlowAreChainedInFileOrder() {
        ConntrackTable t = table("conntrack-tools-manual_conntrack-E_events.txt");
        assertEquals(5, t.entries().size());
        assertEquals(List.of(ConntrackEvent.NEW, ConntrackEvent.UPDATE, ConntrackEvent.NEW, ConntrackEvent.UPDATE,
                ConntrackEvent.UPDATE), t.entries().stream().map(ConntrackEntry::event).toList());
        assertTrue(t.entries().get(0).unreplied());
        assertFalse(t.entries().get(1).unreplied());
        ConntrackKey syn = ConntrackKey.of(TCP, ip("192.168.2.100"), 33379, ip("66.102.9.104"), 80);
        assertEquals(List.of("SYN_SENT", "SYN_RECV", "ESTABLISHED"),
                t.findAll(syn).stream().map(m -> m.entry().state()).toList());
        ConntrackMatch newest = t.find(syn).orElseThrow();
        assertEquals(5, newest.entry().line());
        assertTrue(newest.entry().assured());
        ConntrackMatch answer = t.find(TCP, ip("66.102.9.104"), 80, ip("192.168.2.100"), 33379).orElseThrow();
        assertEquals(ConntrackDirection.REPLY, answer.direction());
    }

    @Test
    void listingWithAccountingAndItsTrailer() {
        ConntrackTable t = table("conntrack-tools-manual_conntrack-L_with-accounting.txt");
        assertEquals(2, t.reportedCount());
        ConntrackEntry second = t.entries().get(1);
        assertEquals(431698, second.timeout());
        assertEquals(244, second.original().packets());
        assertEquals(18723, second.original().bytes());
        assertEquals(203, second.reply().packets());
        assertEquals(144731, second.reply().bytes());
    }

    @Test
    void legacyProcIpConntrackHasNoFamilyPrefix() {
        ConntrackTable t = table("conntrack-tools-manual_proc_net_ip_conntrack.txt");
        assertEquals(-1, t.reportedCount());
        assertEquals(2, t.entries().size());
        assertEquals(34849, t.entries().get(1).original().sourcePort());
        assertFalse(t.entries().get(1).ipv6());
    }

    @Test
    void vxlanFlowsUnrepliedWithTheTrailerFirst() {
        ConntrackTable t = table(
                "issue_confidential-containers-cloud-api-adaptor-2015_conntrack-L_vxlan4789_unreplied.txt");
        assertEquals(50, t.reportedCount()); // conntrack says 50, the issue kept 3
        assertEquals(3, t.entries().size());
        assertTrue(t.entries().stream().allMatch(e -> e.unreplied() && e.original().destinationPort() == 4789));
        assertEquals(ip("192.168.122.121"), t.entries().get(2).original().source());
        assertEquals(52605, t.entries().get(2).original().sourcePort());
        assertEquals(0, t.entries().get(2).mark());
    }

    @Test
    void destroyEventsHaveNoTimeout() {
        ConntrackTable t = table("issue_jc-646_conntrack-E_events.txt");
        assertEquals(10, t.entries().size());
        assertEquals(8, t.entries().stream().filter(e -> e.event() == ConntrackEvent.DESTROY).count());
        ConntrackEntry mdns = t.entries().get(5);
        assertEquals(ConntrackEntry.ABSENT, mdns.timeout());
        assertEquals(ip("224.0.0.251"), mdns.original().destination());
        assertTrue(mdns.unreplied());
        ConntrackEntry fresh = t.entries().get(9);
        assertEquals(ConntrackEvent.NEW, fresh.event());
        assertEquals(30, fresh.timeout());
        assertEquals(26218, fresh.original().sourcePort());
    }

    @Test
    void staleSynToANodePortIsDnatAndSnat() {
        ConntrackTable t = table("issue_k8s-101607_conntrack-L_stale_SYN_SENT_and_udp.txt");
        ConntrackEntry syn = t.entries().get(0);
        assertEquals("SYN_SENT", syn.state());
        assertTrue(syn.unreplied());
        assertEquals(119, syn.timeout());
        assertEquals(ConntrackNat.BOTH, syn.nat());
        assertEquals("10.244.2.3:80", syn.dnatDestination().toString());
        assertEquals("172.18.0.2:45815", syn.snatSource().toString());
        ConntrackEntry udp = t.entries().get(1);
        assertEquals(ConntrackNat.SNAT, udp.nat());
        assertNull(udp.dnatDestination());
        assertEquals("172.18.0.2:60000", udp.snatSource().toString());
        // the pod's answer would match the SYN entry in the reply direction
        ConntrackMatch m = t.find(TCP, ip("10.244.2.3"), 80, ip("172.18.0.2"), 45815).orElseThrow();
        assertEquals(ConntrackDirection.REPLY, m.direction());
        assertEquals(1, m.entry().line());
    }

    @Test
    void serviceSnatIsTheOnlyNatAmongSeven() {
        ConntrackTable t = table("issue_k8s-38802_conntrack-L_service_SNAT.txt");
        assertEquals(7, t.entries().size());
        assertEquals(List.of(7), t.entries().stream().filter(e -> e.nat() != ConntrackNat.NONE)
                .map(ConntrackEntry::line).toList());
        ConntrackEntry e = t.entries().get(6);
        assertEquals(ConntrackNat.SNAT, e.nat());
        assertEquals("10.28.65.112:59492", e.snatSource().toString());
        assertEquals(3069, t.entries().get(0).timeout());
        assertEquals("CLOSE_WAIT", t.entries().get(0).state());
    }

    @Test
    void udpClusterIpBeforeAndAfterTheEndpointsVanished() {
        ConntrackTable t = table("issue_k8s-48370_conntrack-L_udp_clusterIP_DNAT_then_no-endpoints.txt");
        ConntrackEntry before = t.entries().get(0);
        ConntrackEntry after = t.entries().get(1);
        assertEquals(ConntrackNat.DNAT, before.nat());
        assertEquals("10.12.0.11:53", before.dnatDestination().toString());
        assertEquals(ConntrackNat.NONE, after.nat()); // answered by the ClusterIP itself: a black hole
        ConntrackKey query = ConntrackKey.of(UDP, ip("10.12.0.14"), 43145, ip("10.15.240.10"), 53);
        assertEquals(2, t.find(query).orElseThrow().entry().line());
        assertEquals(List.of(1, 2), t.findAll(query).stream().map(m -> m.entry().line()).toList());
        ConntrackMatch podAnswer = t.find(UDP, ip("10.12.0.11"), 53, ip("10.12.0.14"), 43145).orElseThrow();
        assertEquals(ConntrackDirection.REPLY, podAnswer.direction());
        assertEquals(1, podAnswer.entry().line());
    }

    @Test
    void kubeDnsDnatOverTcp() {
        ConntrackTable t = table("issue_k8s-91216_conntrack-L_kube-dns_DNAT_TIME_WAIT.txt");
        assertEquals(List.of(1, 2, 4, 5), t.entries().stream().filter(e -> e.nat() == ConntrackNat.DNAT)
                .map(ConntrackEntry::line).toList());
        assertEquals("10.64.2.4:53", t.entries().get(3).dnatDestination().toString());
        assertEquals(ConntrackNat.NONE, t.entries().get(2).nat());
        assertEquals("TIME_WAIT", t.entries().get(4).state());
    }

    @Test
    void udpDnatWithPortTranslation() {
        ConntrackEntry e = table("issue_k8s-pr127318_conntrack-L_udp_DNAT.txt").entries().get(0);
        assertEquals(ConntrackNat.DNAT, e.nat());
        assertEquals("10.244.1.3:5000", e.dnatDestination().toString());
        assertEquals(3000, e.original().destinationPort());
        assertNull(e.state());
    }

    @Test
    void threePlainTcpLines() {
        ConntrackTable t = table("issue_vishvananda-netlink-876_conntrack-L.txt");
        assertEquals(List.of("ESTABLISHED", "ESTABLISHED", "CLOSE_WAIT"),
                t.entries().stream().map(ConntrackEntry::state).toList());
        assertEquals(52, t.entries().get(2).timeout());
        assertEquals(17652, t.entries().get(0).original().destinationPort());
    }

    @Test
    void mixedEntriesWithDockerDnsSnat() {
        ConntrackTable t = table("issue_weaveworks-scope-1110_conntrack-L_mixed.txt");
        assertEquals(8, t.entries().size());
        ConntrackEntry dns = t.entries().get(7);
        assertEquals(ConntrackNat.SNAT, dns.nat());
        assertEquals("192.168.1.83:37480", dns.snatSource().toString());
        assertTrue(t.entries().get(1).unreplied());
        assertEquals(ip("224.0.0.251"), t.entries().get(1).original().destination());
        assertEquals(2, t.entries().stream().filter(e -> "ESTABLISHED".equals(e.state())).count());
    }

    @Test
    void conntrackSNewLayout() {
        ConntrackStats s = stats("issue_google-nftables-138_conntrack-S_new-format_no-ignore.txt");
        assertEquals(List.of(), s.problems());
        assertEquals(1, s.samples().size());
        ConntrackStatsSample one = s.samples().get(0);
        assertNull(one.time());
        assertEquals(4, one.cpus().size());
        assertEquals(112, one.cpus().get(1).invalid());
        assertEquals(-1, one.cpus().get(1).counter(ConntrackCpuStats.IGNORE));
        assertEquals(112, one.total(ConntrackCpuStats.INVALID));
        assertEquals(1, one.total(ConntrackCpuStats.SEARCH_RESTART));
        assertEquals(List.of(), s.deltas());
    }

    @Test
    void procHeaderWithClashresAndNoRows() {
        ConntrackStats s = stats("issue_google-nftables-138_proc_net_stat_nf_conntrack_header-with-clashres.txt");
        assertEquals(List.of(), s.problems());
        assertEquals(List.of(), s.samples());
    }

    @Test
    void conntrackSOldLayoutWithIgnoreAndTrailingSpaces() {
        ConntrackStats s = stats("issue_telegraf-8955_conntrack-S_old-format_with-ignore.txt");
        assertEquals(List.of(), s.problems());
        ConntrackStatsSample one = s.samples().get(0);
        assertEquals(8, one.cpus().size());
        ConntrackCpuStats seven = one.cpus().get(7);
        assertEquals(7, seven.cpu());
        assertEquals(1, seven.insertFailed());
        assertEquals(1, seven.drop());
        assertEquals(513, seven.counter(ConntrackCpuStats.ERROR));
        assertEquals(88005, seven.searchRestart());
        assertEquals(24752, one.total(ConntrackCpuStats.INVALID));
        assertEquals(1362472446L, one.total(ConntrackCpuStats.IGNORE));
        assertEquals(920, one.total(ConntrackCpuStats.ERROR));
        assertEquals(266520, one.total(ConntrackCpuStats.SEARCH_RESTART));
        assertEquals(1, one.total(ConntrackCpuStats.INSERT_FAILED));
    }

    @Test
    void procStatNfConntrackHexRows() {
        ConntrackStats s = stats("procfs_test_proc_net_stat_nf_conntrack.txt");
        assertEquals(List.of(), s.problems());
        ConntrackStatsSample one = s.samples().get(0);
        assertEquals(1, one.line());
        assertEquals(4, one.cpus().size());
        assertEquals(33, one.cpus().get(2).counter(ConntrackCpuStats.ENTRIES));
        assertEquals(33, one.total(ConntrackCpuStats.ENTRIES)); // the table size, repeated per row: not summed
        assertEquals(53, one.total(ConntrackCpuStats.INVALID));
        assertEquals(89738, one.total(ConntrackCpuStats.IGNORE));
        assertEquals(7, one.total(ConntrackCpuStats.SEARCH_RESTART));
        assertEquals(0, one.total("searched"));
        assertEquals(0, one.total(ConntrackCpuStats.ERROR)); // icmp_error under conntrack -S's name
    }
}
