package io.hoptrace.decoders.state;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static io.hoptrace.decoders.state.NetnsLab.CONNMARK;
import static io.hoptrace.decoders.state.NetnsLab.ICMP_ID;
import static io.hoptrace.decoders.state.NetnsLab.NODE_IP;
import static io.hoptrace.decoders.state.NetnsLab.PEER_IP;
import static io.hoptrace.decoders.state.NetnsLab.POD_PORT;
import static io.hoptrace.decoders.state.NetnsLab.SERVICE_IP;
import static io.hoptrace.decoders.state.NetnsLab.SERVICE_PORT;
import static io.hoptrace.decoders.state.NetnsLab.ZONED_UDP_PORT;
import static io.hoptrace.decoders.state.StateFiles.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsers on what the tools print here (conntrack 1.4.7, iproute2 6.1, procps 4.0.2, kernel 6.x), inside a
 * network namespace set up by {@link NetnsLab}, checked against what the lab set up.
 */
class RealNodeOutputTest {
    private static NetnsLab lab;

    @BeforeAll
    static void setUp() {
        lab = NetnsLab.start();
        lab.traffic();
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private static ConntrackEntry serviceEntry(ConntrackTable t) {
        return t.entries().stream().filter(e -> e.protocolNumber() == 6
                        && e.original().destination().equals(ip(SERVICE_IP))).findFirst()
                .orElseThrow(() -> new AssertionError("no entry for the Service in " + t.entries()));
    }

    private static void assertLabEntries(ConntrackTable t) {
        assertEquals(List.of(), t.problems());
        ConntrackEntry tcp = serviceEntry(t);
        assertEquals(ip(NODE_IP), tcp.original().source());
        assertEquals(SERVICE_PORT, tcp.original().destinationPort());
        assertEquals(ConntrackNat.DNAT, tcp.nat());
        assertEquals(PEER_IP + ":" + POD_PORT, tcp.dnatDestination().toString());
        assertEquals(CONNMARK, tcp.mark());
        assertTrue(tcp.assured());
        assertTrue(Set.of("ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE")
                .contains(tcp.state()), tcp.state());
        // the pod's answer finds the same entry in the reply direction
        ConntrackMatch answer = t.find(6, ip(PEER_IP), POD_PORT, ip(NODE_IP), tcp.original().sourcePort())
                .orElseThrow();
        assertEquals(ConntrackDirection.REPLY, answer.direction());
        assertEquals(tcp, answer.entry());
        assertEquals(ConntrackDirection.ORIGINAL, t.find(6, ip(NODE_IP), tcp.original().sourcePort(), ip(SERVICE_IP),
                SERVICE_PORT).orElseThrow().direction());

        ConntrackEntry udp = t.entries().stream().filter(e -> e.original().destinationPort() == ZONED_UDP_PORT)
                .findFirst().orElseThrow();
        assertEquals("udp", udp.protocol());
        assertEquals(5, udp.zone());
        assertTrue(udp.unreplied());
        assertEquals(ConntrackNat.NONE, udp.nat());

        ConntrackMatch echo = t.find(ConntrackKey.icmp(1, ip(NODE_IP), ip(PEER_IP), 8, ICMP_ID)).orElseThrow();
        ConntrackEntry icmp = echo.entry();
        assertEquals("icmp", icmp.protocol());
        assertEquals(0, icmp.original().icmpCode());
        assertEquals(0, icmp.reply().icmpType());
        assertEquals(ICMP_ID, icmp.reply().icmpId());
        assertEquals(ConntrackDirection.REPLY,
                t.find(ConntrackKey.icmp(1, ip(PEER_IP), ip(NODE_IP), 0, ICMP_ID)).orElseThrow().direction());
    }

    @Test
    void conntrackList() {
        NetnsLab.Result r = lab.inBoth(lab.node, "conntrack", "-L");
        ConntrackTable t = ConntrackParser.parse(r.stdout() + r.stderr()); // as "conntrack -L 2>&1" saves it
        assertLabEntries(t);
        assertEquals(t.entries().size(), t.reportedCount());
    }

    @Test
    void conntrackListExtendedWithIds() {
        NetnsLab.Result r = lab.inBoth(lab.node, "conntrack", "-L", "-o", "extended,id");
        ConntrackTable t = ConntrackParser.parse(r.stderr() + r.stdout()); // trailer first, as when piped
        assertLabEntries(t);
        assertTrue(t.entries().stream().allMatch(e -> e.id() > 0), "every entry has its id=");
        assertTrue(t.entries().stream().filter(e -> e.protocolNumber() == 1).allMatch(e -> e.reply().icmpId() == ICMP_ID));
    }

    @Test
    void procNetNfConntrack() {
        ConntrackTable t = ConntrackParser.parse(lab.in(lab.node, "cat", "/proc/net/nf_conntrack"));
        assertLabEntries(t);
        assertTrue(t.entries().stream().allMatch(e -> e.zone() >= 0), "/proc prints zone= on every entry");
        assertEquals(-1, t.reportedCount());
    }

    @Test
    void conntrackStatsSamplesAndTheirDelta() throws InterruptedException {
        String first = lab.in(lab.node, "conntrack", "-S");
        Instant t1 = Instant.now();
        Thread.sleep(20);
        lab.strayAck();
        String second = lab.in(lab.node, "conntrack", "-S");
        Instant t2 = Instant.now();
        ConntrackStats s = ConntrackStatsParser.parse(ConntrackStatsParser.TIME_PREFIX + " " + t1 + "\n" + first
                + ConntrackStatsParser.TIME_PREFIX + " " + t2 + "\n" + second);
        assertEquals(List.of(), s.problems());
        assertEquals(2, s.samples().size());
        ConntrackStatsSample a = s.samples().get(0);
        assertEquals(first.lines().count(), a.cpus().size());
        assertEquals(t1, a.time());
        for (String counter : List.of(ConntrackCpuStats.INSERT_FAILED, ConntrackCpuStats.DROP,
                ConntrackCpuStats.EARLY_DROP, ConntrackCpuStats.CLASH_RESOLVE, ConntrackCpuStats.SEARCH_RESTART)) {
            assertTrue(a.cpus().get(0).counters().containsKey(counter), counter);
        }
        assertTrue(a.total(ConntrackCpuStats.INVALID) >= 1, "the lab's first stray ACK");
        ConntrackStatsDelta d = s.deltas().get(0);
        assertTrue(d.change(ConntrackCpuStats.INVALID) >= 1, "the second stray ACK: " + d.change());
        assertEquals(List.of(), d.growing());
        assertTrue(d.elapsed().toNanos() > 0);
    }

    @Test
    void procNetStatNfConntrack() {
        ConntrackStats s = ConntrackStatsParser.parse(lab.in(lab.node, "cat", "/proc/net/stat/nf_conntrack"));
        assertEquals(List.of(), s.problems());
        ConntrackStatsSample sample = s.samples().get(0);
        assertTrue(sample.total(ConntrackCpuStats.ENTRIES) >= 3, "the lab's tcp, udp and icmp entries");
        assertTrue(sample.total(ConntrackCpuStats.INVALID) >= 1);
        assertTrue(sample.cpus().get(0).counters().containsKey(ConntrackCpuStats.CLASH_RESOLVE)
                || sample.cpus().get(0).counters().containsKey("searched"), "either header variant");
    }

    @Test
    void sysctlAll() {
        NetnsLab.Result r = lab.inBoth(lab.node, "sysctl", "-a");
        SysctlSettings s = SysctlParser.parse(r.stdout());
        assertEquals(List.of(), s.problems());
        assertTrue(s.values().size() > 500, "sysctl -a has hundreds of keys: " + s.values().size());
        assertEquals(Optional.of(true), s.ipForward());
        assertEquals(OptionalLong.of(1234), s.somaxconn());
        assertEquals(OptionalLong.of(1), s.tcpMtuProbing());
        assertEquals(OptionalLong.of(0), s.longValue(SysctlSettings.CONNTRACK_TCP_LOOSE));
        assertTrue(s.conntrackCount().orElseThrow() >= 3);
        assertTrue(s.conntrackMax().orElseThrow() > 0);
        assertTrue(s.conntrackFill().orElseThrow() > 0);
        assertEquals(2, s.longs(SysctlSettings.IP_LOCAL_PORT_RANGE).size());
        if (Files.isDirectory(Path.of("/proc/sys/net/bridge"))) {
            assertTrue(s.bridgeNfCallIptables().isPresent());
        }
        // with stderr mixed in, sysctl's complaints are reported and the settings still read
        SysctlSettings both = SysctlParser.parse(r.stdout() + r.stderr());
        assertEquals(r.stderr().lines().filter(l -> !l.isBlank()).count(), both.problems().size());
        assertEquals(s.values(), both.values());
    }

    @Test
    void ipDetailedLink() {
        IpJsonLinks l = IpJsonLinkParser.parse(lab.in(lab.node, "ip", "-j", "-d", "link"));
        assertEquals(List.of(), l.problems());
        IpJsonLink br = l.byName("br0").orElseThrow();
        assertEquals("bridge", br.kind());
        assertTrue(br.up());
        IpJsonLink vx = l.byName("vx42").orElseThrow();
        assertEquals("vxlan", vx.kind());
        assertEquals(1450, vx.mtu());
        assertEquals(42, vx.vxlan().id());
        assertEquals(8472, vx.vxlan().port());
        assertEquals(ip(NODE_IP), vx.vxlan().local());
        assertEquals("br0", vx.vxlan().device());
        assertEquals(Boolean.FALSE, vx.vxlan().learning());
        IpJsonLink veth = l.byName(lab.vethNode).orElseThrow();
        assertEquals("veth", veth.kind());
        assertEquals("br0", veth.master());
        assertEquals(Boolean.TRUE, veth.bridgePort().hairpin());
        assertTrue(veth.linkNetnsId() >= 0, "the peer lives in another namespace");
        assertTrue(veth.linkIndex() > 0);
        assertEquals(List.of(veth), l.portsOf("br0"));
        assertEquals("loopback", l.byIndex(1).orElseThrow().linkType());
    }

    @Test
    void ipLinkWithoutDetails() {
        IpJsonLinks l = IpJsonLinkParser.parse(lab.in(lab.node, "ip", "-j", "link"));
        assertEquals(List.of(), l.problems());
        assertEquals(4, l.links().size());
        IpJsonLink vx = l.byName("vx42").orElseThrow();
        assertEquals(null, vx.kind());
        assertEquals(1450, vx.mtu());
        assertEquals("br0", l.byName(lab.vethNode).orElseThrow().master());
    }

    @Test
    void ipAddr() {
        IpJsonAddresses a = IpJsonAddrParser.parse(lab.in(lab.node, "ip", "-j", "addr"));
        assertEquals(List.of(), a.problems());
        IpJsonAddress br = a.owner(ip(NODE_IP)).orElseThrow();
        assertEquals("br0", br.interfaceName());
        assertEquals(24, br.prefixLength());
        assertEquals("global", br.scope());
        assertEquals("inet", br.family());
        assertEquals("127.0.0.1/8", a.of("lo").get(0).cidr());
        assertEquals(1450, a.interfaces().stream().filter(i -> i.name().equals("vx42")).findFirst().orElseThrow()
                .mtu());
    }

    @Test
    void ipRoute() {
        IpJsonRoutes r = IpJsonRouteParser.parse(lab.in(lab.node, "ip", "-j", "route"));
        assertEquals(List.of(), r.problems());
        IpJsonRoute bird = r.lookup(ip("10.99.1.2")).orElseThrow();
        assertEquals("10.99.0.0/16", bird.destination());
        assertEquals("bird", bird.protocol());
        assertTrue(bird.onlink());
        assertEquals(1400, bird.mtu());
        assertEquals(ip(PEER_IP), bird.gateway());
        IpJsonRoute service = r.lookup(ip(SERVICE_IP)).orElseThrow();
        assertEquals("10.96.0.0/12", service.destination());
        IpJsonRoute connected = r.lookup(ip(PEER_IP)).orElseThrow();
        assertEquals("kernel", connected.protocol());
        assertEquals("link", connected.scope());
        assertEquals(ip(NODE_IP), connected.preferredSource());
        assertFalse(r.lookup(ip("192.0.2.1")).isPresent()); // the lab has no default route
    }

    @Test
    void ipRouteAllTablesBothFamilies() {
        IpJsonRoutes r = IpJsonRouteParser.parse(lab.in(lab.node, "ip", "-j", "route", "show", "table", "all"));
        assertEquals(List.of(), r.problems());
        assertTrue(r.routes().stream().anyMatch(x -> "local".equals(x.type()) && "local".equals(x.table())));
        IpJsonRoutes six = IpJsonRouteParser.parse(lab.in(lab.node, "ip", "-j", "-6", "route"));
        assertEquals(List.of(), six.problems());
        six.routes().forEach(x -> assertEquals("inet6", x.family()));
        assertNotNull(six.lookup(ip("fe80::1")).orElse(null));
    }
}
