package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoptrace.decoders.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns decode puts in front of each summary, -c, several files, and the JSON frame around layers. */
class DecodeOutputTest {
    private static final Path VXLAN = SharedData.file("pcap/tcpdump/vxlan.pcap");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void numberAndTimeOfDayInUtcLikeTcpdump() {
        CliRun r = CliRun.of("decode", VXLAN.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("", r.err());
        List<String> lines = r.lines();
        assertEquals(10, lines.size());
        // tcpdump -# -nr vxlan.pcap: "    1  20:21:44.837063 IP ..." and "   10  20:21:47.885359 IP ..."
        assertTrue(lines.get(0).startsWith("    1  20:21:44.837063 "), lines.get(0));
        assertTrue(lines.get(9).startsWith("   10  20:21:47.885359 "), lines.get(9));
    }

    @Test
    void timeStyles() {
        assertEquals("    1  ", prefix("-t", 7));
        assertEquals("    1  1368908504.837063 ", prefix("-tt", 25));
        assertEquals("    2   00:00:00.045135 ", secondLinePrefix("-ttt", 24));
        assertEquals("    1  2013-05-18 20:21:44.837063 ", prefix("-tttt", 34));
        assertEquals("    2   00:00:00.045135 ", secondLinePrefix("-ttttt", 24));
        assertEquals("    1  20:21:44.837063000 ", prefix("--nanos", 26));
    }

    @Test
    void countStopsAfterNPackets() {
        CliRun r = CliRun.of("decode", "-c", "3", VXLAN.toString());
        assertEquals(ExitCode.OK, r.code());
        assertEquals(3, r.lines().size(), r.out());
    }

    @Test
    void countIsOverAllFiles() {
        CliRun r = CliRun.of("decode", "-c", "12", VXLAN.toString(), VXLAN.toString(), VXLAN.toString());
        assertEquals(ExitCode.OK, r.code());
        List<String> lines = r.lines();
        assertEquals(12, lines.size());
        assertTrue(lines.get(10).startsWith("    1  "), "numbers restart with each file: " + lines.get(10));
        assertEquals(2, r.err().lines().count(), "the third file is never opened: " + r.err());
    }

    @Test
    void severalFilesAreMarkedOnStderrOnly() {
        CliRun r = CliRun.of("decode", VXLAN.toString(), VXLAN.toString());
        assertEquals(ExitCode.OK, r.code());
        assertEquals(20, r.lines().size());
        assertTrue(r.lines().stream().allMatch(l -> l.matches(" +\\d+  \\d\\d:.*")), r.out());
        String header = "reading from file " + VXLAN + ", link-type EN10MB, snapshot length 1500\n";
        assertEquals(header + header, r.err());
    }

    @Test
    void oneFileHasNoHeader() {
        assertEquals("", CliRun.of("decode", VXLAN.toString()).err());
    }

    @Test
    void jsonIsOneObjectPerPacketWithTheFrameAroundTheLayers() throws Exception {
        CliRun r = CliRun.of("decode", "--format", "json", "-c", "2", VXLAN.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        List<String> lines = r.lines();
        assertEquals(2, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(VXLAN.toString(), first.get("file").asText());
        assertEquals(1, first.get("number").asLong());
        assertEquals("2013-05-18T20:21:44.837063000Z", first.get("time").asText());
        assertEquals(1368908504837063000L, first.get("ts_ns").asLong());
        assertEquals(148, first.get("caplen").asInt());
        assertEquals(148, first.get("len").asInt());
        assertEquals("EN10MB", first.get("link").asText());
        assertFalse(first.has("interface"), "a pcap file names no interface");
        JsonNode layers = first.get("layers");
        assertTrue(layers.isArray() && layers.size() > 0, first.toString());
        JsonNode link = layers.get(0);
        assertEquals(0, link.get("offset").asInt(), "offsets are relative to the frame");
        assertEquals(0, link.get("depth").asInt());
        assertTrue(link.get("fields").isObject());
        assertTrue(first.get("anomalies").isArray());
        assertFalse(first.get("summary").asText().isEmpty());
        assertEquals(2, JSON.readTree(lines.get(1)).get("number").asLong());
    }

    private static String prefix(String option, int length) {
        return CliRun.of("decode", option, "-c", "1", VXLAN.toString()).lines().get(0).substring(0, length);
    }

    private static String secondLinePrefix(String option, int length) {
        return CliRun.of("decode", option, "-c", "2", VXLAN.toString()).lines().get(1).substring(0, length);
    }
}
