package io.hoptrace.ui.model.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.RowFormatter;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.load.CaptureInput;
import io.hoptrace.ui.model.load.OpenPlan;
import io.hoptrace.ui.model.load.RowAppender;
import io.hoptrace.ui.model.port.CapturedFrame;
import io.hoptrace.ui.model.port.InterfaceNaming;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live feed without a capture: frames handed over as the capture's writer thread would, rows out. */
class LiveFeedTest {
    private static final byte[] UDP = Hex.bytes(Frames.UDP);
    private static final OpenPlan PLAN = new OpenPlan("Live: eth0", List.of(new CaptureInput(Path.of("live.pcapng"),
            "")), null, Map.of());
    /** Two interfaces, as a capture on eth0 and cni0 names them. */
    private static final InterfaceNaming NAMES = new InterfaceNaming() {
        @Override
        public String interfaceName(int id) {
            return id == 0 ? "eth0" : id == 1 ? "cni0" : null;
        }

        @Override
        public String interfaceDescription(int id) {
            String name = interfaceName(id);
            return name == null ? null : "node=worker-3 iface=" + name;
        }
    };

    private final PacketIndex index = new PacketIndex();
    private final ClusterDirectory cluster = ClusterDirectory.empty();

    private RowAppender rows() {
        return new RowAppender(DecoderConfig.defaults(), PLAN, cluster, index, new InterfaceNaming[] {NAMES});
    }

    private static CapturedFrame frame(long number, int iface) {
        CapturedFrame f = new CapturedFrame();
        byte[] padded = new byte[UDP.length + 10];
        System.arraycopy(UDP, 0, padded, 5, UDP.length);
        f.data = padded;
        f.offset = 5;
        f.capturedLength = UDP.length;
        f.wireLength = UDP.length;
        f.timestampNanos = 1_700_000_000_000_000_000L + number * 1000;
        f.linkType = 1;
        f.interfaceId = iface;
        f.number = number;
        return f;
    }

    @Test
    void framesBecomeRowsInOrderNamedAsTheFileNamesThem() {
        LiveFeed feed = new LiveFeed(LiveFeed.DEFAULT_QUEUE_BYTES);
        feed.frame(frame(1, 0)); // before start: it waits in the queue
        feed.start(rows(), index);
        for (int n = 2; n <= 1000; n++) {
            CapturedFrame f = frame(n, n % 2);
            feed.frame(f);
            f.data[f.offset] = 0x7f; // the writer reuses its buffer after the call: the feed copied
        }
        assertTrue(feed.finish());
        assertEquals(1000, index.count());
        assertEquals(0, feed.dropped());
        assertNull(feed.failure());
        RowFormatter text = new RowFormatter(index, cluster, DecoderConfig.defaults());
        for (int row = 0; row < 1000; row++) {
            assertEquals(row + 1, index.numberInFile(row));
            byte[] bytes = new byte[index.capturedLength(row)];
            assertTrue(index.frame(row, bytes));
            assertEquals(0x02, bytes[0], "the bytes as they were handed over");
        }
        assertEquals("eth0", text.cell(0, Column.INTERFACE));
        assertEquals("cni0", text.cell(2, Column.INTERFACE), "packet 3 came on interface 1");
        assertEquals("worker-3", text.cell(2, Column.NODE));
        assertEquals("10.0.0.1", text.cell(2, Column.SOURCE));
        assertEquals("UDP", text.cell(2, Column.PROTOCOL));
        assertEquals(List.of("eth0", "cni0"), index.sourceInterfaces(0));
    }

    @Test
    void aFullQueueLeavesFramesOutAndCountsThem() {
        // room for 10 frames: the rest, handed over before the rows thread runs, are counted, not shown
        LiveFeed feed = new LiveFeed(10L * UDP.length);
        for (int n = 1; n <= 25; n++) {
            feed.frame(frame(n, 0));
        }
        assertEquals(15, feed.dropped());
        feed.start(rows(), index);
        assertTrue(feed.finish());
        assertEquals(10, index.count());
        assertEquals(10, index.numberInFile(9), "the rows keep the file's numbers");
    }
}
