package io.hoptrace.rules;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.rules.engine.AnalysisLimits;
import io.hoptrace.rules.engine.Analyzer;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.rules.model.NodeState;
import io.hoptrace.rules.model.NodeStates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test helper: analyses a lab bundle of samples/ (or capture files) the way {@code hoptrace analyze} does, in
 * memory: node state from nodes/&lt;node&gt;/*, every capture merged by time, the standard catalog.
 */
public final class LabBundles {
    private LabBundles() {
    }

    /** The repository's samples/ directory. */
    public static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no samples/ above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples");
    }

    public static AnalysisView view(String scenario) {
        return view(samples().resolve(scenario));
    }

    public static List<Finding> findings(String scenario) {
        return RuleCatalog.standard().evaluate(view(scenario)).findings();
    }

    public static List<Finding> findings(AnalysisView v, String rule) {
        return RuleCatalog.standard().evaluate(v).findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** A bundle directory, or one capture file (its node is the file name). */
    public static AnalysisView view(Path path) {
        return view(path, AnalysisLimits.defaults());
    }

    public static AnalysisView view(Path path, AnalysisLimits limits) {
        try {
            Map<String, NodeState> nodes = new LinkedHashMap<>();
            Map<Path, String> captures = new LinkedHashMap<>();
            if (Files.isDirectory(path)) {
                try (Stream<Path> dirs = Files.list(path.resolve("nodes"))) {
                    for (Path dir : dirs.sorted().toList()) {
                        String node = dir.getFileName().toString();
                        Map<String, String> files = new LinkedHashMap<>();
                        try (Stream<Path> fs = Files.list(dir)) {
                            for (Path f : fs.sorted().toList()) {
                                String name = f.getFileName().toString();
                                if (name.endsWith(".pcap") || name.endsWith(".pcapng")) {
                                    captures.put(f, node);
                                } else {
                                    files.put(name, Files.readString(f));
                                }
                            }
                        }
                        nodes.put(node, NodeStates.parse(node, files).state());
                    }
                }
            } else {
                captures.put(path, path.getFileName().toString());
            }
            Analyzer a = new Analyzer(nodes, Files.isDirectory(path) ? TestClusters.of(path) : io.hoptrace.rules.model.ClusterView.EMPTY, limits);
            List<PacketSource> sources = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            for (Map.Entry<Path, String> e : captures.entrySet()) {
                sources.add(CaptureFiles.open(e.getKey()));
                String name = Files.isDirectory(path) ? path.relativize(e.getKey()).toString()
                        : e.getKey().getFileName().toString();
                ids.add(a.addSource(name, e.getValue()));
            }
            merge(a, sources, ids);
            for (PacketSource s : sources) {
                s.close();
            }
            InputReport in = new InputReport(path.toString(), captures.keySet().stream().map(Path::toString).toList(),
                    List.copyOf(nodes.keySet()), List.of(), List.of(), List.of(), a.packets(), false);
            return a.finish(in, Thresholds.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(Analyzer a, List<PacketSource> sources, List<Integer> ids) throws IOException {
        int n = sources.size();
        PacketRecord[] head = new PacketRecord[n];
        PacketDecoder[] decoders = new PacketDecoder[n];
        for (int i = 0; i < n; i++) {
            PacketRecord r = new PacketRecord();
            head[i] = sources.get(i).next(r) ? r : null;
            decoders[i] = new PacketDecoder();
            decoders[i].dissection().streams(new StreamTable());
        }
        while (true) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (head[i] != null && (best < 0 || head[i].timestampNanos < head[best].timestampNanos)) {
                    best = i;
                }
            }
            if (best < 0) {
                return;
            }
            PacketRecord r = head[best];
            Dissection d = decoders[best].decode(r.data, r.offset, r.capturedLength, r.wireLength, r.linkType);
            d.meta(r.number, r.timestampNanos, r.interfaceId);
            List<InterfaceInfo> ifs = sources.get(best).interfaces();
            if (!ifs.isEmpty() && ifs.size() > 1) {
                a.interfaceNames(ids.get(best), ifs.stream().map(InterfaceInfo::name).toList());
            }
            a.accept(ids.get(best), d, r.interfaceId);
            if (!sources.get(best).next(r)) {
                head[best] = null;
            }
        }
    }
}
