package io.hoptrace.capture.file;

import static io.hoptrace.capture.file.CaptureBytes.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wireshark's tools (tshark, capinfos 4.0) read what hoptrace writes, and agree with hoptrace's reader. */
class TsharkTest {
    private static final long T0 = 1_763_700_000_123_456_789L;

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed");
    }

    static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + out);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void pcapngInterfaceNamesDescriptionsAndComments() throws Exception {
        Path file = dir.resolve("nodes.pcapng");
        try (PcapngWriter w = PcapngWriter.create(file)) {
            int eth = w.addInterface("eth0", "node=worker-1 iface=eth0", 1, 262144);
            int flannel = w.addInterface("flannel.1", "node=worker-1 iface=flannel.1", 1, 128);
            w.writePacket(eth, T0, frame(98, 1), 0, 98, 98, "SYN retransmitted ✓");
            w.writePacket(flannel, T0 + 1000, frame(200, 2), 0, 200, 200, null);
            w.writePacket(eth, T0 + 2000, frame(60, 3), 0, 60, 64, "dropped by KUBE-FIREWALL");
            w.setStatistics(eth, InterfaceStatistics.drops(3, 4));
        }
        assertEquals(List.of(
                "eth0\tnode=worker-1 iface=eth0\tSYN retransmitted ✓",
                "flannel.1\tnode=worker-1 iface=flannel.1\t",
                "eth0\tnode=worker-1 iface=eth0\tdropped by KUBE-FIREWALL"),
                run("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.interface_name",
                        "-e", "frame.interface_description", "-e", "frame.comment"));
        assertEquals(List.of(
                "1763700000.123456789\t98\t98",
                "1763700000.123457789\t128\t200",
                "1763700000.123458789\t60\t64"),
                run("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.cap_len",
                        "-e", "frame.len"));
        List<String> info = run("capinfos", file.toString());
        assertTrue(info.contains("Capture application: hoptrace"), String.join("\n", info));
        assertTrue(info.contains("File timestamp precision:  nanoseconds (9)"), String.join("\n", info));
        assertEquals(2, info.stream().filter(l -> l.trim().equals("Number of stat entries = 1")).count(),
                "a statistics block per interface: " + String.join("\n", info));
    }

    @Test
    void pcapNanosecondTimestamps() throws Exception {
        Path file = dir.resolve("classic.pcap");
        try (PcapWriter w = PcapWriter.create(file, 1, 100)) {
            w.writePacket(T0, frame(60, 1), 0, 60, 60);
            w.writePacket(T0 + 999_999_999L, frame(150, 2), 0, 150, 150);
        }
        assertEquals(List.of("1763700000.123456789\t60\t60\t1", "1763700001.123456788\t100\t150\t1"),
                run("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.cap_len",
                        "-e", "frame.len", "-e", "frame.encap_type"));
    }

    /**
     * The hand-made three-section file: tshark agrees on every timestamp (if_tsresol 6, 9, 2^-20 with if_tsoffset,
     * 3), length and comment. It lists the custom block as a record of its own (no interface: skipped here), and
     * tshark 4.0.17 attributes packets of later sections to the first section's interfaces, so interface names are
     * compared in the first section only.
     */
    @Test
    void handMadeSectionsReadAlike() throws Exception {
        Samples.Sample sample = Samples.multiSection();
        Path file = sample.capture().writeTo(dir.resolve("multi.pcapng"));
        List<String> lines = run("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.interface_id",
                "-e", "frame.interface_name", "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len",
                "-e", "frame.comment");
        List<String> theirs = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (!f[0].isEmpty()) {
                String time = f[2].isEmpty() ? "0.000000000" : f[2]; // a simple packet block has no timestamp
                theirs.add(time + " " + f[3] + " " + f[4] + " " + f[5]);
            }
        }
        Frame.Read read = Frame.readAll(file);
        List<String> ours = new ArrayList<>();
        for (Frame f : read.frames()) {
            ours.add(String.format("%d.%09d %d %d %s", f.timestampNanos() / 1_000_000_000L,
                    f.timestampNanos() % 1_000_000_000L, f.bytes().length, f.wireLength(),
                    f.comment() == null ? "" : f.comment()));
        }
        assertEquals(ours, theirs);
        assertEquals("0\teth0", lines.get(0).substring(0, 6));
        assertEquals("1\tany", lines.get(1).substring(0, 5));
    }
}
