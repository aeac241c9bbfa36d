package io.hoptrace.rules.engine;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.RuleCatalog;
import io.hoptrace.rules.Thresholds;
import io.hoptrace.rules.model.ClusterView;
import io.hoptrace.rules.model.InputReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine and every rule over every shared capture, each frame whole and cut short, and random bytes. */
class AnalyzerRobustnessTest {
    private static final InputReport NONE = new InputReport(null, List.of(), List.of(), List.of(), List.of(),
            List.of(), 0, false);

    @Test
    void everySharedFrameWholeAndCut() throws IOException {
        Analyzer a = new Analyzer(Map.of(), ClusterView.EMPTY, AnalysisLimits.defaults());
        PacketDecoder decoder = new PacketDecoder();
        decoder.dissection().streams(new StreamTable());
        long frames = 0;
        for (Path p : SharedData.captures()) {
            PacketSource s;
            try {
                s = CaptureFiles.open(p);
            } catch (IOException e) {
                continue;
            }
            int src = a.addSource(p.getFileName().toString(), p.getFileName().toString());
            try (s) {
                PacketRecord r = new PacketRecord();
                while (s.next(r)) {
                    for (int len : new int[] {r.capturedLength, r.capturedLength / 2, Math.min(34, r.capturedLength)}) {
                        Dissection d = decoder.decode(r.data, r.offset, len, r.wireLength, r.linkType);
                        d.meta(r.number, r.timestampNanos, r.interfaceId);
                        a.accept(src, d, r.interfaceId);
                        frames++;
                    }
                }
            }
        }
        AnalysisView v = a.finish(NONE, Thresholds.defaults());
        RuleCatalog.Result r = RuleCatalog.standard().evaluate(v);
        assertTrue(r.ruleFailures().isEmpty(), r.ruleFailures().toString());
        assertTrue(frames > 3_000, "frames " + frames);
        assertEquals(frames, v.totals().packets());
    }

    @Test
    void randomBytes() {
        Analyzer a = new Analyzer(Map.of(), ClusterView.EMPTY, AnalysisLimits.defaults());
        PacketDecoder decoder = new PacketDecoder();
        Random rnd = new Random(7);
        int src = a.addSource("random", "random");
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            if (b.length > 0 && i % 2 == 0) {
                b[0] = 0x45;
            }
            int link = i % 3 == 0 ? LinkType.RAW : i % 3 == 1 ? LinkType.ETHERNET : LinkType.LINUX_SLL2;
            Dissection d = decoder.decode(b, 0, b.length, b.length, link);
            d.meta(i + 1, 1_000_000L * i, 0);
            a.accept(src, d, 0);
        }
        RuleCatalog.Result r = RuleCatalog.standard().evaluate(a.finish(NONE, Thresholds.defaults()));
        assertTrue(r.ruleFailures().isEmpty(), r.ruleFailures().toString());
    }
}
