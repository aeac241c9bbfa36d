package io.hoptrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three formats, -o, --fail-on and the exit codes. */
class AnalyzeOutputTest {
    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("mtu-blackhole"), "--format", "json");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertTrue(root.get("inputs").get("missing").isArray());
        for (String k : List.of("captures", "nodes", "problems")) {
            assertTrue(root.get("inputs").has(k), k);
        }
        JsonNode f = root.get("findings").get(0);
        for (String k : List.of("rule", "severity", "summary", "fix", "node", "packets", "objects", "journey")) {
            assertTrue(f.has(k), "finding key " + k);
        }
        JsonNode p = f.get("packets").get(0);
        assertTrue(p.get("file").asText().startsWith("nodes/node-a/") && p.get("number").asLong() > 0);
        JsonNode j = root.get("journeys").get(0);
        assertTrue(j.has("id"));
        for (String k : List.of("proto", "src", "dst", "sport", "dport")) {
            assertTrue(j.get("flow").has(k), "flow key " + k);
        }
        JsonNode hop = j.get("hops").get(0);
        for (String k : List.of("node", "interface", "time", "delay_us", "encap", "src", "dst", "nat")) {
            assertTrue(hop.has(k), "hop key " + k);
        }
        assertTrue(hop.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }

    @Test
    void jsonHopsCarryEncapAndNat() throws Exception {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("baseline"), "--format", "json", "--journeys", "all");
        String s = r.out();
        assertTrue(s.contains("\"type\" : \"vxlan\"") && s.contains("\"vni\" : 1"), "VXLAN hops");
        assertTrue(s.contains("\"type\" : \"dnat\"") && s.contains("\"before\" : \"10.96.88.10:80\""), "DNAT hop");
    }

    @Test
    void textPutsTheWorstFindingFirstWithItsPath() {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("mtu-blackhole"));
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("ERROR  mtu.blackhole  [node-a]"), r.out());
        assertTrue(r.out().contains(">> node-a   cni0"), r.out());
        assertTrue(r.out().contains("<- stops here"));
        assertTrue(r.out().indexOf("mtu.blackhole") < r.out().indexOf("mtu.frag-needed"));
    }

    @Test
    void htmlIsOneSelfContainedFileWithSvgJourneys(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("report.html");
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("double-hop"), "--format", "html", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        String html = Files.readString(out);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg") && html.contains("#d00000"), "a diagram with the finding's hop in red");
        assertTrue(html.contains("nat.double-hop"));
        assertFalse(html.contains("<script") || html.contains("src=\"http") || html.contains("href=\"http"));
    }

    @Test
    void failOnSetsTheExitStatus() {
        assertEquals(1, AnalyzeRun.of(AnalyzeRun.sample("mtu-blackhole"), "--fail-on", "error").exit());
        assertEquals(1, AnalyzeRun.of(AnalyzeRun.sample("double-hop"), "--fail-on", "warning").exit());
        assertEquals(0, AnalyzeRun.of(AnalyzeRun.sample("double-hop"), "--fail-on", "error").exit());
        AnalyzeRun bad = AnalyzeRun.of(AnalyzeRun.sample("double-hop"), "--fail-on", "fatal");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown severity 'fatal'"), bad.err());
    }

    @Test
    void thresholdsAndRuleSelection() {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample("mtu-blackhole"), "--rules", "mtu.frag-needed");
        assertFalse(r.out().contains("mtu.blackhole"));
        assertTrue(r.out().contains("mtu.frag-needed"));
        AnalyzeRun t = AnalyzeRun.of(AnalyzeRun.sample("mtu-blackhole"), "--threshold", "mtu.blackhole.min-packets=5");
        assertFalse(t.out().contains("ERROR  mtu.blackhole"), "3 packets answered with ICMP are below 5");
        AnalyzeRun unknown = AnalyzeRun.of(AnalyzeRun.sample("mtu-blackhole"), "--threshold", "nope=1");
        assertEquals(2, unknown.exit());
        assertTrue(AnalyzeRun.of("--list-rules").out().contains("bgp.session-down"));
    }
}
