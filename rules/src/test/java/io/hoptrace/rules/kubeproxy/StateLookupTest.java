package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.state.ConntrackDirection;
import io.hoptrace.decoders.state.ConntrackMatch;
import io.hoptrace.decoders.state.ConntrackParser;
import io.hoptrace.decoders.state.ConntrackTable;
import io.hoptrace.decoders.state.IpvsParser;
import io.hoptrace.decoders.state.IpvsService;
import io.hoptrace.decoders.state.IpvsTable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateLookupTest {
    static final ConntrackTable CT = ConntrackParser.parse(String.join("\n",
            "tcp      6 431999 ESTABLISHED src=10.0.0.2 dst=172.30.0.41 sport=40000 dport=80 src=10.180.0.1 dst=10.0.0.2 sport=80 dport=40000 [ASSURED] mark=0 use=1",
            "tcp      6 431999 ESTABLISHED src=10.0.0.2 dst=172.30.0.41 sport=40001 dport=80 src=10.180.0.7 dst=10.0.0.2 sport=80 dport=40001 [ASSURED] mark=0 use=1",
            "tcp      6 100 ESTABLISHED src=10.180.0.1 dst=10.0.0.2 sport=80 dport=40002 src=10.0.0.2 dst=10.180.0.1 sport=40002 dport=80 [ASSURED] mark=0 use=1",
            ""));

    @Test
    void findsByExactTupleOrByEndpoints() {
        assertEquals(1, ConntrackLookup.find(CT, new Packet("10.0.0.2", 40001, "172.30.0.41", 80, "tcp")).size());
        assertEquals(List.of(), ConntrackLookup.find(CT, new Packet("10.0.0.2", 40009, "172.30.0.41", 80, "tcp")));
        assertEquals(2, ConntrackLookup.find(CT, Packet.of("10.0.0.2", "172.30.0.41", 80, "tcp")).size());
        assertEquals(List.of(), ConntrackLookup.find(CT, Packet.of("10.0.0.2", "172.30.0.41", 80, "udp")));
        List<ConntrackMatch> reply = ConntrackLookup.find(CT, Packet.of("10.0.0.2", "10.180.0.1", 80, "tcp"));
        assertEquals(1, reply.size());
        assertEquals(ConntrackDirection.REPLY, reply.get(0).direction(), "matches the reply tuple of line 3");
    }

    @Test
    void comparesEntriesWithTheRules() {
        PacketTrace t = new IptablesTracer(KubeProxyFixtures.dump(ChainCatalogTest.TRACE), ChainCatalog.fixedOnly())
                .trace(Packet.of("10.0.0.2", "172.30.0.41", 80, "tcp"), Origin.arriving(null), Set.of("192.168.0.2"));
        List<String> notes = ConntrackLookup.compare(ConntrackLookup.find(CT, Packet.of("10.0.0.2", "172.30.0.41", 80,
                "tcp")), t);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("conntrack line 2 sends this flow to 10.180.0.7:80, which the rules do not "
                + "pick any more [10.180.0.1:80]"), notes.get(0));
    }

    @Test
    void ipvsSharesByScheduler() {
        IpvsTable table = IpvsParser.parse(String.join("\n",
                "IP Virtual Server version 1.2.1 (size=4096)",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                "TCP  10.96.0.10:80 wrr",
                "  -> 10.244.1.5:8080               Masq    3      0          0",
                "  -> 10.244.2.6:8080               Masq    1      0          0",
                "TCP  10.96.0.11:80 rr",
                "  -> 10.244.1.7:8080               Masq    1      0          0",
                "  -> 10.244.2.8:8080               Masq    0      4          0",
                "  -> 10.244.2.9:8080               Masq    1      0          0",
                ""));
        IpvsService wrr = IpvsLookup.find(table, Packet.of("10.0.0.2", "10.96.0.10", 80, "tcp")).orElseThrow();
        assertEquals(0.75, IpvsLookup.share(wrr, wrr.realServers().get(0)), 1e-12);
        assertEquals(0.25, IpvsLookup.share(wrr, wrr.realServers().get(1)), 1e-12);
        IpvsService rr = IpvsLookup.find(table, Packet.of("10.0.0.2", "10.96.0.11", 80, "tcp")).orElseThrow();
        assertEquals(0.5, IpvsLookup.share(rr, rr.realServers().get(0)), 1e-12);
        assertEquals(0.0, IpvsLookup.share(rr, rr.realServers().get(1)), "drained");
        assertTrue(IpvsLookup.find(table, Packet.of("10.0.0.2", "10.96.0.11", 80, "udp")).isEmpty());
    }
}
