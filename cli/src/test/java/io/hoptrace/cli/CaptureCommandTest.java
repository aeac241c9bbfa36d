package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.live.CaptureOptions;
import io.hoptrace.capture.live.CaptureStats;
import io.hoptrace.capture.live.Captured;
import io.hoptrace.capture.live.VethLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hoptrace capture} run in-process: options, one-line errors and exit codes; root tests capture for real. */
class CaptureCommandTest {
    @TempDir
    Path dir;

    /** Exit status, stdout and stderr of one run. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = HoptraceCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static CaptureOptions parse(String... args) {
        CaptureCommand c = new CaptureCommand(CliStreams.of(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())));
        new CommandLine(c).parseArgs(args);
        return c.options();
    }

    @Test
    void tcpdumpOptionsMapOntoTheCaptureOptions() {
        CaptureOptions o = parse("-i", "eth0,cni0", "-i", "flannel.1", "-w", "/x/cap.pcapng", "-s", "0", "-c", "5",
                "-C", "20k", "-W", "3", "-G", "90", "--duration", "15m", "-B", "4096", "--queue-size", "32", "-p",
                "-Q", "in", "--node", "worker-3", "tcp", "port", "80");
        assertEquals(List.of("eth0", "cni0", "flannel.1"), o.interfaces());
        assertEquals(Path.of("/x/cap.pcapng"), o.output());
        assertEquals(CaptureOptions.DEFAULT_SNAPLEN, o.snapLength(), "-s 0 is the default, as in tcpdump");
        assertEquals(5, o.count());
        assertEquals(20 * 1024, o.rotateBytes());
        assertEquals(3, o.fileLimit());
        assertEquals(Duration.ofSeconds(90), o.rotateEvery());
        assertEquals(Duration.ofMinutes(15), o.duration());
        assertEquals(4096 * 1024, o.bufferBytes());
        assertEquals(32 << 20, o.queueBytes());
        assertEquals(false, o.promiscuous());
        assertEquals(CaptureOptions.Direction.IN, o.direction());
        assertEquals("worker-3", o.node());
        assertEquals("tcp port 80", o.filter());
        assertEquals(List.of("any"), parse("-w", "f").interfaces(), "tcpdump -i any is the default");
        assertNull(parse("-w", "f").filter());
        assertEquals(100_000_000L, parse("-w", "f", "-C", "100").rotateBytes(), "tcpdump's -C counts 10^6 bytes");
        assertEquals(2L << 30, parse("-w", "f", "-C", "2G").rotateBytes());
        assertEquals(Duration.ofMillis(500), parse("-w", "f", "-G", "500ms").rotateEvery());
    }

    @Test
    void theStatusLineRedrawsInPlaceOnlyOnATerminal() throws Exception {
        StringWriter shown = new StringWriter();
        CaptureCommand.StatusLine line = new CaptureCommand.StatusLine(new PrintWriter(shown), true);
        line.show(new CaptureStats(100, 100, 0, 0, 0, List.of()));
        assertEquals("", shown.toString(), "the first look only sets the baseline for the rate");
        Thread.sleep(100);
        line.show(new CaptureStats(1100, 1105, 2, 0, 3, List.of()));
        assertTrue(shown.toString().matches("\r\u001b\\[K1100 packets captured, \\d+ packets/s, 5 dropped"),
                shown.toString());
        line.clear();
        assertTrue(shown.toString().endsWith("\r\u001b[K"));

        StringWriter quiet = new StringWriter();
        CaptureCommand.StatusLine off = new CaptureCommand.StatusLine(new PrintWriter(quiet), false);
        off.show(new CaptureStats(1, 1, 0, 0, 0, List.of()));
        off.show(new CaptureStats(2, 2, 0, 0, 0, List.of()));
        off.clear();
        assertEquals("", quiet.toString(), "stderr is not a terminal: nothing");
    }

    @Test
    void listInterfacesLikeTcpdumpD() {
        Run r = run("capture", "-D");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\d+\\.any \\(.*\\) \\[Up, Running]")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\d+\\.lo \\[Up, Running, Loopback]")), r.out());
    }

    @Test
    void mistakesGetOneLineAndStatusTwo() {
        Path file = dir.resolve("x.pcapng");
        String[][] cases = {
            {"hoptrace capture: -w FILE is required: hoptrace writes pcapng (read it with 'hoptrace decode FILE' "
                    + "or Wireshark)", "-i", "lo"},
            {"hoptrace capture: -C takes a size like 100 (millions of bytes), 512k, 100m or 2g, not '5x'",
                "-w", file.toString(), "-C", "5x"},
            {"hoptrace capture: --duration takes seconds or a time like 500ms, 30s, 15m, 2h, not '1d'",
                "-w", file.toString(), "--duration", "1d"},
            {"hoptrace capture: a file limit (-W) needs rotation by size (-C) or time (-G)",
                "-w", file.toString(), "-W", "3"},
            {"hoptrace capture: unknown time conversion %Q in the -w name (known: %Y %y %m %d %H %M %S %j %s %F %T "
                    + "%z %Z %%)", "-i", "lo", "-w", dir.resolve("c-%Q.pcapng").toString(), "-G", "60"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "capture";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertEquals(List.of(c[0]), r.errLines(), String.join(" ", args));
        }
        Run unknown = run("capture", "-i", "nosuch0", "-w", file.toString());
        assertEquals(2, unknown.status());
        assertEquals(1, unknown.errLines().size(), unknown.err());
        assertTrue(unknown.err().startsWith("hoptrace: no interface 'nosuch0' (available: "), unknown.err());
        assertTrue(Files.notExists(file));
    }

    @Test
    void badFilterIsStatusTwo() {
        VethLab.assumeRoot();
        Run r = run("capture", "-i", "lo", "-w", dir.resolve("x.pcapng").toString(), "ip", "proto", "nonsense");
        assertEquals(2, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("hoptrace: bad filter 'ip proto nonsense': "), r.err());
    }

    @Test
    void capturesPingsAndReportsLikeTcpdump() throws Exception {
        Path file = dir.resolve("cli.pcapng");
        try (VethLab lab = VethLab.create(dir)) {
            Thread pinger = new Thread(() -> {
                try {
                    Thread.sleep(1000); // the capture is open by then
                    lab.ping(4321, 10, 32, 0.01);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            pinger.start();
            Run r = run("capture", "-i", lab.host, "-w", file.toString(), "-c", "20", "--node", "cli-node", "icmp");
            pinger.join();
            assertEquals(0, r.status(), r.err());
            assertEquals(List.of(
                    "hoptrace: listening on " + lab.host + ", link-type EN10MB (Ethernet), snapshot length 262144 bytes",
                    "hoptrace: writing " + file,
                    "20 packets captured"), r.errLines().subList(0, 3));
            assertTrue(r.errLines().contains("0 packets dropped by hoptrace queue"), r.err());
            assertEquals("", r.out(), "packets go to the file, diagnostics to stderr, nothing to stdout");
            Captured c = Captured.read(file);
            assertEquals(20, c.packets().size());
            assertEquals("node=cli-node iface=" + lab.host, c.interfaces().get(0).description());
        }
    }

    @Test
    void ctrlCEndsTheCaptureWithStatusZeroAsTcpdumpDoes() throws Exception {
        VethLab.assumeRoot();
        Path file = dir.resolve("ctrl-c.pcapng");
        Thread ctrlC = new Thread(() -> {
            try {
                Thread.sleep(1500); // the capture is open by then
            } catch (InterruptedException e) {
                return;
            }
            // before the fix this ended the JVM (130) and with it this test run
            sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        });
        ctrlC.start();
        Run r = run("capture", "-i", "lo", "-w", file.toString(), "--duration", "20");
        ctrlC.join();
        assertEquals(0, r.status(), r.err());
        assertTrue(r.errLines().stream().anyMatch(l -> l.endsWith("packets captured")), r.err());
        assertNull(Captured.read(file).problem(), "the file is closed properly");
    }

    @Test
    void aFullDiskIsStatusThreeWithTheFileNamed() throws Exception {
        VethLab.assumeRoot();
        Path mount = Files.createDirectory(dir.resolve("small"));
        VethLab.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
        Path file = mount.resolve("full.pcapng");
        try (VethLab lab = VethLab.create(dir)) {
            Process blast = lab.udpFor(9, 1200, 20);
            Run r;
            try {
                r = run("capture", "-i", lab.host, "-w", file.toString(), "--duration", "20", "udp");
            } finally {
                blast.destroy();
                blast.waitFor();
            }
            assertEquals(3, r.status(), r.err());
            List<String> lines = r.errLines();
            assertTrue(lines.get(lines.size() - 1).startsWith("hoptrace: " + file
                    + ": no space left on device; capture stopped"), r.err());
            assertNull(Captured.read(file).problem());
            assertTrue(Captured.read(file).packets().size() > 500);
        } finally {
            VethLab.run("umount", mount.toString());
        }
    }
}
