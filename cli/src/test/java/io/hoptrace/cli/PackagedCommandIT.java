package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoptrace.decoders.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program as users run it: {@code ./hoptrace} at the repository root, on the cli/target/hoptrace.jar and lib/
 * that this build has just packaged, with the launcher's JVM flags and class-data archive, in its own process.
 * The unit tests run the commands in-process on the test class path, where a dependency missing from lib/ (or a
 * test-scope one shadowing a runtime one) goes unnoticed; here it fails.
 */
class PackagedCommandIT {
    /** Stands in for Maven while the launcher runs: building from inside this build would recurse into Maven. */
    private static final String NO_MAVEN = "#!/bin/sh\necho \"fake mvn: the launcher tried to build during the test:"
            + " $*\" >&2\nexit 1\n";

    private static Path root;
    private static Map<String, String> env;

    @TempDir
    Path tmp;

    @BeforeAll
    static void packagedProgram(@TempDir Path bin) throws IOException {
        root = Path.of(System.getProperty("hoptrace.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("cli/target/hoptrace.jar");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(root.resolve("hoptrace"))) {
            fail(jar + " or the launcher is missing: these tests run after package (mvn verify)");
        }
        // Maven leaves a jar whose contents did not change untouched, so after an edit that changed nothing in it
        // the launcher would find a source newer than the jar and build. This build has just packaged the current
        // sources: record that, as the launcher does after its own build.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, NO_MAVEN);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("HOPTRACE_JAVA_OPTS", "");
        // tcpdump's expected outputs were made in UTC; decode prints local time as tcpdump does
        env.put("TZ", "UTC");
    }

    private static ProcessRun hoptrace(String... args) {
        return hoptraceIn(root, args);
    }

    private static ProcessRun hoptraceIn(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("hoptrace").toString());
        command.addAll(Arrays.asList(args));
        ProcessRun r = ProcessRun.of(dir, env, command);
        assertFalse(r.err().contains("hoptrace: build"), "the launcher built during the test:\n" + r);
        return r;
    }

    @Test
    void everyJarOnTheManifestClassPathIsInLibAndNoTestJarIs() throws IOException {
        Path target = root.resolve("cli/target");
        String classPath;
        try (JarFile jar = new JarFile(target.resolve("hoptrace.jar").toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        assertTrue(classPath != null && classPath.contains("lib/picocli-"), classPath);
        for (String entry : classPath.trim().split("\\s+")) {
            assertTrue(Files.isRegularFile(target.resolve(entry)), "on the manifest class path, not there: " + entry);
        }
        try (var lib = Files.list(target.resolve("lib"))) {
            for (Path p : lib.toList()) {
                String name = p.getFileName().toString();
                assertFalse(name.startsWith("junit-") || name.contains("-tests") || name.startsWith("opentest4j")
                        || name.startsWith("kubernetes-server-mock") || name.startsWith("mockwebserver"),
                        "test dependency in the shipped lib/: " + name);
            }
        }
    }

    @Test
    void analyzeWithoutInputFindsTheSampleMtuBlackHole() {
        ProcessRun r = hoptrace("analyze");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        // nothing else on stderr: no JVM or class-data-sharing warnings, no logging library complaining
        assertEquals("hoptrace analyze: no input given; analysing the sample bundle samples/mtu-blackhole\n", r.err());
        List<String> lines = r.lines();
        assertEquals("ERROR  mtu.blackhole  [node-a]", lines.get(0), r.toString());
        // README and samples/README.md: 3 DF echo requests of 1500 bytes stop at node-a, none reaches node-b
        assertTrue(lines.get(1).contains("3 packets of 1500 bytes with DF from pod demo/mtu-client-")
                && lines.get(1).contains("never reach node-b: they stop at node-a cni0"), lines.get(1));
        assertTrue(r.out().contains("   >> node-a   cni0             in "), r.out());
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ findings: 1 error, \\d+ warning, \\d+ info\\. 169 packets"
                + " in 3 captures from 3 nodes, .*"), lines.get(lines.size() - 1));
    }

    @Test
    void analyzeFindsTheSampleFromAnotherDirectory() {
        ProcessRun r = hoptraceIn(tmp, "analyze");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("hoptrace analyze: no input given; analysing the sample bundle "
                + root.resolve("samples/mtu-blackhole") + "\n", r.err());
        assertTrue(r.out().startsWith("ERROR  mtu.blackhole  [node-a]\n"), r.toString());
    }

