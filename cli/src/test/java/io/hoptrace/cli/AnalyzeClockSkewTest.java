package io.hoptrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoptrace.decoders.PcapTimes;
import io.hoptrace.decoders.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node clocks that disagree: a lab bundle with one node's capture rewritten as if its clock ran ahead (every record
 * header's time shifted) analyses to the same journeys, hops and findings as the original, and the offset is
 * reported.
 */
class AnalyzeClockSkewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void sevenSecondsAheadIsEstimatedCorrectedAndChangesNothingElse() throws Exception {
        JsonNode original = analyze(Path.of(AnalyzeRun.sample("double-hop")));
        Path shifted = copy("double-hop");
        PcapTimes.shift(shifted.resolve("nodes/node-b/any.pcap"), 7_300_000_000L);
        JsonNode skewed = analyze(shifted);

        JsonNode b = offset(skewed, "node-b");
        assertTrue(b.get("applied").asBoolean(), b.toString());
        assertEquals(7_300_000, b.get("offset_us").asLong(), 1000, b.toString());
        assertTrue(b.get("pairs").asInt() >= 10, b.toString());
        assertTrue(b.get("note").asText().startsWith("node-b's clock is 7.3"), b.toString());
        assertEquals(journeys(original), journeys(skewed));
        assertEquals(findings(original), findings(skewed));
        assertNoNegativeDelay(skewed);

