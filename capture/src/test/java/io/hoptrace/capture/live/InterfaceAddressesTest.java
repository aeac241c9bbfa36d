package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The addresses the interface list gives (the GUI's capture dialog shows them), as people write them. */
class InterfaceAddressesTest {
    @Test
    void ipv6IsWrittenWithTheLongestRunOfZerosCut() {
        assertEquals("::1", Libpcap.compressIpv6("0:0:0:0:0:0:0:1"));
        assertEquals("fd00::2", Libpcap.compressIpv6("fd00:0:0:0:0:0:0:2"));
        assertEquals("fe80::4cc3:19ff:fecf:64a9", Libpcap.compressIpv6("fe80:0:0:0:4cc3:19ff:fecf:64a9"));
        assertEquals("1:0:0:2::3", Libpcap.compressIpv6("1:0:0:2:0:0:0:3"), "the longest run");
        assertEquals("1::2:0:0:3:4", Libpcap.compressIpv6("1:0:0:2:0:0:3:4"), "the first of equal runs");
        assertEquals("1:0:2:3:4:5:6:7", Libpcap.compressIpv6("1:0:2:3:4:5:6:7"), "one zero group stays");
        assertEquals("::", Libpcap.compressIpv6("0:0:0:0:0:0:0:0"));
        assertEquals("1::", Libpcap.compressIpv6("1:0:0:0:0:0:0:0"));
    }

    @Test
    void loopbackListsItsAddresses() throws Exception {
        CaptureInterface lo = LiveCapture.interfaces().stream().filter(i -> i.name().equals("lo")).findFirst()
                .orElseThrow();
        assertTrue(lo.loopback());
        assertTrue(lo.addresses().contains("127.0.0.1"), lo.addresses().toString());
    }
}
