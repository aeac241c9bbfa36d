package io.hoptrace.cli.analyze;

import io.hoptrace.rules.model.ClusterView;
import io.hoptrace.rules.model.NodeState;
import io.hoptrace.rules.model.NodeStates;
import io.hoptrace.rules.model.ClusterIndexView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code hoptrace analyze} was given, resolved: capture files with their node and display name, each node's
 * parsed state, the cluster from k8s.json, and what was missing or unreadable. A bundle (directory or archive), or
 * capture files plus {@code --state DIR} (a bundle-shaped directory or one node's directory). Never throws for bad
 * content: problems become sentences in {@link #problems}; only a missing path is an error for the caller.
 */
final class InputSet {
    record Capture(Path path, String name, String node) {
    }

    String bundle;
    final List<Capture> captures = new ArrayList<>();
    final Map<String, NodeState> nodes = new LinkedHashMap<>();
    final List<String> stateFiles = new ArrayList<>();
    final List<String> missing = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    ClusterView cluster = ClusterView.EMPTY;
    boolean crafted;

    static boolean isCapture(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".cap");
    }

    static boolean isBundle(Path dir) {
        return Files.isDirectory(dir.resolve("nodes")) || Files.isRegularFile(dir.resolve("k8s.json"))
                || Files.isRegularFile(dir.resolve("manifest.json"));
    }

    /** A bundle directory: k8s.json, manifest.json, nodes/&lt;node&gt;/{captures, state files}. */
    void addBundle(Path dir, String label) throws IOException {
        bundle = label;
        readCluster(dir.resolve("k8s.json"), "k8s.json");
        Path manifest = dir.resolve("manifest.json");
        if (Files.isRegularFile(manifest)) {
            String m = Files.readString(manifest, StandardCharsets.UTF_8);
            crafted = m.replace(" ", "").contains("\"crafted\":true");
        }
        Path nodesDir = dir.resolve("nodes");
        if (!Files.isDirectory(nodesDir)) {
            missing.add("nodes/");
            return;
        }
        for (Path nd : list(nodesDir)) {
            if (Files.isDirectory(nd)) {
                addNode(nd, nd.getFileName().toString(), dir, true);
            }
        }
        if (captures.isEmpty()) {
            missing.add("nodes/*/*.pcap");
        }
    }

    /** {@code --state DIR}: a bundle-shaped directory, or one node's directory (its name is the node's). */
    void addState(Path dir) throws IOException {
        if (Files.isDirectory(dir.resolve("nodes")) || Files.isRegularFile(dir.resolve("k8s.json"))) {
            readCluster(dir.resolve("k8s.json"), "k8s.json");
            Path nodesDir = dir.resolve("nodes");
            if (Files.isDirectory(nodesDir)) {
                for (Path nd : list(nodesDir)) {
                    if (Files.isDirectory(nd)) {
                        addNode(nd, nd.getFileName().toString(), dir, false);
                    }
                }
            }
        } else {
            addNode(dir, dir.getFileName().toString(), dir.getParent() == null ? dir : dir.getParent(), false);
        }
    }

    void addCapture(Path file) {
        String node = file.getFileName().toString();
        captures.add(new Capture(file, file.toString(), node));
    }

    /**
     * Bare capture files belong to the node of the state whose name is their directory (nodes/node-a/any.pcap),
     * or to the only node when the state has one.
     */
    void assignNodes() {
        if (bundle != null || nodes.isEmpty()) {
            return;
        }
        captures.replaceAll(c -> {
            Path parent = c.path().toAbsolutePath().getParent();
            String dir = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
            if (nodes.containsKey(dir)) {
                return new Capture(c.path(), c.name(), dir);
            }
            return nodes.size() == 1 ? new Capture(c.path(), c.name(), nodes.keySet().iterator().next()) : c;
        });
    }

    private void addNode(Path nd, String node, Path root, boolean withCaptures) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path f : list(nd)) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            String rel = root.relativize(f).toString();
            if (isCapture(f)) {
                if (withCaptures) {
                    captures.add(new Capture(f, rel, node));
                }
                continue;
            }
            String name = f.getFileName().toString();
            if (!name.endsWith(".txt") && !name.endsWith(".json")) {
                continue;
            }
            try {
                texts.put(name, decode(Files.readAllBytes(f)));
                stateFiles.add(rel);
            } catch (CharacterCodingException e) {
                problems.add(rel + ": not text; left out");
            }
        }
        for (String expected : NodeStates.EXPECTED) {
            if (!texts.containsKey(expected)) {
                missing.add(root.relativize(nd.resolve(expected)).toString());
            }
        }
        NodeStates.Parsed p = NodeStates.parse(node, texts);
        problems.addAll(p.problems());
        nodes.put(node, p.state());
    }

    private void readCluster(Path k8s, String label) throws IOException {
        if (!Files.isRegularFile(k8s)) {
            missing.add(label);
            return;
        }
        try {
            cluster = ClusterIndexView.parse(decode(Files.readAllBytes(k8s)));
            stateFiles.add(label);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            problems.add(label + ": " + e.getMessage() + "; pods and Services are not named");
        }
    }

    private static String decode(byte[] b) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(Path::toString)).toList();
        }
    }
}
