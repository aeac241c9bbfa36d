package io.hoptrace.decoders.state;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.hoptrace.decoders.state.StateFiles.problemLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConntrackStatsParserTest {
    // conntrack 1.4.7 as it prints here: a tab after cpu=N, a space at the end
    private static final String CPU0 = "cpu=0   \tfound=0 invalid=%d insert=0 insert_failed=%d drop=%d early_drop=%d"
            + " error=0 search_restart=0 clash_resolve=%d chaintoolong=0 \n";
    private static final String CPU1 = CPU0.replace("cpu=0", "cpu=1");

    private static String sample(String time, long invalid, long insertFailed, long drop, long earlyDrop, long clash) {
        return time + "\n" + String.format(CPU0, invalid, insertFailed, drop, earlyDrop, clash)
                + String.format(CPU1, invalid, 0L, 0L, 0L, 0L);
    }

    @Test
    void samplesWithTimeLinesAndTheirDeltas() {
        ConntrackStats s = ConntrackStatsParser.parse(
                sample("# time: 2026-11-21T15:04:05Z", 10, 0, 0, 0, 1)
                        + sample("# time: 2026-11-21T15:04:15Z", 12, 3, 0, 0, 1)
                        + sample("# time: 2026-11-21T15:04:25Z", 12, 3, 5, 2, 4));
        assertEquals(List.of(), s.problems());
        assertEquals(3, s.samples().size());
        assertEquals(Instant.parse("2026-11-21T15:04:05Z"), s.samples().get(0).time());
        assertEquals(List.of(1, 4, 7), s.samples().stream().map(ConntrackStatsSample::line).toList());
        List<ConntrackStatsDelta> d = s.deltas();
        assertEquals(2, d.size());
        assertEquals(Duration.ofSeconds(10), d.get(0).elapsed());
        assertEquals(4, d.get(0).change(ConntrackCpuStats.INVALID)); // 2 per CPU
        assertEquals(List.of(ConntrackCpuStats.INSERT_FAILED), d.get(0).growing());
        assertEquals(0.3, d.get(0).perSecond(ConntrackCpuStats.INSERT_FAILED), 1e-9);
        assertEquals(List.of(ConntrackCpuStats.DROP, ConntrackCpuStats.EARLY_DROP), d.get(1).growing());
        assertEquals(3, d.get(1).change(ConntrackCpuStats.CLASH_RESOLVE));
        assertEquals(List.of(), d.get(1).wentBack());
    }

    @Test
    void countersThatGoBackAreNamed() {
        ConntrackStats s = ConntrackStatsParser.parse(sample("# time: 1763737445", 50, 9, 0, 0, 0)
                + sample("# time: 1763737505.5", 2, 0, 0, 0, 0));
        ConntrackStatsDelta d = s.deltas().get(0);
        assertEquals(Duration.ofMillis(60_500), d.elapsed());
        assertEquals(List.of(ConntrackCpuStats.INVALID, ConntrackCpuStats.INSERT_FAILED), d.wentBack());
        assertEquals(List.of(), d.growing());
    }

    @Test
    void bareDateLinesAreTimeLines() {
        ConntrackStats s = ConntrackStatsParser.parse(sample("2026-11-21T16:04:05+01:00", 1, 0, 0, 0, 0)
                + sample("2026-11-21T15:04:06,250000000+00:00", 1, 0, 0, 0, 0)
                + sample("1763737445", 1, 0, 0, 0, 0));
        assertEquals(List.of(), s.problems());
        assertEquals(List.of(Instant.parse("2026-11-21T15:04:05Z"), Instant.parse("2026-11-21T15:04:06.25Z"),
                Instant.ofEpochSecond(1763737445L)), s.samples().stream().map(ConntrackStatsSample::time).toList());
    }

    @Test
    void labTimeLinesWithALabel() {
        // what lab/lib/bundle.sh writes: printf '# %s %s\n' "$(now_iso)" "$label"; conntrack -S
        ConntrackStats s = ConntrackStatsParser.parse(sample("# 2026-11-21T16:13:17.890Z start", 1, 0, 0, 0, 0)
                + sample("# 2026-11-21T16:13:20.537Z after the invalid segments", 4, 0, 0, 0, 0)
                + sample("# 2026-11-21T16:13:24.508Z", 4, 0, 0, 0, 0)
                + "# a comment that starts with 2026-11-21 but is no time\n"
                + "# 12 is not a time\n");
        assertEquals(List.of(), s.problems());
        assertEquals(List.of(Instant.parse("2026-11-21T16:13:17.890Z"), Instant.parse("2026-11-21T16:13:20.537Z"),
                Instant.parse("2026-11-21T16:13:24.508Z")), s.samples().stream().map(ConntrackStatsSample::time)
                .toList());
        assertEquals("start", s.samples().get(0).label());
        assertEquals("after the invalid segments", s.samples().get(1).label());
        assertNull(s.samples().get(2).label());
        assertEquals(Duration.ofMillis(2647), s.deltas().get(0).elapsed());
        assertEquals(6, s.deltas().get(0).change(ConntrackCpuStats.INVALID));
    }

    @Test
    void aRepeatedCpuStartsASampleWithoutTime() {
        ConntrackStats s = ConntrackStatsParser.parse(sample("", 1, 0, 0, 0, 0) + sample("", 3, 0, 0, 0, 0));
        assertEquals(2, s.samples().size());
        assertNull(s.samples().get(1).time());
        assertEquals(4, s.deltas().get(0).change(ConntrackCpuStats.INVALID));
        assertNull(s.deltas().get(0).elapsed());
        assertTrue(Double.isNaN(s.deltas().get(0).perSecond(ConntrackCpuStats.INVALID)));
    }

    @Test
    void procSamplesWithTheClashresHeaderOfNewerKernels() {
        // the header and rows this machine's kernel (6.x) prints, with counters made non-zero
        String header = "entries  clashres found new invalid ignore delete chainlength insert insert_failed drop"
                + " early_drop icmp_error  expect_new expect_create expect_delete search_restart\n";
        String row = "00000010  00000002 00000000 00000000 00000005 00000000 00000000 00000001 00000000 %08x"
                + " 00000000 00000000 00000003  00000000 00000000 00000000 00000000\n";
        ConntrackStats s = ConntrackStatsParser.parse("# time: 2026-11-21T15:00:00Z\n" + header
                + String.format(row, 1) + String.format(row, 0)
                + "# time: 2026-11-21T15:01:00Z\n" + header + String.format(row, 4) + String.format(row, 0));
        assertEquals(List.of(), s.problems());
        ConntrackStatsSample first = s.samples().get(0);
        assertEquals(16, first.total(ConntrackCpuStats.ENTRIES));
        assertEquals(4, first.total(ConntrackCpuStats.CLASH_RESOLVE));
        assertEquals(2, first.total(ConntrackCpuStats.CHAIN_TOO_LONG));
        assertEquals(6, first.total(ConntrackCpuStats.ERROR));
        assertEquals(1, first.cpus().get(1).cpu());
        assertEquals(List.of(ConntrackCpuStats.INSERT_FAILED), s.deltas().get(0).growing());
        assertEquals(3, s.deltas().get(0).change(ConntrackCpuStats.INSERT_FAILED));
    }

    @Test
    void unreadableLinesAreReported() {
        ConntrackStats s = ConntrackStatsParser.parse(""
                + "# time: yesterday\n"                                       // 1 bad time
                + "# a comment\n"                                             // 2 fine
                + "cpu=0 found=x invalid=0\n"                                 // 3 not a number
                + "cpu=0 found=1 found=2\n"                                   // 4 twice
                + "00000001 00000002\n"                                       // 5 hex row without header
                + "# time: 2026-11-21T15:00:00Z\n"                            // 6 time without counters
                + "# time: 2026-11-21T15:00:10Z\n"                            // 7
                + "entries searched found\n"                                  // 8
                + "00000001 00000002\n"                                       // 9 short row
                + "00000001 00000002 0000000g\n"                              // 10 not hex
                + "00000001 00000002 00000003\n");                            // 11 good
        assertEquals(List.of(1, 3, 4, 5, 6, 9, 10), problemLines(s.problems()));
        assertEquals(1, s.samples().size());
        assertEquals(Instant.parse("2026-11-21T15:00:10Z"), s.samples().get(0).time());
        assertEquals(3, s.samples().get(0).total("found"));
    }
}
