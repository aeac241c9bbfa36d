package io.hoptrace.ui;

import java.nio.file.Files;
import java.nio.file.Path;

/** The lab's sample bundles (samples/ at the repository root). */
public final class Samples {
    private Samples() {
    }

    public static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/mtu-blackhole"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples");
    }

    public static Path bundle(String name) {
        return dir().resolve(name);
    }
}
