package io.hoptrace.ui.model.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What opening some paths means: the capture files to merge, the node each belongs to, and the state files that name
 * things (k8s.json, each node's ip-link.json and ip-addr.json). A bundle directory (../shared/ARCHITECTURE.md, "The
 * bundle") gives all of that; a file inside a bundle's {@code nodes/<node>/} brings its node's names too; a plain
 * directory is a folder of captures.
 *
 * @param title      what the window title shows
 * @param k8sJson    null when none
 * @param nodeStates per node, the directory holding its state files
 */
public record OpenPlan(String title, List<CaptureInput> captures, Path k8sJson, Map<String, Path> nodeStates) {
    private static final String[] CAPTURE_SUFFIXES = {".pcap", ".pcapng", ".cap", ".dmp"};

    public OpenPlan {
        captures = List.copyOf(captures);
        nodeStates = Map.copyOf(nodeStates);
    }

    /** Resolves what the user opened (command line, menu, drag and drop) into a plan, or says why it cannot. */
    public static OpenPlan of(List<Path> paths) throws OpenException {
        if (paths.isEmpty()) {
            throw new OpenException("nothing to open");
        }
        List<CaptureInput> captures = new ArrayList<>();
        Map<String, Path> states = new LinkedHashMap<>();
        Path k8s = null;
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new OpenException(p + ": no such file or directory");
            }
            if (Files.isDirectory(p)) {
                Path nodes = p.resolve("nodes");
                if (Files.isDirectory(nodes)) {
                    for (Path nodeDir : list(nodes)) {
                        if (Files.isDirectory(nodeDir)) {
                            String node = nodeDir.getFileName().toString();
                            states.put(node, nodeDir);
                            for (Path f : list(nodeDir)) {
                                if (isCapture(f)) {
                                    captures.add(new CaptureInput(f, node));
                                }
                            }
                        }
                    }
                    k8s = k8s != null ? k8s : existing(p.resolve("k8s.json"));
                } else {
                    for (Path f : list(p)) {
                        if (isCapture(f)) {
                            captures.add(new CaptureInput(f, ""));
                        }
                    }
                }
                if (captures.isEmpty()) {
                    throw new OpenException(p + ": no capture files here (*.pcap, *.pcapng), neither directly nor"
                            + " in nodes/<node>/ as in a hoptrace bundle");
                }
            } else {
                Path nodeDir = p.toAbsolutePath().getParent();
                Path nodesDir = nodeDir == null ? null : nodeDir.getParent();
                if (nodesDir != null && nodesDir.getFileName() != null
                        && nodesDir.getFileName().toString().equals("nodes")) {
                    String node = nodeDir.getFileName().toString();
                    captures.add(new CaptureInput(p, node));
                    states.put(node, nodeDir);
                    k8s = k8s != null ? k8s : existing(nodesDir.getParent().resolve("k8s.json"));
                } else {
                    captures.add(new CaptureInput(p, ""));
                }
            }
        }
        return new OpenPlan(title(paths), captures, k8s, states);
    }

    /** This plan under another title (a bundle archive's name rather than its temporary directory's). */
    public OpenPlan withTitle(String newTitle) {
        return new OpenPlan(newTitle, captures, k8sJson, nodeStates);
    }

    /** What the window title shows for {@code paths}: the first one's name, and how many more. */
    public static String title(List<Path> paths) {
        Path first = paths.get(0).toAbsolutePath().normalize();
        String name = first.getFileName() != null ? first.getFileName().toString() : first.toString();
        return paths.size() == 1 ? name : name + " and " + (paths.size() - 1) + " more";
    }

    private static Path existing(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }

    static boolean isCapture(Path f) {
        if (!Files.isRegularFile(f)) {
            return false;
        }
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String s : CAPTURE_SUFFIXES) {
            if (name.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> list(Path dir) throws OpenException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new OpenException(dir + ": cannot list the directory: " + e.getMessage());
        }
    }
}
