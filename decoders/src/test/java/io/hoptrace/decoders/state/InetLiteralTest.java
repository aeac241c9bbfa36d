package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class InetLiteralTest {
    @Test
    void ipv4() {
        assertArrayEquals(new byte[] {10, 96, 0, 10}, InetLiteral.parse("10.96.0.10").getAddress());
        assertEquals("255.255.255.255", InetLiteral.format(InetLiteral.parse("255.255.255.255")));
        for (String bad : List.of("10.96.0", "10.96.0.10.1", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.", "a.b.c.d",
                "1.2.3.4 ", "-1.2.3.4", "1234.1.1.1", "")) {
            assertNull(InetLiteral.parse(bad), bad);
        }
    }

    @Test
    void hostNamesAreNeverResolved() {
        assertNull(InetLiteral.parse("localhost"));
        assertNull(InetLiteral.parse("ip-10-0-62-121.ec2.internal"));
    }

    @Test
    void ipv6FormsMeetInOneValue() {
        InetAddress a = InetLiteral.parse("2620:0000:0000:0000:0000:0000:0000:0001"); // /proc writes every digit
        assertEquals(InetLiteral.parse("2620::1"), a);
        assertEquals(InetLiteral.parse("2620:0:0:0:0:0:0:1"), a);
        assertEquals("2620::1", InetLiteral.format(a));
        assertEquals("::", InetLiteral.format(InetLiteral.parse("::")));
        assertEquals("::1", InetLiteral.format(InetLiteral.parse("::1")));
        assertEquals("fe80::", InetLiteral.format(InetLiteral.parse("fe80::")));
        assertEquals("fe80::3cb1:39ff:fe1b:994", InetLiteral.format(InetLiteral.parse("FE80::3CB1:39FF:FE1B:0994")));
        // RFC 5952: the longest zero run is shortened, the first of equal runs, a single zero group is not
        assertEquals("1:0:0:2::3", InetLiteral.format(InetLiteral.parse("1:0:0:2:0:0:0:3")));
        assertEquals("1::2:0:0:3:4", InetLiteral.format(InetLiteral.parse("1:0:0:2:0:0:3:4")));
        assertEquals("1:0:2:3:4:5:6:7", InetLiteral.format(InetLiteral.parse("1:0:2:3:4:5:6:7")));
    }

    @Test
    void ipv4MappedStaysIpv6() {
        InetAddress a = InetLiteral.parse("::ffff:10.1.2.3");
        assertInstanceOf(Inet6Address.class, a);
        byte[] b = a.getAddress();
        assertEquals(16, b.length);
        assertEquals(10, b[12]);
        assertEquals(3, b[15]);
        assertEquals(InetLiteral.parse("1:2:3:4:5:6:1.2.3.4"), InetLiteral.parse("1:2:3:4:5:6:102:304"));
    }

    @Test
    void badIpv6() {
        for (String bad : List.of(":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1",
                "1:", ":1", "1:::2", "::1.2.3", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0",
                "[::1]")) {
            assertNull(InetLiteral.parse(bad), bad);
        }
    }

    @Test
    void kernelHex() {
        assertEquals(InetLiteral.parse("192.168.0.22"), InetLiteral.parseKernelHex("C0A80016"));
        assertEquals(InetLiteral.parse("192.168.0.22"), InetLiteral.parseKernelHex("c0a80016"));
        assertNull(InetLiteral.parseKernelHex("C0A8001"));
        assertNull(InetLiteral.parseKernelHex("C0A8001G"));
    }

    @Test
    void prefixLengthOfMasks() {
        assertEquals(24, InetLiteral.prefixLength(InetLiteral.parse("255.255.255.0")));
        assertEquals(0, InetLiteral.prefixLength(InetLiteral.parse("0.0.0.0")));
        assertEquals(32, InetLiteral.prefixLength(InetLiteral.parse("255.255.255.255")));
        assertEquals(-1, InetLiteral.prefixLength(InetLiteral.parse("255.0.255.0")));
    }
}
