package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HoptraceCommandTest {
    @Test
    void helpListsDecodeAndExitCodes() {
        CliRun r = CliRun.of("--help");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().startsWith("Usage: hoptrace "), r.out());
        assertTrue(r.out().matches("(?s).*\\bdecode +Prints the packets of capture files.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\bcapture +Captures packets to pcapng files.*"), r.out());
        assertTrue(r.out().contains("2  bad usage or bad input"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void decodeHasItsOwnHelp() {
        CliRun r = CliRun.of("decode", "--help");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().startsWith("Prints the packets of capture files"), r.out());
        assertTrue(r.out().contains("Usage: hoptrace decode "), r.out());
        for (String option : new String[] {"-c=N", "--format=text|json", "--vxlan-port=PORT|none", "--bgp-port",
                "--nanos", "-t ", "--debug"}) {
            assertTrue(r.out().contains(option), option + " missing from\n" + r.out());
        }
    }

    @Test
    void helpSubcommandShowsTheSameHelp() {
        assertEquals(CliRun.of("decode", "--help").out(), CliRun.of("help", "decode").out());
    }

    @Test
    void versionNamesHoptraceAndJava() {
        CliRun r = CliRun.of("--version");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().startsWith("hoptrace "), r.out());
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.of();
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Usage: hoptrace"), r.err());
    }

    @Test
    void aBadNumberSaysSoInAUsersWords() {
        CliRun word = CliRun.of("decode", "-c", "abc", "x.pcap");
        assertEquals(ExitCode.BAD_INPUT, word.code());
        assertTrue(word.err().startsWith("hoptrace: Invalid value for option '-c': 'abc' is not a whole number\n"),
                word.err());
        CliRun huge = CliRun.of("capture", "-c", "99999999999999999999", "-w", "x.pcapng");
        assertEquals(ExitCode.BAD_INPUT, huge.code());
        assertTrue(huge.err().contains("'99999999999999999999' is too large"), huge.err());
        CliRun samples = CliRun.of("snapshot", "--samples", "3x");
        assertTrue(samples.err().contains("'3x' is not a whole number"), samples.err());
    }

    @Test
    void aWrongFormatIsWordedAlikeInEveryCommand() {
        String vxlan = io.hoptrace.decoders.SharedData.file("pcap/tcpdump/vxlan.pcap").toString();
        CliRun decode = CliRun.of("decode", "--format", "xml", vxlan);
        assertEquals(ExitCode.BAD_INPUT, decode.code());
        assertTrue(decode.err().startsWith("hoptrace: --format takes text or json, not 'xml'\n"), decode.err());
        assertEquals("", decode.out());
        CliRun simulate = CliRun.of("simulate", "--format", "xml", "--from", "10.0.0.1", "--to", "10.0.0.2:80");
        assertTrue(simulate.err().contains("--format takes text or json, not 'xml'"), simulate.err());
        CliRun analyze = CliRun.of("analyze", "--format", "xml", vxlan);
        assertTrue(analyze.err().contains("--format takes text, json or html, not 'xml'"), analyze.err());
        assertEquals("", CliRun.of("decode", "--format", "JSON", "-c", "1", vxlan).err(), "any case, as before");
    }

    @Test
    void aThresholdWithoutEqualsSaysOptionOnce() {
        CliRun r = CliRun.of("analyze", "--threshold", "mtu.x");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertFalse(r.err().contains("option option"), r.err());
        assertTrue(r.err().contains("'--threshold'"), r.err());
    }

    @Test
    void everyCommandsHelpListsTheExitStatusUpTo3() {
        for (String command : List.of("decode", "simulate", "capture", "snapshot", "analyze")) {
            CliRun r = CliRun.of(command, "--help");
            assertEquals(ExitCode.OK, r.code());
            String help = r.out();
            assertTrue(help.contains("\nExit status:\n"), command + ": " + help);
            assertTrue(help.lines().anyMatch(l -> l.matches("  3 +\\S.*")), command + ": " + help);
            String tail = help.substring(help.indexOf("\nExit status:\n") + 14);
            // a line that picocli wrapped at the margin starts at column 0; every line here is indented
            assertTrue(tail.lines().allMatch(l -> l.isEmpty() || l.startsWith("  ")), command + ": " + tail);
        }
        String capture = CliRun.of("capture", "--help").out();
        String names = capture.substring(capture.indexOf("File names"), capture.indexOf("Exit status:"));
        assertTrue(names.lines().skip(1).allMatch(l -> l.isEmpty() || l.startsWith("  ")), names);
    }

    @Test
    void decodeTakesTcpdumpsReadOptionAndNumericFlags() {
        String file = io.hoptrace.decoders.SharedData.file("pcap/tcpdump/vxlan.pcap").toString();
        CliRun plain = CliRun.of("decode", "-c", "3", file);
        CliRun tcpdumpStyle = CliRun.of("decode", "-nn", "-c", "3", "-r", file);
        assertEquals(ExitCode.OK, tcpdumpStyle.code(), tcpdumpStyle.toString());
        assertEquals(3, plain.lines().size());
        assertEquals(plain.out(), tcpdumpStyle.out());
        assertEquals(plain.out(), CliRun.of("decode", "-n", "-r", file, "-c", "3").out());
        CliRun none = CliRun.of("decode", "-n");
        assertEquals(ExitCode.BAD_INPUT, none.code());
        assertTrue(none.err().startsWith("hoptrace: Missing required parameter: 'FILE'"), none.err());
    }

    @Test
    void unknownOptionIsOneLineAndAPointerToHelp() {
        CliRun r = CliRun.of("decode", "--bogus", "x.pcap");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertEquals("hoptrace: Unknown option: '--bogus'\nTry 'hoptrace decode --help' for more information.\n",
                r.err());
    }

    @Test
    void unknownCommandSuggestsTheNearOne() {
        CliRun r = CliRun.of("decod", "x.pcap");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertTrue(r.err().contains("Unmatched arguments"), r.err());
        assertTrue(r.err().contains("decode"), r.err());
    }
}
