package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hoptrace.decoders.PacketDecoder;
import io.hoptrace.decoders.PacketSummary;
import io.hoptrace.ui.Samples;
import org.junit.jupiter.api.Test;

class RowFormatterTest {
    @Test
    void textIsMadeOnlyForRowsAskedAndRemembered() throws Exception {
        Loaded l = new Loaded(Samples.bundle("mtu-blackhole"));
        assertEquals(0, l.formatter.decodes(), "loading makes no row text");
        RowText t = l.formatter.text(100);
        assertEquals(1, l.formatter.decodes());
        assertSame(t, l.formatter.text(100));
        assertEquals(1, l.formatter.decodes());
        for (int row = 0; row < 5000 && row < l.index.count(); row++) {
            l.formatter.text(row);
        }
        assertEquals(l.index.count(), l.formatter.decodes());
    }

    @Test
    void frameBytesAndTheSummaryComeBackFromTheIndex() throws Exception {
        Loaded l = new Loaded(Samples.bundle("mtu-blackhole").resolve("nodes/node-a/any.pcap"));
        byte[] frame = new byte[l.index.capturedLength(9)];
        l.index.frame(9, frame);
        String summary = PacketSummary.text(new PacketDecoder().decode(frame, 0, frame.length,
                l.index.wireLength(9), l.index.linkType(9)));
        // the Info column is the summary without the interface and the addresses, which have columns of their own
        String info = l.formatter.cell(9, Column.INFO);
        assertEquals(summary.substring(summary.indexOf(": ") + 2), info);
    }
}