        JsonNode uncorrected = analyze(shifted, "--no-clock-correction");
        assertFalse(offset(uncorrected, "node-b").get("applied").asBoolean());
        assertTrue(offset(uncorrected, "node-b").get("note").asText().contains("--no-clock-correction"));
        assertTrue(journeys(uncorrected).size() > journeys(original).size(),
                "without correction the cross-node journeys split");
    }

    @Test
    void textOutputSaysWhichClockIsAheadAndThatTimesWereCorrected() throws Exception {
        Path shifted = copy("baseline");
        PcapTimes.shift(shifted.resolve("nodes/node-b/any.pcap"), 7_300_000_000L);
        AnalyzeRun r = AnalyzeRun.of(shifted.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("clock: node-b's clock is 7\\.3\\d* s ahead of node-a "
                + "\\(from \\d+ packets seen on both\\); times corrected")), r.out());
    }

    @Test
    void skewWithinTheWindowIsCorrectedToo() throws Exception {
        JsonNode original = analyze(Path.of(AnalyzeRun.sample("baseline")));
        Path shifted = copy("baseline");
        PcapTimes.shift(shifted.resolve("nodes/node-b/any.pcap"), 400_000_000L);
        JsonNode skewed = analyze(shifted);
        JsonNode b = offset(skewed, "node-b");
        assertTrue(b.get("applied").asBoolean(), b.toString());
        assertEquals(400_000, b.get("offset_us").asLong(), 1000, b.toString());
        assertEquals(journeys(original), journeys(skewed));
        assertNoNegativeDelay(skewed);

        JsonNode uncorrected = analyze(shifted, "--no-clock-correction");
        assertNotEquals(journeys(original), journeys(uncorrected),
                "uncorrected, a reply from node-b is seen on node-a 0.4 s before it left node-b: its hops are out of "
                + "order");
    }

    @Test
    void aNegativeDelayIsShownAndExplainedNotClamped() throws Exception {
        Path bundle = copy("fragmentation");
        Path pcap = bundle.resolve("nodes/node-a/any.pcap");
        // packet 2 (the ping on cni0) stamped 50 us before packet 1 (the same ping on the pod's veth)
        setTime(pcap, 2, time(pcap, 1) - 50);
        JsonNode r = analyze(bundle);
        JsonNode hop = null;
        for (JsonNode j : r.get("journeys")) {
            for (JsonNode h : j.get("hops")) {
                if (h.get("delay_us").asLong() < 0) {
                    hop = h;
                }
            }
        }
        assertTrue(hop != null, "a hop with a negative delay");
        assertEquals(-50, hop.get("delay_us").asLong());
        assertEquals("seen before the previous hop on node-a: that capture's timestamps are out of order",
                hop.get("delay_note").asText());
        AnalyzeRun text = AnalyzeRun.of(bundle.toString(), "--rules", "mtu.mismatch");
        assertTrue(text.out().contains("-50us  10.244.0.11 > 10.244.1.10  (seen before the previous hop on node-a"),
                text.out());
    }

    @Test
    void theLabsOneClockIsLeftAsItIs() throws Exception {
        JsonNode r = analyze(Path.of(AnalyzeRun.sample("baseline")));
        JsonNode offsets = r.get("inputs").get("clock_offsets");
        assertEquals(2, offsets.size(), offsets.toString());
        for (JsonNode o : offsets) {
            assertFalse(o.get("applied").asBoolean(), o.toString());
            assertTrue(Math.abs(o.get("offset_us").asLong()) < 100, o.toString());
        }
    }

    @Test
    void aNodeWithNoPacketInCommonIsReportedAndAnalysedAsBefore() throws Exception {
        Path bundle = copy("baseline");
        Path other = bundle.resolve("nodes/node-x");
        Files.createDirectories(other);
        Files.copy(SharedData.file("pcap/tcpdump/vxlan.pcap"), other.resolve("any.pcap"));
        JsonNode r = analyze(bundle);
        JsonNode x = offset(r, "node-x");
        assertTrue(x.get("offset_us").isNull(), x.toString());
        assertFalse(x.get("applied").asBoolean());
        assertTrue(x.get("note").asText().contains("could not be estimated"), x.toString());
        JsonNode plain = analyze(bundle, "--no-clock-correction");
        assertEquals(journeys(plain), journeys(r));
        assertEquals(findings(plain), findings(r));
    }

    private static JsonNode analyze(Path bundle, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(bundle.toString(), "--format", "json", "--journeys", "all"));
        args.addAll(List.of(more));
        AnalyzeRun r = AnalyzeRun.of(args.toArray(String[]::new));
        assertTrue(r.exit() <= 1, r.err());
        return JSON.readTree(r.out());
    }

    private static JsonNode offset(JsonNode report, String node) {
        for (JsonNode o : report.get("inputs").get("clock_offsets")) {
            if (o.get("node").asText().equals(node)) {
                return o;
            }
        }
        throw new AssertionError("no clock offset for " + node + ": " + report.get("inputs"));
    }

    /** Each journey as its hops: node, interface, direction and the packet (file and number). */
    private static List<String> journeys(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode j : report.get("journeys")) {
            StringBuilder s = new StringBuilder();
            for (JsonNode h : j.get("hops")) {
                s.append(h.get("node").asText()).append('/').append(h.get("interface").asText()).append(' ')
                        .append(h.get("direction").asText()).append(' ').append(h.get("packet").get("file").asText())
                        .append('#').append(h.get("packet").get("number").asText()).append("; ");
            }
            out.add(s.toString());
        }
        out.sort(null);
        return out;
    }

    private static List<String> findings(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : report.get("findings")) {
            out.add(f.get("rule").asText() + " " + f.get("severity").asText() + " " + f.get("summary").asText()
                    + " " + f.get("packets"));
        }
        return out;
    }

    private static void assertNoNegativeDelay(JsonNode report) {
        for (JsonNode j : report.get("journeys")) {
            for (JsonNode h : j.get("hops")) {
                assertTrue(h.get("delay_us").asLong() >= 0, "journey " + j.get("id") + ": " + h);
            }
        }
    }

    private Path copy(String scenario) throws IOException {
        return PcapTimes.copy(Path.of(AnalyzeRun.sample(scenario)), tmp.resolve(scenario));
    }

    private static ByteBuffer microsecondPcap(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, b.getInt(0), "a little-endian microsecond pcap");
        return b;
    }

    /** The offset of record {@code number} (1-based). */
    private static int record(ByteBuffer b, int number) {
        int at = 24;
        for (int i = 1; i < number; i++) {
            at += 16 + b.getInt(at + 8);
        }
        return at;
    }

    /** Record {@code number}'s time in microseconds. */
    private static long time(Path pcap, int number) throws IOException {
        ByteBuffer b = microsecondPcap(pcap);
        int at = record(b, number);
        return (b.getInt(at) & 0xFFFF_FFFFL) * 1_000_000L + b.getInt(at + 4);
    }

    private static void setTime(Path pcap, int number, long micros) throws IOException {
        ByteBuffer b = microsecondPcap(pcap);
        int at = record(b, number);
        b.putInt(at, (int) (micros / 1_000_000L));
        b.putInt(at + 4, (int) (micros % 1_000_000L));
        Files.write(pcap, b.array());
    }
}
