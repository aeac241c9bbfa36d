package io.hoptrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every lab scenario bundle in samples/: analyze reports that scenario's finding; the baseline has no error. */
class AnalyzeScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String scenario) throws Exception {
        AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample(scenario), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    static boolean has(JsonNode report, String rule, String severity, String text) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("rule").asText().equals(rule) && f.get("severity").asText().equals(severity)
                    && f.get("summary").asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mtu-blackhole     | mtu.blackhole    | error   | stop at node-a cni0",
        "mtu-blackhole     | mtu.frag-needed  | warning | at most 1450 bytes",
        "fragmentation     | mtu.fragmented   | warning | fragmented at node-a flannel.1 (MTU 1450)",
        "hairpin           | nat.hairpin      | error   | service demo/api",
        "hairpin           | nat.hairpin      | info    | reaches itself",
        "double-hop        | nat.double-hop   | warning | reached node-a",
        "bgp-down          | bgp.session-down | error   | hold timer expired",
        "bgp-down          | bgp.session-down | warning | administrative shutdown",
        "ipip-crafted      | mtu.blackhole    | error   | allows 1480",
    })
    void scenarioFinding(String scenario, String rule, String severity, String text) throws Exception {
        JsonNode r = json(scenario);
        assertTrue(has(r, rule, severity, text), scenario + ": " + r.get("findings"));
    }

    @Test
    void blackholeFindingPointsToTheHopWhereThePacketStops() throws Exception {
        JsonNode r = json("mtu-blackhole");
        JsonNode f = r.get("findings").get(0);
        assertEquals("mtu.blackhole", f.get("rule").asText());
        JsonNode journey = null;
        for (JsonNode j : r.get("journeys")) {
            if (j.get("id").asInt() == f.get("journey").asInt()) {
                journey = j;
            }
        }
        JsonNode hop = journey.get("hops").get(f.get("hop").asInt());
        assertEquals("node-a", hop.get("node").asText());
        assertEquals("cni0", hop.get("interface").asText());
        assertEquals(f.get("hop").asInt(), journey.get("hops").size() - 1);
    }

    @Test
    void doubleHopNamesBothNodesAndTheService() throws Exception {
        JsonNode f = json("double-hop").get("findings").get(0);
        String objects = f.get("objects").toString();
        assertTrue(objects.contains("\"node-a\"") && objects.contains("\"node-b\""), objects);
        assertTrue(objects.contains("\"web-nodeport\""), objects);
        assertTrue(f.get("fix").asText().contains("externalTrafficPolicy: Local on service demo/web-nodeport"));
    }

    @Test
    void baselineHasNoError() throws Exception {
        JsonNode r = json("baseline");
        for (JsonNode f : r.get("findings")) {
            assertTrue(!f.get("severity").asText().equals("error"), f.toString());
        }
        AnalyzeRun strict = AnalyzeRun.of(AnalyzeRun.sample("baseline"), "--fail-on", "error");
        assertEquals(0, strict.exit(), strict.out());
    }

    @Test
    void otherScenariosRunCleanly() {
        for (String s : new String[] {"syn-no-endpoint", "conntrack-invalid", "ipvs-crafted"}) {
            AnalyzeRun r = AnalyzeRun.of(AnalyzeRun.sample(s));
            assertEquals(0, r.exit(), s + ": " + r.err());
            assertTrue(r.out().matches("(?s).*\\d+ packets in [23] captures from [23] nodes.*"), r.out());
        }
    }
}
