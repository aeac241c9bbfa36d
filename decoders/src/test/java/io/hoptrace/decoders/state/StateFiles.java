package io.hoptrace.decoders.state;

import io.hoptrace.decoders.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads node-state fixtures from the shared data directory. */
final class StateFiles {
    private StateFiles() {
    }

    static String read(String relative) {
        try {
            return Files.readString(SharedData.file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File names in a shared data subdirectory, sorted. */
    static TreeSet<String> names(String dir) {
        try (Stream<Path> s = Files.list(SharedData.dir().resolve(dir))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetAddress ip(String literal) {
        InetAddress a = InetLiteral.parse(literal);
        if (a == null) {
            throw new IllegalArgumentException(literal);
        }
        return a;
    }

    static List<Integer> problemLines(List<LineProblem> problems) {
        return problems.stream().map(LineProblem::line).toList();
    }
}
