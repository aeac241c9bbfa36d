package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
