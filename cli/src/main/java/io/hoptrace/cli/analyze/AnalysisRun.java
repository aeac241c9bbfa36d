package io.hoptrace.cli.analyze;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.capture.file.ReadProblem;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Thresholds;
import io.hoptrace.rules.engine.AnalysisLimits;
import io.hoptrace.rules.engine.Analyzer;
import io.hoptrace.rules.engine.ClockOffsets;
import io.hoptrace.rules.model.ClockOffset;
import io.hoptrace.rules.model.InputReport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Reads every capture of an {@link InputSet}, merged by time (one packet record and decoder per file, the earliest
 * next packet first), into an {@link Analyzer}. Node clocks are first estimated from the packets themselves
 * ({@link ClockPass}); with correction on, each node's times are corrected by its offset before the merge, so the
 * engine sees one clock. A file that cannot be opened or stops early becomes a problem
 * sentence and the packets before the stop are analysed.
 */
final class AnalysisRun {
    private AnalysisRun() {
    }

    static long totalBytes(InputSet in) {
        long total = 0;
        for (InputSet.Capture c : in.captures) {
            try {
                total += java.nio.file.Files.size(c.path());
            } catch (IOException e) {
                // reported when it is opened
            }
        }
        return total;
    }

    /** Runs the engine; {@code progress} receives bytes read so far (roughly every 64k packets). */
    static AnalysisView run(InputSet in, Thresholds thresholds, AnalysisLimits limits, LongConsumer progress,
                            boolean correctClocks) {
        List<ClockOffset> clocks = ClockPass.estimate(in, limits.windowNanos(), correctClocks);
        Map<String, Long> corrections = ClockOffsets.corrections(clocks);
        Analyzer a = new Analyzer(in.nodes, in.cluster, limits);
        List<PacketSource> sources = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<Long> shifts = new ArrayList<>();
        List<String> read = new ArrayList<>();
        List<String> problems = new ArrayList<>(in.problems);
        for (InputSet.Capture c : in.captures) {
            try {
                PacketSource s = CaptureFiles.open(c.path());
                sources.add(s);
                ids.add(a.addSource(c.name(), c.node()));
                shifts.add(corrections.getOrDefault(c.node(), 0L));
                read.add(c.name());
            } catch (IOException e) {
                problems.add(message(c.name(), e));
            }
        }
        try {
            merge(a, sources, ids, shifts, progress, problems);
        } finally {
            for (PacketSource s : sources) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing left to read
                }
            }
        }
        for (int i = 0; i < sources.size(); i++) {
            ReadProblem p = sources.get(i).problem();
            if (p != null) {
                problems.add(read.get(i) + ": " + p.message() + " " + p.where() + "; the packets before it are analysed");
            }
        }
        InputReport report = new InputReport(in.bundle, read, List.copyOf(in.nodes.keySet()), in.stateFiles,
                in.missing, problems, a.packets(), in.crafted, clocks);
        return a.finish(report, thresholds);
    }

    private static String message(String name, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.startsWith(name) || m.contains(name) ? m + "; left out" : name + ": " + m + "; left out";
    }

    /** {@code shifts}: per source, nanoseconds its node's clock is ahead, subtracted from its times. */
    private static void merge(Analyzer a, List<PacketSource> sources, List<Integer> ids, List<Long> shifts,
                              LongConsumer progress, List<String> problems) {
        int n = sources.size();
        long[] shift = new long[n];
        for (int i = 0; i < n; i++) {
            shift[i] = shifts.get(i);
        }
        PacketRecord[] head = new PacketRecord[n];
        PacketDecoder[] decoders = new PacketDecoder[n];
        int[] knownInterfaces = new int[n];
        for (int i = 0; i < n; i++) {
            head[i] = new PacketRecord();
            decoders[i] = new PacketDecoder();
            decoders[i].dissection().streams(new StreamTable());
            if (!next(sources.get(i), head[i], problems)) {
                head[i] = null;
            }
        }
        long count = 0;
        while (true) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (head[i] != null && head[i].timestampNanos - shift[i] < bestTime) {
                    best = i;
                    bestTime = head[i].timestampNanos - shift[i];
                }
            }
            if (best < 0) {
                return;
            }
            PacketSource s = sources.get(best);
            PacketRecord r = head[best];
            if (s.interfaces().size() != knownInterfaces[best]) {
                knownInterfaces[best] = s.interfaces().size();
                a.interfaceNames(ids.get(best), s.interfaces().stream().map(InterfaceInfo::name).toList());
            }
            Dissection d = decoders[best].decode(r.data, r.offset, r.capturedLength, r.wireLength, r.linkType);
            d.meta(r.number, bestTime, r.interfaceId);
            a.accept(ids.get(best), d, r.interfaceId);
            if (!next(s, r, problems)) {
                head[best] = null;
            }
            if ((++count & 0xFFFF) == 0 && progress != null) {
                long pos = 0;
                for (PacketSource x : sources) {
                    pos += x.position();
                }
                progress.accept(pos);
            }
        }
    }

    private static boolean next(PacketSource s, PacketRecord r, List<String> problems) {
        try {
            return s.next(r);
        } catch (IOException e) {
            problems.add(s.path() + ": " + e.getMessage() + "; the packets before it are analysed");
            return false;
        }
    }
}
