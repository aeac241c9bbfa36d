package io.hoptrace.cli;

import io.hoptrace.capture.snapshot.TestArchives;
import io.hoptrace.decoders.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad and unusual inputs: a clear message, the analysis of what is there, nothing thrown. */
class AnalyzeInputsTest {
    @Test
    void emptyFile(@TempDir Path tmp) throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.pcap"));
        AnalyzeRun r = AnalyzeRun.of(empty.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("empty.pcap: empty file"), r.err());
        assertEquals("", r.out(), "nothing was read: a report of 0 packets would read as all clear");
    }

    @Test
    void onlyUnreadableInputsGiveNoReportInAnyFormat(@TempDir Path tmp) throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "this is not a capture\n");
        for (String format : List.of("text", "json", "html")) {
            AnalyzeRun r = AnalyzeRun.of(text.toString(), "--format", format);
            assertEquals(2, r.exit(), format);
            assertTrue(r.err().contains("notes.txt: not a pcap or pcapng capture"), r.err());
            assertEquals("", r.out(), format);
        }
    }

    @Test
    void aMissingStateDirectoryStopsBeforeTheAnalysis() {
        AnalyzeRun r = AnalyzeRun.of("--state", "no-such-state", SharedData.file("pcap/tcpdump/vxlan.pcap").toString());
        assertEquals(2, r.exit());
        assertEquals("hoptrace analyze: --state no-such-state: No such file or directory", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void anOutputInAMissingFolderIsRefusedBeforeTheAnalysis(@TempDir Path tmp) {
        Path report = tmp.resolve("no-such-dir").resolve("report.html");
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("baseline"), "--format", "html", "-o", report.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hoptrace analyze: -o " + report + ": No such file or directory"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void standardInputIsNotMistakenForAMissingFile() {
        AnalyzeRun r = AnalyzeRun.of("-");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hoptrace analyze: -: analyze reads files, not standard input"), r.err());
        assertFalse(r.err().contains("no such file"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anOutputThatIsADirectoryIsRefused(@TempDir Path tmp) {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("baseline"), "-o", tmp.toString());
        assertEquals(2, r.exit());
        assertEquals("hoptrace analyze: -o " + tmp + ": Is a directory", r.err().strip());
    }

    @Test
    void aReportThatCannotBeWrittenFailsWithExit3() {
        // /dev/full takes the open and fails every write with ENOSPC, as a full disk does
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full));
        for (String format : List.of("text", "json", "html")) {
            AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("mtu-blackhole"), "--format", format, "-o", full.toString());
            assertEquals(3, r.exit(), format + ": " + r.err());
            assertTrue(r.err().contains("cannot write the report: /dev/full: No space left on device"), r.err());
        }
        assertTrue(Files.exists(full), "a device is never deleted");
    }

    @Test
    void journeysTakesFindingsOrAll() {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("baseline"), "--journeys", "some");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--journeys takes findings or all, not 'some'"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void textFile(@TempDir Path tmp) throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.pcap"), "this is not a capture\n");
        AnalyzeRun r = AnalyzeRun.of(text.toString(), SharedData.file("pcap/tcpdump/afs.pcap").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a pcap or pcapng capture"), r.err());
        assertTrue(r.out().contains("mtu.fragmented"), "the good file is still analysed: " + r.out());
    }

    @Test
    void truncatedCaptureIsAnalysedUpToTheCut(@TempDir Path tmp) throws IOException {
        byte[] full = Files.readAllBytes(AnalyzeRun.samples().resolve("mtu-blackhole/nodes/node-a/any.pcap"));
        Path cut = Files.write(tmp.resolve("cut.pcap"), java.util.Arrays.copyOf(full, full.length * 2 / 3));
        AnalyzeRun r = AnalyzeRun.of(cut.toString(), "--format", "json");
        assertEquals(2, r.exit(), "a capture cut short is bad input, though the report is written: " + r.err());
        assertTrue(r.err().contains("cut.pcap"), r.err());
        assertTrue(r.out().contains("the packets before it are analysed"), r.out());
        assertTrue(r.out().contains("mtu.frag-needed"), "packets before the cut still give findings");
    }

    @Test
    void aDirectoryOfBundlesNamesThem() {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.samples().toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("holds several bundles") && r.err().contains("mtu-blackhole"), r.err());
    }

    @Test
    void missingPath() {
        AnalyzeRun r = AnalyzeRun.of("/nonexistent/bundle");
        assertEquals(2, r.exit());
        assertEquals("hoptrace analyze: /nonexistent/bundle: no such file or directory\n", r.err());
        assertEquals("", r.out(), "no empty report when nothing could be read");
    }

    @Test
    void aMissingPathBesideAGoodOneIsReportedAndTheRestAnalysed() {
        AnalyzeRun r = AnalyzeRun.of("/nonexistent/bundle", AnalyzeRun.sample("mtu-blackhole"));
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hoptrace analyze: /nonexistent/bundle: no such file or directory\n"), r.err());
        assertTrue(r.out().startsWith("ERROR  mtu.blackhole"), r.out());
    }

    @Test
    void bundleWithMissingStateListsWhatIsMissing(@TempDir Path tmp) throws IOException {
        Path bundle = copy(AnalyzeRun.samples().resolve("mtu-blackhole"), tmp.resolve("b"));
        Files.delete(bundle.resolve("nodes/node-a/ip-link.json"));
        Files.delete(bundle.resolve("nodes/node-b/conntrack.txt"));
        Files.delete(bundle.resolve("k8s.json"));
        AnalyzeRun r = AnalyzeRun.of(bundle.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"nodes/node-a/ip-link.json\""), r.out());
        assertTrue(r.out().contains("\"nodes/node-b/conntrack.txt\""));
        assertTrue(r.out().contains("\"k8s.json\""));
        assertTrue(r.out().contains("mtu.blackhole"), "found without names");
        AnalyzeRun text = AnalyzeRun.of(bundle.toString());
        assertTrue(text.out().contains("missing: "), text.out());
    }

    @Test
    void unreadableStateFileIsAProblemNotAFailure(@TempDir Path tmp) throws IOException {
        Path bundle = copy(AnalyzeRun.samples().resolve("baseline"), tmp.resolve("b"));
        Files.writeString(bundle.resolve("nodes/node-a/ip-link.json"), "{not json");
        Files.writeString(bundle.resolve("k8s.json"), "[[[");
        AnalyzeRun r = AnalyzeRun.of(bundle.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("k8s.json"), r.err());
    }

    @Test
    void capturesWithStateDirectory() {
        Path bundle = AnalyzeRun.samples().resolve("hairpin");
        AnalyzeRun r = AnalyzeRun.of(bundle.resolve("nodes/node-a/any.pcap").toString(), "--state",
                bundle.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("hairpin mode is off on vethae9808b7"), r.out());
    }

    @Test
    void tarGzAndZipBundles(@TempDir Path tmp) throws IOException {
        Path src = AnalyzeRun.samples().resolve("double-hop");
        Path tgz = TestArchives.tarGz(tmp.resolve("double-hop.tar.gz"), TestArchives.entries(src, "double-hop/"));
        AnalyzeRun r = AnalyzeRun.of(tgz.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("nat.double-hop"), r.out());
        Path zip = TestArchives.zip(tmp.resolve("double-hop.zip"), TestArchives.entries(src, ""));
        AnalyzeRun rz = AnalyzeRun.of(zip.toString());
        assertTrue(rz.out().contains("nat.double-hop"), rz.out());
    }

    @Test
    void anArchiveEntryOutsideTheBundleIsRefusedByName(@TempDir Path tmp) throws IOException {
        Path zip = TestArchives.zip(tmp.resolve("evil.zip"), java.util.Map.of("../escaped.txt", new byte[] {1}));
        AnalyzeRun r = AnalyzeRun.of(zip.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains(zip + ": entry ../escaped.txt would be written outside the bundle directory"),
                r.err());
    }

    @Test
    void noInputAnalysesTheSampleBundle() {
        AnalyzeRun r = AnalyzeRun.of();
        assertEquals(0, r.exit(), r.err());
        if (r.err().contains("no samples/ directory")) {
            return;
        }
        assertTrue(r.err().contains("mtu-blackhole"), r.err());
        assertTrue(r.out().contains("mtu.blackhole"));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        for (Path f : files(from)) {
            Path t = to.resolve(from.relativize(f).toString());
            Files.createDirectories(t.getParent());
            Files.copy(f, t);
        }
        return to;
    }
}
