package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.hoptrace.decoders.state.StateFiles.ip;
import static io.hoptrace.decoders.state.StateFiles.problemLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every file in shared/data/ipvs, with values read off the files by hand. */
class IpvsSharedDataTest {
    private static final Set<String> COVERED = Set.of(
            "issue_alibaba-LVS-15_ipvsadm-S-n_fullnat.txt",
            "issue_alibaba-LVS-15_ipvsadm-S_non-numeric_fullnat.txt",
            "issue_alibaba-LVS-15_ipvsadm-l_fullnat.txt",
            "issue_k8s-community-pr692_ipvsadm-L-n--persistent-conn.txt",
            "issue_k8s-community-pr692_ipvsadm-L-n_wlc_persistent.txt",
            "issue_kube-router-415_ipvsadm-L_non-numeric.txt",
            "issue_kube-router-pr160_ipvsadm-ln-stats.txt",
            "issue_kube-vip-781_ipvsadm-Ln.txt",
            "issue_opsnull-follow-me-install-kubernetes-cluster-251_ipvsadm-L-n.txt",
            "k8s_ipvs_README_ipvsadm-ln.txt",
            "kube-router_docs_pod-toolbox_ipvsadm-ln.txt",
            "procfs_fixture_proc_net_ip_vs.txt",
            "procfs_fixture_proc_net_ip_vs_stats.txt");

    private static IpvsTable table(String name) {
        return IpvsParser.parse(StateFiles.read("ipvs/" + name));
    }

    @Test
    void everyFileOfTheDirectoryIsCoveredHere() {
        assertEquals(new TreeSet<>(COVERED), StateFiles.names("ipvs"));
    }

    @Test
    void everyListingParsesWithoutThrowingAndKeepsLineNumbers() {
        for (String name : COVERED) {
            if (name.endsWith("ip_vs_stats.txt")) {
                continue;
            }
            IpvsTable t = table(name);
            for (IpvsService s : t.services()) {
                assertTrue(s.line() > 0, name);
                s.realServers().forEach(r -> assertTrue(r.line() > s.line(), name));
            }
        }
    }

    @Test
    void alibabaSaveWithNullForwarding() {
        IpvsTable t = table("issue_alibaba-LVS-15_ipvsadm-S-n_fullnat.txt");
        assertEquals(List.of(), t.problems());
        IpvsService s = t.services().get(0);
        assertEquals("TCP 10.10.11.77:80", s.key());
        assertEquals("rr", s.scheduler());
        assertNull(s.persistence());
        IpvsRealServer r = s.realServers().get(0);
        assertEquals(ip("10.10.11.66"), r.address());
        assertEquals(80, r.port());
        assertEquals(IpvsForwarding.UNKNOWN, r.forwarding()); // the FULLNAT fork prints "(null)"
        assertEquals(100, r.weight());
    }

    @Test
    void alibabaSaveWithoutNumericPortsIsReportedLineByLine() {
        IpvsTable t = table("issue_alibaba-LVS-15_ipvsadm-S_non-numeric_fullnat.txt");
        assertEquals(List.of(), t.services());
        assertEquals(List.of(1, 2), problemLines(t.problems()));
        t.problems().forEach(p -> assertTrue(p.reason().contains("service name") && p.reason()
                .contains("ipvsadm-save -n"), p.toString()));
    }

    @Test
    void alibabaListingWithoutNumericPortsReportsTheServiceAndItsRealServer() {
        IpvsTable t = table("issue_alibaba-LVS-15_ipvsadm-l_fullnat.txt");
        assertEquals("1.2.1", t.version());
        assertEquals(4194304, t.hashSize());
        assertEquals(List.of(), t.services());
        assertEquals(List.of(4, 5), problemLines(t.problems()));
        assertTrue(t.problems().get(0).reason().contains("ipvsadm -Ln"));
        assertTrue(t.problems().get(1).reason().contains("line 4"));
        assertEquals("  -> 10.10.11.66:http             FullNat 100    0          0", t.problems().get(1).text());
    }

