package io.hoptrace.cli.analyze;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.rules.engine.ClockOffsets;
import io.hoptrace.rules.model.ClockOffset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyze input stage's pre-pass over the captures: reads the first packets of every node's captures into
 * {@link ClockOffsets} and returns each node's clock offset against the reference node, applied or not. Files that
 * cannot be read are skipped here; the main pass reports them.
 */
final class ClockPass {
    private ClockPass() {
    }

    /** The offsets; with {@code correct} false they are estimated and reported but none is applied. */
    static List<ClockOffset> estimate(InputSet in, long windowNanos, boolean correct) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (InputSet.Capture c : in.captures) {
            index.putIfAbsent(c.node(), index.size());
        }
        if (index.size() < 2) {
            return List.of();
        }
        ClockOffsets clocks = new ClockOffsets(List.copyOf(index.keySet()), windowNanos);
        PacketRecord r = new PacketRecord();
        for (InputSet.Capture c : in.captures) {
            int node = index.get(c.node());
            PacketDecoder decoder = new PacketDecoder();
            try (PacketSource s = CaptureFiles.open(c.path())) {
                while (!clocks.full(node) && s.next(r)) {
                    Dissection d = decoder.decode(r.data, r.offset, r.capturedLength, r.wireLength, r.linkType);
                    d.meta(r.number, r.timestampNanos, r.interfaceId);
                    clocks.add(node, d, r.interfaceId);
                }
            } catch (IOException e) {
                // what was read counts; the main pass says what went wrong
            }
        }
        List<ClockOffset> out = new ArrayList<>(clocks.estimate());
        if (!correct) {
            out.replaceAll(o -> o.applied() ? o.notApplied(join(o.note(), "--no-clock-correction")) : o);
        }
        return List.copyOf(out);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }
}
