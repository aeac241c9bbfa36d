package io.hoptrace.decoders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates ../shared/data (real third-party captures and node-state dumps, see its SOURCES.md) for tests. */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String prop = System.getProperty("hoptrace.shared.data");
        Path p = prop != null ? Paths.get(prop) : Paths.get("..", "shared", "data");
        if (!Files.isDirectory(p)) {
            // running from a module directory rather than the reactor root
            Path up = Paths.get("..", "..", "shared", "data");
            if (Files.isDirectory(up)) {
                return up.toAbsolutePath().normalize();
            }
            throw new IllegalStateException("../shared/data not found (looked at " + p.toAbsolutePath()
                    + "); tests need the shared data beside the repository");
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing shared data file " + p);
        }
        return p;
    }

    /** Every .pcap and .pcapng file under data/pcap, sorted by path. */
    public static List<Path> captures() {
        try (Stream<Path> s = Files.walk(dir().resolve("pcap"))) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".pcap") || n.endsWith(".pcapng");
            }).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