    @Test
    void persistentConnLayout() {
        IpvsTable t = table("issue_k8s-community-pr692_ipvsadm-L-n--persistent-conn.txt");
        assertEquals(List.of(), t.problems());
        IpvsService s = t.services().get(0);
        assertEquals("TCP 10.11.12.13:6379", s.key());
        assertEquals("wlc", s.scheduler());
        assertEquals(60, s.persistence().timeoutSeconds());
        assertEquals(32, s.persistence().prefixLength());
        IpvsRealServer r = s.realServers().get(0);
        assertEquals("10.192.0.1:32768", r.endpoint());
        assertNull(r.forwarding());
        assertEquals(1, r.weight());
        assertEquals(1, r.persistentConnections());
        assertEquals(1, r.activeConnections());
        assertEquals(0, r.inactiveConnections());
    }

    @Test
    void wlcPersistent() {
        IpvsTable t = table("issue_k8s-community-pr692_ipvsadm-L-n_wlc_persistent.txt");
        assertEquals(List.of(), t.problems());
        IpvsService s = t.services().get(0);
        assertEquals(10, s.persistence().timeoutSeconds());
        IpvsRealServer r = s.realServers().get(0);
        assertEquals(IpvsForwarding.MASQ, r.forwarding());
        assertEquals(IpvsRealServer.ABSENT, r.persistentConnections());
        assertEquals(1, r.activeConnections());
    }

    @Test
    void kubeRouterListingWithoutNumericAddressesIsAllProblemsNoneLost() {
        IpvsTable t = table("issue_kube-router-415_ipvsadm-L_non-numeric.txt");
        assertEquals(List.of(), t.services());
        List<Integer> expected = new java.util.ArrayList<>();
        for (int line = 4; line <= 25; line++) {
            expected.add(line);
        }
        assertEquals(expected, problemLines(t.problems()));
        LineProblem service = t.problems().get(0);
        assertTrue(service.reason().contains("names a host") && service.reason().contains("ipvsadm -Ln"),
                service.toString());
        // the real server under the service of line 6 says so
        assertTrue(t.problems().get(3).reason().contains("line 6"), t.problems().get(3).toString());
        assertTrue(t.problems().get(24 - 4).reason().contains("line 23"));
    }

    @Test
    void statsLayout() {
        IpvsTable t = table("issue_kube-router-pr160_ipvsadm-ln-stats.txt");
        assertEquals(List.of(), t.problems());
        assertEquals(3, t.services().size());
        assertEquals(10, t.realServerCount());
        IpvsService web = t.service(IpvsProtocol.TCP, ip("10.3.0.42"), 80).orElseThrow();
        assertNull(web.scheduler());
        assertEquals(new IpvsCounters(14209, 111769, 74613, 7207174, 8334358, false), web.stats());
        assertEquals(8, web.realServers().size());
        IpvsRealServer r = web.realServers().get(3);
        assertEquals("10.2.1.25:80", r.endpoint());
        assertEquals(new IpvsCounters(3, 18, 12, 1161, 1341, false), r.stats());
        assertEquals(IpvsRealServer.ABSENT, r.weight());
        assertEquals(new IpvsCounters(0, 0, 0, 0, 0, false),
                t.service(IpvsProtocol.TCP, ip("10.3.0.1"), 443).orElseThrow().stats());
    }

    @Test
    void kubeVipRedactedAddressesAreReportedAndTheRestKept() {
        IpvsTable t = table("issue_kube-vip-781_ipvsadm-Ln.txt");
        assertEquals(List.of(4, 5, 6, 7, 8, 9, 10, 11), problemLines(t.problems()));
        assertTrue(t.problems().get(0).reason().contains("not an IP address"), t.problems().get(0).toString());
        assertTrue(t.problems().get(1).reason().contains("line 4"));
        assertEquals(5, t.services().size());
        assertEquals(8, t.realServerCount());
        IpvsService nodePort = t.service(IpvsProtocol.TCP, ip("10.8.9.0"), 31662).orElseThrow();
        assertEquals(List.of("10.8.3.199:80", "10.8.19.9:80"),
                nodePort.realServers().stream().map(IpvsRealServer::endpoint).toList());
        assertEquals(12, t.services().get(0).line());
    }

    @Test
    void opsnullListingWithTrailingSpaces() {
        IpvsTable t = table("issue_opsnull-follow-me-install-kubernetes-cluster-251_ipvsadm-L-n.txt");
        assertEquals(List.of(), t.problems());
        assertEquals(7, t.services().size());
        assertEquals(13, t.realServerCount());
        IpvsService api = t.service(IpvsProtocol.TCP, ip("10.254.0.1"), 443).orElseThrow();
        assertEquals(10800, api.persistence().timeoutSeconds());
        assertEquals(List.of("172.16.16.81:6443", "172.16.16.82:6443"),
                api.realServers().stream().map(IpvsRealServer::endpoint).toList());
        assertEquals(4, t.service(IpvsProtocol.TCP, ip("10.253.102.0"), 32429).orElseThrow().realServers().size());
        IpvsRealServer one = t.service(IpvsProtocol.TCP, ip("10.254.20.57"), 1).orElseThrow().realServers().get(1);
        assertEquals("172.16.16.82:1", one.endpoint());
        assertEquals(0, one.inactiveConnections());
    }

