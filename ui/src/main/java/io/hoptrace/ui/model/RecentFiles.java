package io.hoptrace.ui.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Open Recent list, one absolute path a line in {@code ~/.config/hoptrace/recent} (or
 * {@code $XDG_CONFIG_HOME/hoptrace/recent}), newest first. A list that cannot be read or written is simply empty
 * or not remembered: it is a convenience, never a reason to show an error.
 */
public final class RecentFiles {
    public static final int MAX = 10;

    private final Path file;

    public RecentFiles(Path file) {
        this.file = file;
    }

    /** The default place: $XDG_CONFIG_HOME/hoptrace/recent, else ~/.config/hoptrace/recent. */
    public static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("hoptrace").resolve("recent");
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && out.size() < MAX) {
                        Path p = Path.of(line.trim());
                        if (!out.contains(p)) {
                            out.add(p);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    /** Puts {@code opened} first (moving it if listed) and keeps the newest {@link #MAX}. */
    public List<Path> add(List<Path> opened) {
        List<Path> out = new ArrayList<>();
        for (Path p : opened) {
            out.add(p.toAbsolutePath().normalize());
        }
        for (Path p : list()) {
            if (!out.contains(p) && out.size() < MAX) {
                out.add(p);
            }
        }
        while (out.size() > MAX) {
            out.remove(out.size() - 1);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, out.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // not remembered this time; opening worked, which is what matters
        }
        return out;
    }
}
