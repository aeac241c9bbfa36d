package io.hoptrace.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** manifest.json as a reader sees it: plain JSON, ISO times, lower-case statuses, nothing empty. */
class ManifestTest {
    @TempDir
    Path bundle;

    static final Instant T = Instant.parse("2026-11-21T16:13:10.114Z");

    @Test
    void writesPlainJsonThatReadsBack() throws IOException {
        BundleFile ok = new BundleFile("nodes/n1/conntrack.txt", "n1", "start", FileStatus.OK, null, "conntrack -L",
                0, 12L, T, List.of(), Map.of());
        BundleFile missing = new BundleFile("nodes/n1/ipvsadm.txt", "n1", "start", FileStatus.MISSING,
                "missing: command not found: ipvsadm", "ipvsadm -Ln", null, 0L, T,
                List.of(new Attempt("ipvsadm-save -n", null, "missing: command not found: ipvsadm-save")), Map.of());
        Manifest m = Manifest.create("hoptrace snapshot").withFiles(List.of(ok, missing));
        m.write(bundle);

        JsonNode j = Manifest.json().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(1, j.get("bundleFormat").asInt());
        assertEquals("n1", j.get("nodes").get(0).asText());
        assertFalse(j.has("captureStart"), "absent, not null");
        JsonNode first = j.get("files").get(0);
        assertEquals("ok", first.get("status").asText());
        assertEquals("2026-11-21T16:13:10.114Z", first.get("taken").asText());
        assertEquals(0, first.get("exitStatus").asInt(), "a zero exit status is written");
        assertFalse(first.has("reason") || first.has("attempts") || first.has("details"), first.toString());
        assertEquals("missing", j.get("files").get(1).get("status").asText());

        Manifest back = Manifest.read(bundle).orElseThrow();
        assertEquals(m.files(), back.files());
        assertEquals(m.created(), back.created());
        assertFalse(Files.exists(bundle.resolve(".manifest.json.part")));
    }

    @Test
    void keepsFieldsItDoesNotKnow() throws IOException {
        Files.writeString(bundle.resolve("manifest.json"), "{\"bundleFormat\": 1, \"scenario\": \"hairpin\","
                + " \"crafted\": false, \"nodes\": [\"node-a\"], \"captureStart\": \"2026-11-21T16:13:10.083Z\"}");
        Manifest m = Manifest.readOrCreate(bundle, "hoptrace snapshot");
        assertEquals(Instant.parse("2026-11-21T16:13:10.083Z"), m.captureStart());
        m.withFiles(List.of(new BundleFile("nodes/node-b/sysctl.txt", "node-b", "start", FileStatus.OK, null,
                "read /proc/sys (56 keys)", null, 1L, T, List.of(), Map.of()))).write(bundle);
        JsonNode j = Manifest.json().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("hairpin", j.get("scenario").asText());
        assertFalse(j.get("crafted").asBoolean(true));
        assertEquals("[\"node-a\",\"node-b\"]", j.get("nodes").toString());
        assertEquals("hoptrace snapshot", j.get("producer").asText());
    }

    @Test
    void aManifestThatIsNotJsonIsKeptAsideNotFailedOn() throws IOException {
        Files.writeString(bundle.resolve("manifest.json"), "made by hand, not JSON");
        Manifest m = Manifest.readOrCreate(bundle, "hoptrace snapshot");
        assertTrue(m.files().isEmpty());
        m.write(bundle);
        assertEquals("made by hand, not JSON", Files.readString(bundle.resolve("manifest.json.bad")));
        assertEquals(1, Manifest.read(bundle).orElseThrow().bundleFormat());
    }

    @Test
    void theVersionComesFromTheBuild() {
        assertTrue(Manifest.version().matches("\\d+\\.\\d+\\.\\d+.*"), Manifest.version());
    }
}
