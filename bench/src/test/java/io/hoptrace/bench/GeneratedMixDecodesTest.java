package io.hoptrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.StreamTable;
import io.hoptrace.decoders.TextLine;
import io.hoptrace.decoders.bgp.BgpDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator and the decoders check each other: every frame of the synthetic mix must decode without a
 * malformed layer or a warning, through hoptrace's own pcap reader, and every kind of layer must show up.
 */
class GeneratedMixDecodesTest {
    @Test
    void everyFrameDecodesCleanly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mix.pcap");
        CaptureGenerator.generate(CaptureGenerator.parse(
                new String[] {"--packets", "30000", "--seed", "5", "--out", file.toString()}));
        PacketDecoder decoder = new PacketDecoder();
        Dissection d = decoder.dissection().streams(new StreamTable());
        Map<Protocol, Integer> seen = new EnumMap<>(Protocol.class);
        Map<String, Integer> anomalies = new TreeMap<>();
        Map<String, Integer> notes = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        TextLine line = new TextLine();
        long packets = 0;
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                packets++;
                decoder.decode(r.data, r.offset, r.capturedLength, r.wireLength, r.linkType);
                for (int i = 0; i < d.layerCount(); i++) {
                    seen.merge(d.protocol(i), 1, Integer::sum);
                }
                for (int i = 0; i < d.anomalyCount(); i++) {
                    Anomaly a = d.anomaly(i);
                    (a.severity() == Anomaly.Severity.NOTE ? notes : anomalies).merge(a.id(), 1, Integer::sum);
                }
                if (d.worstStatus() == LayerStatus.MALFORMED || d.worstStatus() == LayerStatus.TRUNCATED) {
                    if (bad.size() < 10) {
                        bad.add(r.number + ": " + PacketSummary.append(d, line.clear()));
                    }
                }
            }
            assertEquals(null, source.problem());
        }
        assertEquals(30000, packets);
        assertEquals(List.of(), bad);
        assertEquals(Map.of(), anomalies, "warnings and errors");
        // BGP messages cut across segments are part of the mix: the decoder notes each one
        assertTrue(notes.getOrDefault(BgpDecoder.CONTINUES.id(), 0) > 0, "notes: " + notes);
        for (Protocol p : new Protocol[] {Protocol.ETHERNET, Protocol.IPV4, Protocol.IPV6, Protocol.TCP, Protocol.UDP,
                Protocol.ICMP, Protocol.ICMPV6, Protocol.VXLAN, Protocol.BGP}) {
            assertTrue(seen.getOrDefault(p, 0) > 0, p + " never decoded: " + seen);
        }
    }
}