    @Test
    void analyzeJsonHasInputsFindingsAndTheirJourneys() throws IOException {
        ProcessRun r = hoptrace("analyze", "samples/mtu-blackhole", "--format", "json");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("", r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        for (String key : List.of("inputs", "findings", "journeys")) {
            assertTrue(report.has(key), key + " missing in " + r.out().substring(0, 300));
        }
        JsonNode inputs = report.get("inputs");
        assertEquals("samples/mtu-blackhole", inputs.get("bundle").asText());
        assertEquals(169, inputs.get("packets").asInt());
        assertEquals(List.of("node-a", "node-b", "node-c"), texts(inputs.get("nodes")));
        JsonNode worst = report.get("findings").get(0);
        assertEquals("mtu.blackhole", worst.get("rule").asText());
        assertEquals("error", worst.get("severity").asText());
        int journey = worst.get("journey").asInt();
        JsonNode hops = null;
        for (JsonNode j : report.get("journeys")) {
            if (j.get("id").asInt() == journey) {
                hops = j.get("hops");
            }
        }
        assertTrue(hops != null && hops.size() >= 2, "journey " + journey + " of the finding is not in journeys");
    }

    @Test
    void failOnErrorExitsOneOnAnErrorAndZeroWithout() {
        ProcessRun blackHole = hoptrace("analyze", "--fail-on", "error", "samples/mtu-blackhole");
        assertEquals(ExitCode.FINDINGS, blackHole.code(), blackHole.toString());
        assertTrue(blackHole.out().startsWith("ERROR  mtu.blackhole"), blackHole.toString());
        ProcessRun baseline = hoptrace("analyze", "--fail-on", "error", "samples/baseline");
        assertEquals(ExitCode.OK, baseline.code(), baseline.toString());
        assertFalse(baseline.out().contains("ERROR  "), baseline.out());
    }

    @Test
    void decodeMatchesWhatTcpdumpPrintsForVxlan() throws IOException {
        Path pcap = SharedData.file("pcap/tcpdump/vxlan.pcap");
        String relative = root.relativize(pcap).toString();
        ProcessRun r = hoptrace("decode", relative);
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("", r.err(), "one file: no 'reading from file' line (decode --help)");
        List<String> ours = r.lines();
        List<String[]> tcpdump = vxlanPackets(SharedData.file("pcap/tcpdump/vxlan.out"));
        assertEquals(10, tcpdump.size());
        assertEquals(tcpdump.size(), ours.size(), r.out());
        for (int i = 0; i < ours.size(); i++) {
            String[] t = tcpdump.get(i);
            String line = ours.get(i);
            // "    1  20:21:44.837063 IP <outer>: VXLAN vni 100 | ... <what tcpdump says of the inner packet>"
            assertTrue(line.startsWith(String.format("%5d  %s IP %s: VXLAN vni %s | ", i + 1, t[0], t[1], t[2])),
                    line + "\n  tcpdump: " + String.join(" / ", t));
            assertTrue(line.endsWith(t[3]), line + "\n  tcpdump: " + t[3]);
        }
        assertEquals("    1  20:21:44.837063 IP 192.168.203.1.45149 > 192.168.202.1.4789: VXLAN vni 100 | "
                + "192.168.203.3 > 192.168.203.5: ICMP echo request, id 1292, seq 1, length 64", ours.get(0));
    }

    /** From tcpdump -n -e output of VXLAN packets: time, outer addresses, VNI, the inner packet's text. */
    private static List<String[]> vxlanPackets(Path out) throws IOException {
        Pattern outer = Pattern.compile("^ *\\d+  \\S+ (\\S+) .*, length \\d+: (\\S+ > \\S+): VXLAN, flags \\[I\\] "
                + "\\(0x08\\), vni (\\d+)$");
        Pattern inner = Pattern.compile("^[0-9a-f:]+ > [0-9a-f:]+, ethertype \\S+ \\(0x[0-9a-f]+\\), length \\d+: (.+)$");
        List<String> lines = Files.readAllLines(out);
        List<String[]> packets = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            Matcher o = outer.matcher(lines.get(i));
            Matcher n = inner.matcher(lines.get(i + 1));
            assertTrue(o.matches() && n.matches(), lines.get(i) + "\n" + lines.get(i + 1));
            packets.add(new String[] {o.group(1), o.group(2), o.group(3), n.group(1)});
        }
        return packets;
    }