    @Test
    void kubernetesReadme() {
        IpvsTable t = table("k8s_ipvs_README_ipvsadm-ln.txt");
        assertEquals(List.of(), t.problems());
        assertEquals(List.of("TCP 10.0.0.1:443", "TCP 10.0.0.10:53", "UDP 10.0.0.10:53"),
                t.services().stream().map(IpvsService::key).toList());
        IpvsRealServer api = t.services().get(0).realServers().get(0);
        assertEquals("192.168.0.1:6443", api.endpoint());
        assertEquals(1, api.activeConnections());
        assertEquals(10800, t.services().get(0).persistence().timeoutSeconds());
        assertTrue(t.service(IpvsProtocol.UDP, ip("10.0.0.10"), 53).isPresent());
        assertFalse(t.service(IpvsProtocol.UDP, ip("10.0.0.1"), 443).isPresent());
    }

    @Test
    void kubeRouterPersistenceMask() {
        IpvsTable t = table("kube-router_docs_pod-toolbox_ipvsadm-ln.txt");
        assertEquals(List.of(), t.problems());
        assertEquals(5, t.services().size());
        IpvsPersistence p = t.services().get(0).persistence();
        assertEquals(10800, p.timeoutSeconds());
        assertEquals(ip("0.0.0.0"), p.ipv4Mask());
        assertEquals(0, p.prefixLength());
        assertEquals(45, t.service(IpvsProtocol.TCP, ip("10.3.0.15"), 2379).orElseThrow().realServers().get(0)
                .activeConnections());
    }

    @Test
    void procNetIpVsHexAddressesIpv6AndFirewallMark() {
        IpvsTable t = table("procfs_fixture_proc_net_ip_vs.txt");
        assertEquals(List.of(), t.problems());
        assertEquals(5, t.services().size());
        assertEquals(13, t.realServerCount());
        IpvsService first = t.services().get(0);
        assertEquals("TCP 192.168.0.22:3306", first.key());
        assertEquals("wlc", first.scheduler());
        IpvsRealServer r = first.realServers().get(0);
        assertEquals("192.168.82.22:3306", r.endpoint());
        assertEquals(IpvsForwarding.TUNNEL, r.forwarding());
        assertEquals(100, r.weight());
        assertEquals(248, r.activeConnections());
        assertEquals(2, r.inactiveConnections());
        assertEquals(0, t.service(IpvsProtocol.TCP, ip("192.168.0.57"), 3306).orElseThrow().realServers().get(0)
                .weight());
        IpvsService v6 = t.service(IpvsProtocol.TCP, ip("2620::1"), 80).orElseThrow();
        assertTrue(v6.ipv6());
        assertEquals("sh", v6.scheduler());
        assertEquals(List.of("[2620::2]:80", "[2620::3]:80", "[2620::4]:80"),
                v6.realServers().stream().map(IpvsRealServer::endpoint).toList());
        assertEquals(IpvsForwarding.ROUTE, v6.realServers().get(2).forwarding());
        IpvsService fwm = t.firewallMarkService(0x10001000L).orElseThrow();
        assertEquals(IpvsProtocol.FWM, fwm.protocol());
        assertNull(fwm.address());
        assertEquals("192.168.50.26:3306", fwm.realServers().get(0).endpoint());
        assertEquals(1, fwm.realServers().get(0).inactiveConnections());
    }

    @Test
    void procNetIpVsStats() {
        IpvsProcStats s = IpvsProcStatsParser.parse(StateFiles.read("ipvs/procfs_fixture_proc_net_ip_vs_stats.txt"));
        assertEquals(List.of(), s.problems());
        assertEquals(new IpvsCounters(0x16AA370L, 0xE33656E5L, 0, 0x51D8C8883AB3L, 0, false), s.totals());
        assertEquals(new IpvsCounters(4, 0x1FB3C, 0, 0x1282A8F, 0, false), s.rates());
    }
}
