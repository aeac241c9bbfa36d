package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What decode does with files it cannot read to the end: one line each on stderr, exit 2, the rest still read. */
class DecodeErrorsTest {
    private static final Path VXLAN = SharedData.file("pcap/tcpdump/vxlan.pcap");

    @TempDir
    Path tmp;

    @Test
    void missingFile() {
        Path missing = tmp.resolve("nope.pcap");
        CliRun r = CliRun.of("decode", missing.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertEquals("hoptrace: " + missing + ": No such file or directory\n", r.err());
    }

    @Test
    void directory() {
        CliRun r = CliRun.of("decode", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("hoptrace: " + tmp + ": Is a directory\n", r.err());
    }

    @Test
    void textFileIsNotACapture() throws IOException {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "these are not packets\n".repeat(10));
        CliRun r = CliRun.of("decode", text.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertOneMessage(r, text);
    }

    @Test
    void emptyFileIsNotACapture() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.pcap"));
        CliRun r = CliRun.of("decode", empty.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertOneMessage(r, empty);
    }

    @Test
    void truncatedCapturePrintsTheCompletePacketsThenWhereItStopped() throws IOException {
        byte[] whole = Files.readAllBytes(VXLAN);
        // vxlan.pcap: 24-byte header, then records of 16 + 148, 16 + 92, 16 + 92, 16 + 148, ...
        int fourthRecord = 24 + (16 + 148) + (16 + 92) + (16 + 92);
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, fourthRecord + 16 + 50));
        CliRun r = CliRun.of("decode", cut.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        List<String> lines = r.lines();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(2).startsWith("    3  20:21:44.882536 "), lines.get(2));
        assertTrue(Pattern.matches("hoptrace: " + Pattern.quote(cut.toString())
                + ": [^\\n]+ at byte offset \\d+ \\(after packet 3\\)\\n", r.err()), r.err());
    }

    @Test
    void aCaptureCutInsideItsFirstPacketSaysSoWithoutAPacketZero() throws IOException {
        Path cut = tmp.resolve("cut1.pcap");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(VXLAN), 100));
        CliRun r = CliRun.of("decode", cut.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().endsWith(" at byte offset 24 (before the first packet)\n"), r.err());
        assertFalse(r.err().contains("packet 0"), r.err());
    }

    @Test
    void aBadFileDoesNotStopTheOthers() throws IOException {
        Path missing = tmp.resolve("missing.pcap");
        CliRun r = CliRun.of("decode", missing.toString(), VXLAN.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(10, r.lines().size(), r.out());
        assertEquals("hoptrace: " + missing + ": No such file or directory\n"
                + "reading from file " + VXLAN + ", link-type EN10MB, snapshot length 1500\n", r.err());
    }

    @Test
    void countMustBePositive() {
        CliRun r = CliRun.of("decode", "-c", "0", VXLAN.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("hoptrace: -c must be at least 1"), r.err());
    }

    @Test
    void badPortIsAUsageError() {
        CliRun r = CliRun.of("decode", "--vxlan-port", "70000", VXLAN.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("hoptrace: Invalid value for option '--vxlan-port': '70000' is not a port"),
                r.err());
    }

    @Test
    void noneCannotBeMixedWithPorts() {
        CliRun r = CliRun.of("decode", "--bgp-port", "179,none", VXLAN.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("hoptrace: --bgp-port none cannot be combined with port numbers"), r.err());
    }

    @Test
    void sixTsAreTooMany() {
        CliRun r = CliRun.of("decode", "-tttttt", VXLAN.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("hoptrace: -t can be given at most 5 times"), r.err());
    }

    private static void assertOneMessage(CliRun r, Path file) {
        String prefix = "hoptrace: " + file + ": ";
        assertTrue(r.err().startsWith(prefix) && r.err().length() > prefix.length() + 1, r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
