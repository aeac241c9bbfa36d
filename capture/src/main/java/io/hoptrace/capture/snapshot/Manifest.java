package io.hoptrace.capture.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * manifest.json: who made the bundle, when, for which nodes, the capture's start and end, and where every file
 * came from (docs/BUNDLE.md). Every field is optional for a reader; hand-made bundles may have none.
 *
 * @param bundleFormat 1; a reader that sees a larger number knows the layout changed
 * @param producer what wrote it ("hoptrace snapshot", "hoptrace capture")
 * @param hoptraceVersion the version of that hoptrace
 * @param created when the bundle was first written (UTC)
 * @param nodes the nodes with files in the bundle, sorted
 * @param captureStart when the capture began, null without one
 * @param captureEnd when it ended, null while it runs or without one
 * @param files one entry per file tried, in the order they were taken
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(int bundleFormat, String producer, String hoptraceVersion, Instant created,
        List<String> nodes, Instant captureStart, Instant captureEnd, List<BundleFile> files) {
    public static final String FILE = "manifest.json";
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public Manifest {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A new manifest with no files yet. */
    public static Manifest create(String producer) {
        return new Manifest(FORMAT, producer, version(), Instant.now().truncatedTo(ChronoUnit.MILLIS), List.of(),
                null, null, List.of());
    }

    /** The hoptrace version this code was built as. */
    public static String version() {
        try (InputStream in = Manifest.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.startsWith("${") ? "development" : v;
        } catch (IOException e) {
            return "development";
        }
    }

    /**
     * These entries added; an entry for a path already listed replaces the old one (a second snapshot into the
     * same bundle describes the files as they are now). The node list follows the files.
     */
    public Manifest withFiles(List<BundleFile> more) {
        Map<String, BundleFile> byPath = new LinkedHashMap<>();
        for (BundleFile f : files) {
            byPath.put(f.path(), f);
        }
        for (BundleFile f : more) {
            byPath.remove(f.path());
            byPath.put(f.path(), f);
        }
        TreeSet<String> allNodes = new TreeSet<>(nodes);
        for (BundleFile f : byPath.values()) {
            if (f.node() != null) {
                allNodes.add(f.node());
            }
        }
        return new Manifest(bundleFormat, producer, hoptraceVersion, created, new ArrayList<>(allNodes),
                captureStart, captureEnd, new ArrayList<>(byPath.values()));
    }

    public Manifest withCapture(Instant start, Instant end) {
        return new Manifest(bundleFormat, producer, hoptraceVersion, created, nodes, start, end, files);
    }

    public Manifest withProducer(String newProducer) {
        return new Manifest(bundleFormat, newProducer, version(), created, nodes, captureStart, captureEnd, files);
    }

    /** The entry for a bundle path, if any. */
    public Optional<BundleFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** The manifest of a bundle folder, if it has a readable one. */
    public static Optional<Manifest> read(Path bundleRoot) throws IOException {
        try {
            return Optional.of(JSON.readValue(bundleRoot.resolve(FILE).toFile(), Manifest.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The bundle's manifest to add to, or a new one when there is none or it cannot be read (a hand-made
     * bundle's manifest that is not JSON is not ours to fail on; {@link #write} keeps it as manifest.json.bad).
     */
    public static Manifest readOrCreate(Path bundleRoot, String producer) {
        try {
            return read(bundleRoot).map(m -> m.withProducer(producer)).orElseGet(() -> create(producer));
        } catch (IOException e) {
            return create(producer);
        }
    }

    /**
     * Writes manifest.json atomically (a reader never sees half a file). Fields of an existing manifest that this
     * record does not know (a lab's "scenario", a person's notes) are kept.
     */
    public void write(Path bundleRoot) throws IOException {
        Path target = bundleRoot.resolve(FILE);
        ObjectNode out = JSON.valueToTree(this);
        if (Files.exists(target)) {
            try {
                JsonNode old = JSON.readTree(target.toFile());
                if (old instanceof ObjectNode o) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!out.has(e.getKey()) && !isField(e.getKey())) {
                            out.set(e.getKey(), e.getValue());
                        }
                    }
                }
            } catch (IOException e) {
                Files.copy(target, bundleRoot.resolve(FILE + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path tmp = bundleRoot.resolve("." + FILE + ".part");
        JSON.writeValue(tmp.toFile(), out);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isField(String name) {
        for (var c : Manifest.class.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The mapper manifests are written with (ISO-8601 times). */
    static ObjectMapper json() {
        return JSON;
    }
}
