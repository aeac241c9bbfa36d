package io.hoptrace.rules;

import io.hoptrace.rules.model.ClusterView;
import io.hoptrace.rules.model.ClusterIndexView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The cluster of a bundle directory (its k8s.json), or none. */
final class TestClusters {
    private TestClusters() {
    }

    static ClusterView of(Path bundle) {
        Path k8s = bundle.resolve("k8s.json");
        if (!Files.isRegularFile(k8s)) {
            return ClusterView.EMPTY;
        }
        try {
            return ClusterIndexView.parse(Files.readString(k8s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
