package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hoptrace.decoders.state.ConntrackEntry;
import io.hoptrace.decoders.state.ConntrackParser;
import io.hoptrace.decoders.state.ConntrackStats;
import io.hoptrace.decoders.state.ConntrackStatsParser;
import io.hoptrace.decoders.state.ConntrackStatsSample;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.IpJsonAddrParser;
import io.hoptrace.decoders.state.IpJsonLinkParser;
import io.hoptrace.decoders.state.IpJsonLinks;
import io.hoptrace.decoders.state.IpJsonRouteParser;
import io.hoptrace.decoders.state.IpJsonRoutes;
import io.hoptrace.decoders.state.SysctlParser;
import io.hoptrace.decoders.state.SysctlSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis side reads what the snapshot writes: every node file of a real snapshot goes through the decoders'
 * state parsers without a problem and gives back the namespace's state (the DNATed flows, the samples with their
 * times, the settings, the veth and the Service route). Needs root; skipped otherwise.
 */
class SnapshotParsersTest {
    static KubeProxyNamespace ns;

    @TempDir
    static Path bundle;

    @BeforeAll
    static void snapshot() throws Exception {
        assumeTrue(KubeProxyNamespace.canCreate(), "needs root and ip(8) to make network namespaces");
        ns = KubeProxyNamespace.create();
        ns.sendDns(6);
        BundleSnapshot.take(bundle, new NodeSnapshot(NodeSnapshot.Options.of("n1").withNetns(ns.name())
                .withSamples(3, Duration.ofMillis(100))), null);
    }

    @AfterAll
    static void removeNode() {
        if (ns != null) {
            ns.close();
        }
    }

    static String read(String name) throws IOException {
        return Files.readString(bundle.resolve("nodes/n1/" + name));
    }

    @Test
    void conntrackEntriesCarryTheDnat() throws IOException {
        ConntrackTable t = ConntrackParser.parse(read("conntrack.txt"));
        assertEquals(0, t.problems().size(), t.problems().toString());
        assertEquals(6, t.entries().size());
        Set<InetAddress> endpoints = Set.of(InetAddress.getByName(KubeProxyNamespace.ENDPOINT_1),
                InetAddress.getByName(KubeProxyNamespace.ENDPOINT_2));
        for (ConntrackEntry e : t.entries()) {
            assertTrue(e.nat().dnat(), e.toString());
            assertTrue(endpoints.contains(e.dnatDestination().address()), e.toString());
            assertEquals(5353, e.dnatDestination().port());
            assertEquals(InetAddress.getByName(KubeProxyNamespace.VIP), e.original().destination());
        }
    }

    @Test
    void conntrackStatsSamplesHaveTheirTimes() throws IOException {
        ConntrackStats s = ConntrackStatsParser.parse(read("conntrack-stats.txt"));
        assertEquals(0, s.problems().size(), s.problems().toString());
        assertEquals(3, s.samples().size());
        for (ConntrackStatsSample sample : s.samples()) {
            assertNotNull(sample.time(), "each sample has its time line");
            assertTrue(sample.cpus().size() >= 1);
        }
        assertEquals(2, s.deltas().size());
        assertTrue(s.deltas().get(0).elapsed().toMillis() >= 90, s.deltas().toString());
    }

    @Test
    void sysctlSettingsAreReadable() throws IOException {
        SysctlSettings s = SysctlParser.parse(read("sysctl.txt"));
        assertEquals(0, s.problems().size(), s.problems().toString());
        assertTrue(s.ipForward().isPresent());
        assertEquals(6, s.conntrackCount().orElseThrow(), "this namespace's own table");
        assertTrue(s.conntrackMax().isPresent());
        assertTrue(s.value(SysctlSettings.IP_LOCAL_PORT_RANGE).isPresent());
    }

    @Test
    void ipJsonDumpsAreReadable() throws IOException {
        IpJsonLinks links = IpJsonLinkParser.parse(read("ip-link.json"));
        assertEquals(0, links.problems().size(), links.problems().toString());
        assertTrue(links.byName(ns.veth()).isPresent(), links.toString());
        assertEquals(0, IpJsonAddrParser.parse(read("ip-addr.json")).problems().size());
        IpJsonRoutes routes = IpJsonRouteParser.parse(read("ip-route.json"));
        assertEquals(0, routes.problems().size(), routes.problems().toString());
        assertEquals(ns.veth(), routes.lookup(InetAddress.getByName(KubeProxyNamespace.VIP)).orElseThrow().device());
        IpJsonRoutes all = IpJsonRouteParser.parse(read("ip-route-all.json"));
        assertEquals(0, all.problems().size(), all.problems().toString());
        assertEquals(ns.veth(), all.lookup(InetAddress.getByName(KubeProxyNamespace.VIP)).orElseThrow().device(),
                "a dump of all tables gives the same main-table answer");
    }
}
