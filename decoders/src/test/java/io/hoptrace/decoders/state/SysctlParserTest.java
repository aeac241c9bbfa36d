package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.hoptrace.decoders.state.StateFiles.problemLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SysctlParserTest {
    @Test
    void sysctlDashAOutput() {
        // lines as sysctl -a prints them on this machine (procps-ng 4.0.2)
        SysctlSettings s = SysctlParser.parse(""
                + "fs.file-nr = 1502\t0\t2466177\n"
                + "kernel.panic_sys_info = \n"
                + "net.bridge.bridge-nf-call-iptables = 1\n"
                + "net.core.somaxconn = 4096\n"
                + "net.ipv4.conf.eth0/100.rp_filter = 2\n"
                + "net.ipv4.ip_forward = 0\n"
                + "net.ipv4.ip_local_port_range = 32768\t60999\n"
                + "net.ipv4.tcp_mtu_probing = 0\n"
                + "net.netfilter.nf_conntrack_count = 3\n"
                + "net.netfilter.nf_conntrack_max = 262144\n");
        assertEquals(List.of(), s.problems());
        assertEquals(Optional.of(false), s.ipForward());
        assertEquals(OptionalLong.of(4096), s.somaxconn());
        assertEquals(Optional.of(true), s.bridgeNfCallIptables());
        assertEquals(OptionalLong.of(0), s.tcpMtuProbing());
        assertEquals(OptionalLong.of(3), s.conntrackCount());
        assertEquals(OptionalLong.of(262144), s.conntrackMax());
        assertEquals(3 / 262144.0, s.conntrackFill().orElseThrow(), 1e-12);
        assertEquals(List.of(32768L, 60999L), s.longs(SysctlSettings.IP_LOCAL_PORT_RANGE));
        assertEquals(List.of(1502L, 0L, 2466177L), s.longs("fs.file-nr"));
        assertEquals(Optional.of(""), s.value("kernel.panic_sys_info"));
        assertEquals(OptionalLong.of(2), s.rpFilter("eth0.100"));
        assertEquals(6, s.lines().get(SysctlSettings.IP_FORWARD));
        assertTrue(s.longValue("fs.file-nr").isEmpty());
        assertTrue(s.longValue("no.such.key").isEmpty());
    }

    @Test
    void otherSpellings() {
        SysctlSettings s = SysctlParser.parse(""
                + "net.core.somaxconn=128\n"
                + "/proc/sys/net/ipv4/ip_forward = 1\n"
                + "/proc/sys/net/netfilter/nf_conntrack_count:250000\n"   // grep -r . /proc/sys/net
                + "/proc/sys/net/ipv4/conf/eth0.100/rp_filter:1\n"
                + "net/nf_conntrack_max = 262144\n"                        // sysctl also takes slashes
                + "-net.ipv4.tcp_mtu_probing = 1\n"                        // sysctl.d: ignore errors on this key
                + "; a comment\n# another\n\n");
        assertEquals(List.of(), s.problems());
        assertEquals(OptionalLong.of(128), s.somaxconn());
        assertEquals(Optional.of(true), s.ipForward());
        assertEquals(OptionalLong.of(250000), s.conntrackCount());
        assertEquals(OptionalLong.of(1), s.rpFilter("eth0.100"));
        assertEquals(OptionalLong.of(262144), s.conntrackMax()); // the legacy key when the netfilter one is absent
        assertEquals(OptionalLong.of(1), s.tcpMtuProbing());
    }

    @Test
    void theLastValueOfAKeyWins() {
        SysctlSettings s = SysctlParser.parse("net.ipv4.ip_forward = 0\nnet.core.somaxconn = 1\n"
                + "net.ipv4.ip_forward = 1\n");
        assertEquals(Optional.of(true), s.ipForward());
        assertEquals(3, s.lines().get(SysctlSettings.IP_FORWARD));
        assertEquals(List.of(SysctlSettings.SOMAXCONN, SysctlSettings.IP_FORWARD), List.copyOf(s.values().keySet()));
    }

    @Test
    void errorsAndNonSettingsAreReported() {
        SysctlSettings s = SysctlParser.parse(""
                + "net.core.somaxconn = 4096\n"                                           // 1
                + "sysctl: permission denied on key 'fs.protected_hardlinks'\n"            // 2
                + "sysctl: reading key \"net.ipv6.conf.all.stable_secret\"\n"              // 3
                + "just some words\n"                                                     // 4
                + "= 5\n"                                                                 // 5
                + "bad key = 1\n"                                                         // 6
                + "net.ipv4.ip_forward = yes\n"                                           // 7
                + "net..ipv4 = 1\n"                                                       // 8
                + "kernel.hostname = node-a\n");                                          // 9
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), problemLines(s.problems()));
        assertTrue(s.problems().get(0).reason().contains("sysctl"));
        assertTrue(s.problems().get(5).reason().contains("should be a number"));
        assertTrue(s.ipForward().isEmpty());
        assertEquals(Optional.of("node-a"), s.value("kernel.hostname"));
        assertEquals(OptionalLong.of(4096), s.somaxconn());
    }

    @Test
    void emptyInputHasNoSettings() {
        SysctlSettings s = SysctlParser.parse("");
        assertTrue(s.values().isEmpty());
        assertTrue(s.conntrackFill().isEmpty());
    }
}
