package io.hoptrace.ui.model.analysis;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.engine.AnalysisLimits;
import io.hoptrace.rules.engine.ClockOffsets;
import io.hoptrace.rules.model.ClockOffset;
import io.hoptrace.rules.model.ClusterIndexView;
import io.hoptrace.rules.model.ClusterView;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.NatChange;
import io.hoptrace.rules.model.NodeState;
import io.hoptrace.rules.model.NodeStates;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.Severity;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.load.CaptureInput;
import io.hoptrace.ui.model.load.OpenPlan;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The analysis engine of rules/ behind the UI's {@link Analyzer} port: each node's state files and k8s.json parsed
 * as {@code hoptrace analyze} parses them, every row of the index fed to the engine in index (time) order, the
 * standard rule catalog run over the result, and the engine's journeys, hops and findings turned into what the
 * panels draw, with packet references turned into rows.
 */
public final class RulesAnalyzer implements Analyzer {
    private static final int CHECK_EVERY = 1 << 16;

    private final RuleCatalog catalog;

    public RulesAnalyzer() {
        this(RuleCatalog.standard());
    }

    public RulesAnalyzer(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Analysis analyze(OpenPlan plan, PacketIndex index, ClusterDirectory names, BooleanSupplier cancelled) {
        int count = index.count();
        List<String> problems = new ArrayList<>();
        List<String> stateFiles = new ArrayList<>();
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        plan.nodeStates().forEach((node, dir) -> nodes.put(node, nodeState(node, dir, problems, stateFiles)));
        ClusterView cluster = ClusterView.EMPTY;
        if (names.live() != null) {
            // connected: the live cluster replaces the bundle's k8s.json, as it does for the packet list's names
            cluster = new ClusterIndexView(names.live().index());
        } else if (plan.k8sJson() != null) {
            try {
                cluster = ClusterIndexView.parse(text(plan.k8sJson()));
            } catch (IOException | IllegalArgumentException e) {
                problems.add("k8s.json: " + e.getMessage());
            }
        }
        AnalysisLimits limits = AnalysisLimits.defaults();
        var engine = new io.hoptrace.rules.engine.Analyzer(nodes, cluster, limits);
        List<CaptureInput> inputs = plan.captures();
        int[] ids = new int[inputs.size()];
        String[] nodeOfSource = new String[inputs.size()];
        Map<String, Integer> sourceByName = new HashMap<>();
        List<String> read = new ArrayList<>();
        PacketDecoder[] decoders = new PacketDecoder[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            CaptureInput in = inputs.get(i);
            String name = fileName(in);
            nodeOfSource[i] = in.node().isEmpty() ? String.valueOf(in.file().getFileName()) : in.node();
            ids[i] = engine.addSource(name, nodeOfSource[i]);
            engine.interfaceNames(ids[i], index.sourceInterfaces(i));
            sourceByName.put(name, i);
            read.add(name);
            decoders[i] = new PacketDecoder();
            decoders[i].dissection().streams(new StreamTable());
        }
        // as hoptrace analyze does: node clocks estimated from packets seen on two nodes, corrected before stitching
        List<ClockOffset> clocks = clockOffsets(nodeOfSource, index, limits.windowNanos());
        Map<String, Long> corrections = ClockOffsets.corrections(clocks);
        long[] shift = new long[inputs.size()];
        for (int i = 0; i < shift.length; i++) {
            shift[i] = corrections.getOrDefault(nodeOfSource[i], 0L);
        }
        // rows are in time order across the files, as the engine wants them; corrected clocks can reorder them
        int[] order = corrections.isEmpty() ? null : correctedOrder(index, shift);
        byte[] frame = new byte[65536];
        for (int i = 0; i < count; i++) {
            if ((i & (CHECK_EVERY - 1)) == CHECK_EVERY - 1 && cancelled.getAsBoolean()) {
                throw new CancellationException("analysis stopped");
            }
            int row = order == null ? i : order[i];
            int len = index.capturedLength(row);
            if (frame.length < len) {
                frame = new byte[len];
            }
            index.frame(row, frame);
            int source = index.source(row);
            Dissection d = decoders[source].decode(frame, 0, len, index.wireLength(row), index.linkType(row));
            d.meta(index.numberInFile(row), index.timestamp(row) - shift[source], index.interfaceId(row));
            engine.accept(ids[source], d, index.interfaceId(row));
        }
        String bundle = plan.k8sJson() != null ? String.valueOf(plan.k8sJson().getParent()) : null;
        AnalysisView view = engine.finish(new InputReport(bundle, read, List.copyOf(nodes.keySet()), stateFiles,
                List.of(), problems, count, false, clocks), catalog.thresholds(Map.of()));
        RuleCatalog.Result result = catalog.evaluate(view);
        List<String> messages = new ArrayList<>();
        // as analyze's text report: the clocks are worth a line when times were changed
        if (!corrections.isEmpty()) {
            clocks.forEach(c -> messages.add("clock: " + c.sentence()));
        }
        return new Result(view, result, index, sourceByName, names, messages);
    }

    /** Each node's clock offset, estimated from the first packets of each node as {@code hoptrace analyze} does. */
    private static List<ClockOffset> clockOffsets(String[] nodeOfSource, PacketIndex index, long windowNanos) {
        Map<String, Integer> nodeIds = new LinkedHashMap<>();
        int[] nodeOf = new int[nodeOfSource.length];
        for (int i = 0; i < nodeOfSource.length; i++) {
            nodeOf[i] = nodeIds.computeIfAbsent(nodeOfSource[i], k -> nodeIds.size());
        }
        if (nodeIds.size() < 2) {
            return List.of();
        }
        ClockOffsets clocks = new ClockOffsets(List.copyOf(nodeIds.keySet()), windowNanos);
        PacketDecoder decoder = new PacketDecoder();
        byte[] frame = new byte[65536];
        for (int row = 0; row < index.count(); row++) {
            int node = nodeOf[index.source(row)];
            if (clocks.full(node)) {
                continue;
            }
            int len = index.capturedLength(row);
            if (frame.length < len) {
                frame = new byte[len];
            }
            index.frame(row, frame);
            Dissection d = decoder.decode(frame, 0, len, index.wireLength(row), index.linkType(row));
            d.meta(index.numberInFile(row), index.timestamp(row), index.interfaceId(row));
            clocks.add(node, d, index.interfaceId(row));
        }
        return clocks.estimate();
    }

    /** The rows by corrected time: each source's rows keep their index order, merged by time minus its shift. */
    static int[] correctedOrder(PacketIndex index, long[] shift) {
        int n = index.count();
        int[][] bySource = new int[shift.length][];
        int[] sizes = new int[shift.length];
        for (int row = 0; row < n; row++) {
            sizes[index.source(row)]++;
        }
        for (int s = 0; s < shift.length; s++) {
            bySource[s] = new int[sizes[s]];
            sizes[s] = 0;
        }
        for (int row = 0; row < n; row++) {
            int s = index.source(row);
            bySource[s][sizes[s]++] = row;
        }
        int[] next = new int[shift.length];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int s = 0; s < shift.length; s++) {
                if (next[s] < bySource[s].length) {
                    long t = index.timestamp(bySource[s][next[s]]) - shift[s];
                    if (best < 0 || t < bestTime) {
                        best = s;
                        bestTime = t;
                    }
                }
            }
            order[i] = bySource[best][next[best]++];
        }
        return order;
    }

    /** How the engine and its findings name a file: its path inside the bundle, or the path as given. */
    static String fileName(CaptureInput in) {
        Path f = in.file();
        Path nodeDir = f.toAbsolutePath().getParent();
        if (!in.node().isEmpty() && nodeDir != null && nodeDir.getParent() != null
                && String.valueOf(nodeDir.getParent().getFileName()).equals("nodes")) {
            return "nodes/" + in.node() + "/" + f.getFileName();
        }
        return f.toString();
    }

    private static NodeState nodeState(String node, Path dir, List<String> problems, List<String> stateFiles) {
        Map<String, String> texts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && (name.endsWith(".txt") || name.endsWith(".json"))) {
                    try {
                        texts.put(name, text(f));
                        stateFiles.add("nodes/" + node + "/" + name);
                    } catch (CharacterCodingException e) {
                        problems.add("nodes/" + node + "/" + name + ": not text; left out");
                    }
                }
            }
        } catch (IOException e) {
            problems.add(dir + ": " + e.getMessage());
        }
        NodeStates.Parsed p = NodeStates.parse(node, texts);
        problems.addAll(p.problems());
        return p.state();
    }

    private static String text(Path f) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
    }

    static Severity uiSeverity(io.hoptrace.rules.Severity s) {
        return switch (s) {
            case INFO -> Severity.NOTE;
            case WARNING -> Severity.WARNING;
            case ERROR -> Severity.ERROR;
        };
    }

    /** The engine's output seen through the UI's model: rows instead of packet references. */
    private static final class Result implements Analysis {
        private final List<Finding> findings = new ArrayList<>();
        private final Map<Integer, Journey> journeyByRow = new HashMap<>();
        private final Map<Integer, Severity> severityByRow = new HashMap<>();
        private final Map<Integer, Set<String>> rulesByRow = new HashMap<>();
        private final List<String> messages;

        Result(AnalysisView view, RuleCatalog.Result result, PacketIndex index, Map<String, Integer> sources,
               ClusterDirectory names, List<String> messages) {
            this.messages = List.copyOf(messages);
            int[][] rowsBySource = rowsBySource(index, sources.size());
            Map<Integer, List<io.hoptrace.rules.Finding>> byJourney = new HashMap<>();
            for (io.hoptrace.rules.Finding f : result.findings()) {
                if (f.journey() != null) {
                    byJourney.computeIfAbsent(f.journey(), k -> new ArrayList<>()).add(f);
                }
            }
            Map<Integer, int[]> hopRows = new HashMap<>();
            for (io.hoptrace.rules.model.Journey j : view.journeys()) {
                Journey ui = journey(j, byJourney.getOrDefault(j.id(), List.of()), rowsBySource, sources, names);
                int[] rows = ui.hops().stream().mapToInt(Hop::row).toArray();
                hopRows.put(j.id(), rows);
                for (int r : rows) {
                    if (r >= 0) {
                        journeyByRow.putIfAbsent(r, ui);
                    }
                }
            }
            for (io.hoptrace.rules.Finding f : result.findings()) {
                int[] rows = f.packets().stream().mapToInt(p -> row(p, rowsBySource, sources))
                        .filter(r -> r >= 0).distinct().sorted().toArray();
                int focus = rows.length > 0 ? rows[0] : -1;
                int[] journeyRows = f.journey() == null ? null : hopRows.get(f.journey());
                if (journeyRows != null && f.hop() >= 0 && f.hop() < journeyRows.length && journeyRows[f.hop()] >= 0) {
                    focus = journeyRows[f.hop()];
                }
                List<String> details = new ArrayList<>();
                if (!f.objects().isEmpty()) {
                    details.add("objects: " + String.join(", ", f.objects().stream().map(ObjectRef::toString).toList()));
                }
                f.evidence().forEach(e -> details.add("evidence: " + e));
                Severity s = uiSeverity(f.severity());
                findings.add(new Finding(f.rule(), s, f.summary(), f.fix(), rows, focus, details));
                for (int r : rows) {
                    severityByRow.merge(r, s, Severity::worse);
                    rulesByRow.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(f.rule());
                }
            }
        }

        /** For each source file, its rows by packet number (numbers are 1-based and every packet is a row). */
        private static int[][] rowsBySource(PacketIndex index, int sources) {
            int[] counts = new int[sources];
            int n = index.count();
            for (int row = 0; row < n; row++) {
                counts[index.source(row)] = Math.max(counts[index.source(row)], index.numberInFile(row));
            }
            int[][] rows = new int[sources][];
            for (int s = 0; s < sources; s++) {
                rows[s] = new int[counts[s] + 1];
                Arrays.fill(rows[s], -1);
            }
            for (int row = 0; row < n; row++) {
                rows[index.source(row)][index.numberInFile(row)] = row;
            }
            return rows;
        }

        private static int row(PacketRef p, int[][] rowsBySource, Map<String, Integer> sources) {
            Integer s = sources.get(p.file());
            if (s == null || p.number() < 1 || p.number() >= rowsBySource[s].length) {
                return -1;
            }
            return rowsBySource[s][(int) p.number()];
        }

        private static Journey journey(io.hoptrace.rules.model.Journey j, List<io.hoptrace.rules.Finding> findings,
                                       int[][] rowsBySource, Map<String, Integer> sources, ClusterDirectory names) {
            List<Hop> hops = new ArrayList<>();
            Set<String> objects = new LinkedHashSet<>();
            List<io.hoptrace.rules.model.Hop> raw = j.hops();
            for (int i = 0; i < raw.size(); i++) {
                io.hoptrace.rules.model.Hop h = raw.get(i);
                String finding = "";
                Severity severity = Severity.NONE;
                for (io.hoptrace.rules.Finding f : findings) {
                    if (f.hop() == i && uiSeverity(f.severity()).compareTo(severity) > 0) {
                        finding = f.summary();
                        severity = uiSeverity(f.severity());
                    }
                }
                if (h.srcOwner() != null) {
                    objects.add(h.srcOwner().toString());
                }
                if (h.dstOwner() != null) {
                    objects.add(h.dstOwner().toString());
                }
                hops.add(new Hop(row(h.packet(), rowsBySource, sources), h.node(),
                        h.iface() + (h.direction().key().equals("?") ? "" : " " + h.direction().key()),
                        h.timeNanos(), h.delayMicros() * 1000, encapsulation(h.encap(), names),
                        h.src() + " \u2192 " + h.dst(), nat(h.nat()), finding, severity));
            }
            String outcome = String.join(", ", findings.stream()
                    .map(f -> f.rule() + " (" + f.severity().key() + ")").distinct().toList());
            return new Journey(title(j), hops, List.copyOf(objects), outcome);
        }

        private static String title(io.hoptrace.rules.model.Journey j) {
            var p = j.packet();
            var flow = j.flow();
            StringBuilder sb = new StringBuilder(flow.proto().toUpperCase(Locale.ROOT));
            if (p.icmpType() == 8 || p.icmpType() == 128) {
                sb.append(" echo request");
            } else if (p.icmpType() == 0 || p.icmpType() == 129) {
                sb.append(" echo reply");
            } else if (p.syn()) {
                sb.append(" SYN");
            } else if (p.synAck()) {
                sb.append(" SYN-ACK");
            }
            var src = j.reply() ? flow.destination() : flow.source();
            var dst = j.reply() ? flow.source() : flow.destination();
            sb.append(' ').append(src).append(" \u2192 ").append(dst);
            if (p.length() > 0) {
                sb.append(", ").append(p.length()).append(" bytes");
            }
            if (p.dontFragment() && p.ipId() >= 0) {
                sb.append(", DF");
            }
            if (p.retransmission()) {
                sb.append(", retransmitted");
            }
            return sb.toString();
        }

        private static String encapsulation(List<Encap> encap, ClusterDirectory names) {
            if (encap.isEmpty()) {
                return "";
            }
            Encap e = encap.get(0);
            String kind = switch (e.type()) {
                case Encap.VXLAN -> "VXLAN " + e.vni();
                case Encap.IPIP -> "IP-in-IP";
                case Encap.IP6IP -> "IPv6-in-IPv4";
                default -> e.type();
            };
            return kind + " " + name(e.outerSrc().address(), names) + " \u2192 " + name(e.outerDst().address(), names);
        }

        private static String name(String address, ClusterDirectory names) {
            String n = names.nameOf(address);
            return n == null ? address : n;
        }

        private static String nat(List<NatChange> nat) {
            return String.join("; ", nat.stream().map(n -> n.kind() + " " + n.before() + " \u2192 " + n.after())
                    .toList());
        }

        @Override
        public List<Finding> findings() {
            return findings;
        }

        @Override
        public Journey journeyOf(int row) {
            return journeyByRow.get(row);
        }

        @Override
        public List<String> messages() {
            return messages;
        }

        @Override
        public Severity severity(int row) {
            return severityByRow.getOrDefault(row, Severity.NONE);
        }

        @Override
        public boolean hasRule(int row, String ruleId) {
            Set<String> rules = rulesByRow.get(row);
            if (rules == null) {
                return false;
            }
            for (String r : rules) {
                if (r.equals(ruleId) || r.startsWith(ruleId + ".")) {
                    return true;
                }
            }
            return false;
        }
    }
}
