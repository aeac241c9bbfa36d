package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpPrefixTest {
    @Test
    void ipv4PrefixesAndHosts() {
        IpPrefix p = IpPrefix.parse("10.0.0.0/8");
        assertTrue(p.contains(IpPrefix.host("10.180.0.1")));
        assertFalse(p.contains(IpPrefix.host("11.0.0.1")));
        assertEquals("172.30.0.41", IpPrefix.parse("172.30.0.41/32").toString());
        assertEquals(IpPrefix.parse("172.30.0.41"), IpPrefix.parse("172.30.0.41/32"));
        assertTrue(IpPrefix.parse("203.0.113.0/25").contains(IpPrefix.host("203.0.113.2")));
        assertFalse(IpPrefix.parse("203.0.113.0/25").contains(IpPrefix.host("203.0.113.130")));
        assertTrue(IpPrefix.parse("0.0.0.0/0").contains(IpPrefix.host("1.2.3.4")));
        assertEquals(16, IpPrefix.parse("10.1.0.0/255.255.0.0").length());
    }

    @Test
    void ipv6() {
        assertEquals("fd00::1", IpPrefix.canonical("fd00:0:0:0:0:0:0:1"));
        assertEquals("2001:db8::1", IpPrefix.canonical("[2001:db8::1]"));
        assertEquals("::ffff:10.0.0.1", IpPrefix.canonical("::ffff:10.0.0.1"));
        assertTrue(IpPrefix.parse("fd00:10::/64").contains(IpPrefix.host("fd00:10::5")));
        assertFalse(IpPrefix.parse("fd00:10::/64").contains(IpPrefix.host("10.0.0.1")), "families never mix");
        assertEquals("::", IpPrefix.canonical("::"));
        assertEquals("1:0:0:2::3", IpPrefix.canonical("1:0:0:2:0:0:0:3"));
    }

    @Test
    void notAddresses() {
        for (String s : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "a.b.c.d", "1::2::3",
            "12345::", "<ipv4-public-prefix>.20", "10.0.0.0/8x", "1.2.3.4/255.0.255.0", "kube-dns", "1.2.3.4/"}) {
            assertNull(IpPrefix.parse(s), s);
        }
    }
}
