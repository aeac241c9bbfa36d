package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hoptrace.capture.live.CaptureException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a capture cannot start gives one line that says what to do, and leaves no file behind. */
class CaptureErrorsTest {
    @TempDir
    Path dir;

    private CaptureException startFails(CaptureOptions options) {
        return assertThrows(CaptureException.class, () -> LiveCapture.start(options, CaptureListener.NONE));
    }

    @Test
    void unknownInterfaceListsTheAvailableOnes() {
        Path file = dir.resolve("x.pcapng");
        CaptureException e = startFails(CaptureOptions.builder(file).interfaces("lo", "nosuch0").build());
        assertEquals(Kind.NO_SUCH_INTERFACE, e.kind());
        assertTrue(e.getMessage().startsWith("no interface 'nosuch0' (available: "), e.getMessage());
        assertTrue(e.getMessage().contains("lo, ") || e.getMessage().contains(", lo"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; see hoptrace capture --list-interfaces)"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void interfacesByTcpdumpNumber() throws Exception {
        List<CaptureInterface> all = LiveCapture.interfaces();
        assertTrue(all.stream().anyMatch(i -> i.name().equals("any")));
        CaptureInterface any = all.stream().filter(i -> i.name().equals("any")).findFirst().orElseThrow();
        assertEquals(List.of("any", "lo"), Libpcap.resolve(List.of(Integer.toString(any.number()), "lo"), all));
        assertTrue(any.toString().matches("\\d+\\.any \\(Pseudo-device that captures on all interfaces\\) "
                + "\\[Up, Running]"), any.toString());
    }

    @Test
    void badFilterQuotesLibpcap() throws Exception {
        VethLab.assumeRoot();
        Path file = dir.resolve("x.pcapng");
        CaptureException e = startFails(CaptureOptions.builder(file).interfaces("lo").filter("tcp port").build());
        assertEquals(Kind.BAD_FILTER, e.kind());
        assertEquals("bad filter 'tcp port': syntax error (see man 7 pcap-filter)", e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void downInterfaceSaysHowToBringItUp() throws Exception {
        try (VethLab lab = VethLab.create(dir)) {
            VethLab.run("ip", "link", "set", lab.host, "down");
            CaptureException e = startFails(CaptureOptions.builder(dir.resolve("x.pcapng")).interfaces(lab.host)
                    .build());
            assertEquals(Kind.NO_SUCH_INTERFACE, e.kind());
            assertEquals("interface '" + lab.host + "' is down (bring it up: ip link set " + lab.host + " up)",
                    e.getMessage());
        }
    }

    @Test
    void missingDirectoryIsNamed() throws Exception {
        VethLab.assumeRoot();
        CaptureException e = startFails(CaptureOptions.builder(dir.resolve("no/such/dir/x.pcapng"))
                .interfaces("lo").build());
        assertEquals(Kind.OUTPUT, e.kind());
        assertEquals(dir.resolve("no/such/dir/x.pcapng") + ": cannot create the file: its directory is missing",
                e.getMessage());
    }

    /** Root without CAP_NET_RAW and CAP_NET_ADMIN (dropped from the bounding set) is refused like any user. */
    @Test
    void missingPrivilegeSaysWhatToGrant() throws Exception {
        VethLab.assumeRoot();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        Path file = dir.resolve("x.pcapng");
        try (ChildCapture child = ChildCapture.start(List.of("setpriv", "--bounding-set", "-net_raw,-net_admin"),
                List.of(), file, "lo", "", 100)) {
            String line = child.awaitLine("error=");
            assertEquals("error=NO_PERMISSION: no permission to capture on 'lo': " + Libpcap.NEED_PRIVILEGE, line);
            ChildCapture.assertExit(2, child.awaitExit(), child.lines());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void missingLibpcapSaysWhatToInstall() throws Exception {
        try (ChildCapture child = ChildCapture.start(List.of(),
                List.of("-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so.0.8"), dir.resolve("x.pcapng"), "lo",
                "", 100)) {
            assertEquals("error=NO_LIBPCAP: " + Libpcap.INSTALL_LIBPCAP, child.awaitLine("error="));
            ChildCapture.assertExit(2, child.awaitExit(), child.lines());
        }
    }
}
