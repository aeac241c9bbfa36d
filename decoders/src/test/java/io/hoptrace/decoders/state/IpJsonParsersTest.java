package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hoptrace.decoders.state.StateFiles.ip;
import static io.hoptrace.decoders.state.StateFiles.problemLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output of iproute2 6.1 on this machine (lines shortened where noted), and broken documents. */
class IpJsonParsersTest {
    // ip -j -d link in a namespace with a bridge, a veth port (hairpin on) and a vxlan; bridge and some fields cut
    private static final String LINK = "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"],"
            + "\"mtu\":65536,\"qdisc\":\"noqueue\",\"operstate\":\"UNKNOWN\",\"linkmode\":\"DEFAULT\",\"group\":\"default\","
            + "\"txqlen\":1000,\"link_type\":\"loopback\",\"address\":\"00:00:00:00:00:00\",\"broadcast\":\"00:00:00:00:00:00\","
            + "\"promiscuity\":0},"
            + "{\"ifindex\":2,\"ifname\":\"br0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],\"mtu\":1500,"
            + "\"operstate\":\"UP\",\"link_type\":\"ether\",\"address\":\"3e:b1:39:1b:09:94\",\"linkinfo\":{\"info_kind\":"
            + "\"bridge\",\"info_data\":{\"forward_delay\":1500,\"hello_timer\":0.0,\"gc_timer\":292.82,\"bridge_id\":"
            + "\"8000.3e:b1:39:1b:9:94\",\"nf_call_iptables\":0}}},"
            + "{\"ifindex\":3,\"ifname\":\"vx42\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],\"mtu\":1450,"
            + "\"operstate\":\"UNKNOWN\",\"link_type\":\"ether\",\"address\":\"de:3f:55:83:d5:2b\",\"linkinfo\":{"
            + "\"info_kind\":\"vxlan\",\"info_data\":{\"id\":42,\"local\":\"10.77.0.1\",\"link\":\"br0\",\"port_range\":"
            + "{\"low\":0,\"high\":0},\"port\":8472,\"learning\":false,\"ttl\":0,\"df\":\"unset\",\"ageing\":300}}},"
            + "{\"ifindex\":6,\"link_index\":5,\"ifname\":\"hs-va\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\","
            + "\"LOWER_UP\"],\"mtu\":1500,\"qdisc\":\"noqueue\",\"master\":\"br0\",\"operstate\":\"UP\",\"link_type\":"
            + "\"ether\",\"address\":\"3e:b1:39:1b:09:94\",\"link_netnsid\":1,\"linkinfo\":{\"info_kind\":\"veth\","
            + "\"info_slave_kind\":\"bridge\",\"info_slave_data\":{\"state\":\"forwarding\",\"priority\":32,\"cost\":2,"
            + "\"hairpin\":true,\"guard\":false,\"learning\":true,\"flood\":true,\"id\":\"0x8001\",\"isolated\":false}}}]";

    private static final String ADDR = "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"],"
            + "\"mtu\":65536,\"qdisc\":\"noqueue\",\"operstate\":\"UNKNOWN\",\"group\":\"default\",\"txqlen\":1000,"
            + "\"link_type\":\"loopback\",\"address\":\"00:00:00:00:00:00\",\"broadcast\":\"00:00:00:00:00:00\","
            + "\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\",\"prefixlen\":8,\"scope\":\"host\",\"label\":"
            + "\"lo\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295},{\"family\":\"inet6\",\"local\":"
            + "\"::1\",\"prefixlen\":128,\"scope\":\"host\",\"valid_life_time\":4294967295,\"preferred_life_time\":"
            + "4294967295}]},{\"ifindex\":2,\"ifname\":\"br0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
            + "\"mtu\":1500,\"qdisc\":\"noqueue\",\"operstate\":\"UP\",\"group\":\"default\",\"txqlen\":1000,\"link_type\":"
            + "\"ether\",\"address\":\"3e:b1:39:1b:09:94\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\",\"addr_info\":[{\"family\":"
            + "\"inet\",\"local\":\"10.77.0.1\",\"prefixlen\":24,\"scope\":\"global\",\"label\":\"br0\",\"valid_life_time\":"
            + "4294967295,\"preferred_life_time\":4294967295},{\"family\":\"inet6\",\"local\":\"fe80::3cb1:39ff:fe1b:994\","
            + "\"prefixlen\":64,\"scope\":\"link\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295}]}]";

    private static final String ROUTE = "[{\"dst\":\"default\",\"gateway\":\"192.0.2.1\",\"dev\":\"eth0\",\"flags\":[]},"
            + "{\"dst\":\"10.77.0.0/24\",\"dev\":\"br0\",\"protocol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":"
            + "\"10.77.0.1\",\"flags\":[]},{\"dst\":\"10.96.0.0/12\",\"gateway\":\"10.77.0.2\",\"dev\":\"br0\",\"flags\":[]},"
            + "{\"dst\":\"10.99.0.0/16\",\"gateway\":\"10.77.0.2\",\"dev\":\"br0\",\"protocol\":\"bird\",\"flags\":"
            + "[\"onlink\"],\"metrics\":[{\"mtu\":1400}]},{\"type\":\"local\",\"dst\":\"10.77.0.1\",\"dev\":\"br0\","
            + "\"table\":\"local\",\"protocol\":\"kernel\",\"scope\":\"host\",\"prefsrc\":\"10.77.0.1\",\"flags\":[]},"
            + "{\"dst\":\"fe80::/64\",\"dev\":\"br0\",\"protocol\":\"kernel\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"}]";

    @Test
    void linksWithDetails() {
        IpJsonLinks l = IpJsonLinkParser.parse(LINK);
        assertEquals(List.of(), l.problems());
        assertEquals(4, l.links().size());
        IpJsonLink lo = l.byName("lo").orElseThrow();
        assertEquals("loopback", lo.linkType());
        assertEquals(65536, lo.mtu());
        assertNull(lo.kind());
        IpJsonLink vx = l.byIndex(3).orElseThrow();
        assertEquals("vxlan", vx.kind());
        assertEquals(1450, vx.mtu());
        assertEquals(new IpJsonVxlan(42, 8472, ip("10.77.0.1"), null, "br0", false), vx.vxlan());
        IpJsonLink veth = l.byName("hs-va").orElseThrow();
        assertEquals("veth", veth.kind());
        assertEquals("bridge", veth.slaveKind());
        assertEquals("br0", veth.master());
        assertEquals(5, veth.linkIndex());
        assertEquals(1, veth.linkNetnsId());
        assertEquals(new IpJsonBridgePort("forwarding", true, true, false), veth.bridgePort());
        assertTrue(veth.up());
        assertEquals(List.of(veth), l.portsOf("br0"));
        assertEquals("bridge", l.byName("br0").orElseThrow().kind());
    }

    @Test
    void addresses() {
        IpJsonAddresses a = IpJsonAddrParser.parse(ADDR);
        assertEquals(List.of(), a.problems());
        assertEquals(2, a.interfaces().size());
        assertEquals(4, a.addresses().size());
        IpJsonAddress br = a.of("br0").get(0);
        assertEquals("inet", br.family());
        assertEquals("10.77.0.1/24", br.cidr());
        assertEquals("global", br.scope());
        assertEquals("br0", br.label());
        assertEquals(2, br.ifindex());
        assertEquals("fe80::3cb1:39ff:fe1b:994/64", a.of("br0").get(1).cidr());
        assertEquals("link", a.of("br0").get(1).scope());
        assertEquals("lo", a.owner(ip("::1")).orElseThrow().interfaceName());
        assertTrue(a.owner(ip("10.77.0.2")).isEmpty());
        assertEquals(1500, a.interfaces().get(1).mtu());
    }

    @Test
    void routesAndLookup() {
        IpJsonRoutes r = IpJsonRouteParser.parse(ROUTE);
        assertEquals(List.of(), r.problems());
        assertEquals(6, r.routes().size());
        IpJsonRoute def = r.routes().get(0);
        assertTrue(def.isDefault());
        assertEquals("inet", def.family());
        assertEquals(ip("192.0.2.1"), def.gateway());
        IpJsonRoute bird = r.routes().get(3);
        assertEquals("bird", bird.protocol());
        assertTrue(bird.onlink());
        assertEquals(1400, bird.mtu());
        assertEquals(16, bird.prefixLength());
        IpJsonRoute local = r.routes().get(4);
        assertEquals("local", local.type());
        assertEquals("local", local.table());
        assertEquals(32, local.prefixLength());
        assertEquals("host", local.scope());
        assertEquals(256, r.routes().get(5).metric());
        assertEquals("inet6", r.routes().get(5).family());
        assertEquals(bird, r.lookup(ip("10.99.3.4")).orElseThrow());
        assertEquals("10.77.0.0/24", r.lookup(ip("10.77.0.1")).orElseThrow().destination()); // not the local route
        assertEquals(def, r.lookup(ip("8.8.8.8")).orElseThrow());
        assertEquals("fe80::/64", r.lookup(ip("fe80::1")).orElseThrow().destination());
        assertTrue(r.lookup(ip("2001:db8::1")).isEmpty());
        assertEquals(4, r.viaDevice("br0").size() - 1);
    }

    @Test
    void multipathLockedMtuAndLowerMetricWins() {
        IpJsonRoutes r = IpJsonRouteParser.parse("[{\"dst\":\"10.0.0.0/8\",\"metric\":200,\"dev\":\"eth1\",\"flags\":[]},"
                + "{\"dst\":\"10.0.0.0/8\",\"metric\":100,\"protocol\":\"bird\",\"flags\":[],\"metrics\":[{\"mtu\":"
                + "[\"lock\",1450]}],\"nexthops\":[{\"gateway\":\"192.0.2.1\",\"dev\":\"eth0\",\"weight\":1,\"flags\":[]},"
                + "{\"gateway\":\"192.0.2.2\",\"dev\":\"eth0\",\"weight\":2,\"flags\":[\"onlink\"]}]},"
                + "{\"type\":\"blackhole\",\"dst\":\"10.1.0.0/16\",\"flags\":[]},{\"dst\":\"default\",\"dev\":\"wg0\","
                + "\"flags\":[]}]");
        assertEquals(List.of(), r.problems());
        IpJsonRoute ecmp = r.lookup(ip("10.2.3.4")).orElseThrow();
        assertEquals(100, ecmp.metric());
        assertEquals(1450, ecmp.mtu());
        assertEquals(2, ecmp.nexthops().size());
        assertEquals(new IpJsonNexthop(ip("192.0.2.2"), "eth0", 2, List.of("onlink")), ecmp.nexthops().get(1));
        assertEquals("inet", ecmp.family());
        // the blackhole /16 is not a unicast route; the /8 is
        assertEquals("10.0.0.0/8", r.lookup(ip("10.1.2.3")).orElseThrow().destination());
        assertNull(r.routes().get(3).family()); // "default dev wg0": nothing tells the family
        assertEquals("default", r.lookup(ip("fd00::1")).orElseThrow().destination());
    }

    @Test
    void brokenDocumentsAreOneProblemWithLineAndColumn() {
        IpJsonLinks l = IpJsonLinkParser.parse("[{\"ifindex\":1,\"ifname\":\"lo\",}]");
        assertEquals(List.of(), l.links());
        LineProblem p = l.problems().get(0);
        assertEquals(1, p.line());
        assertEquals(29, p.column());
        assertTrue(p.reason().contains("trailing comma") && p.reason().contains("ip -j link"), p.toString());
        assertEquals("}]", p.text());
        assertEquals(1, IpJsonAddrParser.parse("").problems().size());
        LineProblem notArray = IpJsonRouteParser.parse("{\"dst\":\"default\"}").problems().get(0);
        assertTrue(notArray.reason().contains("expected a JSON array"));
    }

    @Test
    void badElementsAreSkippedAndTheRestKept() {
        // pretty-printed (ip -j -p) so each element has its own line
        String doc = "[ {\n"
                + "    \"ifindex\": 1,\n"
                + "    \"ifname\": \"lo\",\n"
                + "    \"mtu\": \"big\"\n"                      // wrong type: reported, link kept without mtu
                + "  }, {\n"                                     // line 5: no ifname: skipped
                + "    \"ifindex\": 2\n"
                + "  }, 7, {\n"                                  // a number, not an object
                + "    \"ifindex\": 3, \"ifname\": \"vx\", \"linkinfo\": {\"info_kind\": \"vxlan\", \"info_data\": {\n"
                + "      \"local\": \"not-an-ip\", \"port\": 4789 } }\n"
                + "  } ]";
        IpJsonLinks l = IpJsonLinkParser.parse(doc);
        assertEquals(List.of("lo", "vx"), l.links().stream().map(IpJsonLink::name).toList());
        assertEquals(-1, l.links().get(0).mtu());
        assertEquals(List.of(1, 1, 5, 8, 8), problemLines(l.problems()));
        assertTrue(l.problems().get(0).reason().contains("element 3 of the array is not a JSON object: 7"));
        assertTrue(l.problems().get(1).reason().contains("\"mtu\""));
        assertEquals(3, l.problems().get(1).column());
        assertTrue(l.problems().get(2).reason().contains("without \"ifindex\" and \"ifname\""));
        assertTrue(l.problems().get(3).reason().contains("\"id\""));
        assertTrue(l.problems().get(4).reason().contains("not-an-ip"));
        assertNull(l.links().get(1).vxlan().local());
        assertEquals(4789, l.links().get(1).vxlan().port());
    }

    @Test
    void badAddressesAndRoutesAreReported() {
        IpJsonAddresses a = IpJsonAddrParser.parse("[{\"ifindex\":2,\"ifname\":\"eth0\",\"addr_info\":["
                + "{\"family\":\"inet\",\"local\":\"fe80::1\",\"prefixlen\":64},{\"family\":\"inet\",\"local\":"
                + "\"10.0.0.1\"},{\"family\":\"inet\",\"local\":\"10.0.0.2\",\"prefixlen\":33},{\"family\":\"inet\","
                + "\"local\":\"10.0.0.3\",\"prefixlen\":16,\"dynamic\":true}]}]");
        assertEquals(3, a.problems().size());
        assertEquals(1, a.addresses().size());
        assertTrue(a.addresses().get(0).dynamic());
        IpJsonRoutes r = IpJsonRouteParser.parse("[{\"dev\":\"eth0\"},{\"dst\":\"10.0.0.0/40\"},{\"dst\":\"nowhere\"},"
                + "{\"dst\":\"10.0.0.0/x\"},{\"dst\":\"10.0.0.0/8\",\"gateway\":\"gw\"}]");
        assertEquals(5, r.problems().size());
        assertEquals(1, r.routes().size());
        assertNull(r.routes().get(0).gateway());
        assertFalse(r.routes().get(0).onlink());
    }
}
