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
        assertTrue(r.out().contains("2  bad usage or bad input"), r.out());
        assertEquals("", r.err());
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
}