    @Test
    void simulateNamesTheServiceOfAKubeProxyDump() {
        Path dump = SharedData.file("kube-proxy/iptables_TestTracePacket_rules.txt");
        ProcessRun r = hoptrace("simulate", "--iptables", root.relativize(dump).toString(),
                "--from", "10.0.0.2:40000", "--to", "172.30.0.41:80");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        // the dump: -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" ... -d 172.30.0.41 --dport 80
        assertTrue(r.out().contains("100.0%  DNAT to 10.180.0.1:80 (KUBE-SEP-SXIVWICOYRO3J4NJ)"), r.out());
        assertTrue(r.out().contains("KUBE-SVC-XPGD46QRK7WJZT7O (ns1/svc1:p80; "), r.out());
        assertTrue(r.out().contains("(endpoint 10.180.0.1:80 of ns1/svc1:p80; "), r.out());
    }

    @Test
    void everyCommandHasHelp() {
        ProcessRun top = hoptrace("--help");
        assertEquals(ExitCode.OK, top.code(), top.toString());
        assertEquals("", top.err());
        List<String> commands = new ArrayList<>();
        boolean inCommands = false;
        for (String line : top.lines()) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.isEmpty()) {
                break;
            } else if (inCommands && line.matches("  \\S+ .*")) {
                commands.add(line.trim().split("\\s+")[0]);
            }
        }
        assertTrue(commands.containsAll(List.of("analyze", "decode", "simulate", "snapshot", "capture", "gui")),
                commands.toString());
        for (String command : commands) {
            ProcessRun r = command.equals("help") ? hoptrace("help", "decode") : hoptrace(command, "--help");
            assertEquals(ExitCode.OK, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            String usage = "Usage: hoptrace " + (command.equals("help") ? "decode" : command) + " ";
            assertTrue(r.out().startsWith(usage) || r.out().contains("\n" + usage), r.toString());
        }
    }

    @Test
    void aMissingFileIsOneLineNamingItAndExitTwo() {
        Path missing = tmp.resolve("nope.pcap");
        for (List<String> args : List.of(List.of("decode", missing.toString()),
                List.of("analyze", missing.toString()),
                List.of("simulate", "--iptables", missing.toString(), "--from", "10.0.0.2", "--to", "172.30.0.41:80"))) {
            ProcessRun r = hoptrace(args.toArray(String[]::new));
            assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
            assertEquals("", r.out(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            assertTrue(r.err().startsWith("hoptrace") && r.err().contains(missing.toString()), r.toString());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.toString());
        }
    }

    @Test
    void aTruncatedCaptureExitsTwoAndSaysWhereItStopped() throws IOException {
        byte[] whole = Files.readAllBytes(SharedData.file("pcap/tcpdump/vxlan.pcap"));
        // 24-byte file header, then records of 16 + 148, 16 + 92, 16 + 92, 16 + 148 bytes: cut inside the fourth
        int fourth = 24 + (16 + 148) + (16 + 92) + (16 + 92);
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, fourth + 16 + 50));
        ProcessRun r = hoptrace("decode", cut.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertEquals(3, r.lines().size(), r.toString());
        assertTrue(r.lines().get(2).startsWith("    3  20:21:44.882536 IP 192.168.203.1.52102 > "), r.toString());
        assertTrue(Pattern.matches("hoptrace: " + Pattern.quote(cut.toString()) + ": .+ at byte offset " + fourth
                + " \\(after packet 3\\)\n", r.err()), r.toString());
    }

    @Test
    void guiScreenshotUnderXvfbIsTheWholeWindow() throws IOException {
        Assumptions.assumeTrue(onPath("xvfb-run"), "xvfb-run is not installed (./setup installs xvfb)");
        Path png = tmp.resolve("shot.png");
        Map<String, String> guiEnv = new HashMap<>(env);
        guiEnv.put("XDG_CONFIG_HOME", tmp.resolve("config").toString()); // the recent-files list, not the user's
        guiEnv.remove("DISPLAY");
        ProcessRun r = ProcessRun.of(root, guiEnv, List.of("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24",
                root.resolve("hoptrace").toString(), "gui", "--screenshot", png.toString(), "samples/mtu-blackhole"));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.err().contains("hoptrace: wrote " + png + " (1600x1000)"), r.toString());
        assertTrue(Files.size(png) > 50_000, "a window with the packet list and the journey: " + Files.size(png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "not a PNG: " + png);
        assertEquals(1600, image.getWidth());
        assertEquals(1000, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 100, "a blank or nearly blank window: " + colours.size() + " colours");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
