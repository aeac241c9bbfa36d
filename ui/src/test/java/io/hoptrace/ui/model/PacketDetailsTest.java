package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PacketDetailsTest {
    private static Loaded l;

    @BeforeAll
    static void load() throws Exception {
        l = new Loaded(Samples.bundle("mtu-blackhole"));
    }

    private static byte[] frame(int row) {
        byte[] b = new byte[l.index.capturedLength(row)];
        l.index.frame(row, b);
        return b;
    }

    @Test
    void ipv4LayerWithTtlPointingAtItsByte() {
        int row = l.find(Column.INFO, "need to frag (mtu 1450)");
        DetailNode root = PacketDetails.of(row, l.index, l.formatter, List.of());
        DetailNode ip = root.children().stream().filter(n -> n.kind() == DetailNode.Kind.LAYER
                && n.label().startsWith("IPv4")).findFirst().orElseThrow();
        // SLL2 is 20 bytes: the IPv4 header follows it
        assertEquals(20, ip.offset());
        DetailNode ttl = ip.find("ttl: ");
        assertNotNull(ttl, "ttl field under " + ip.label());
        assertEquals(1, ttl.length());
        assertEquals(28, ttl.offset());
        assertEquals("ttl: " + (frame(row)[ttl.offset()] & 0xFF), ttl.label());
        DetailNode src = ip.find("src: ");
        assertEquals("src: 10.244.0.1", src.label());
        assertEquals(4, src.length());
        assertEquals(32, src.offset());
    }

    @Test
    void quotedHeaderOfAnIcmpErrorIsItsOwnLayer() {
        int row = l.find(Column.INFO, "need to frag (mtu 1450)");
        DetailNode root = PacketDetails.of(row, l.index, l.formatter, List.of());
        assertTrue(root.children().stream().anyMatch(n -> n.label().startsWith("IPv4 (quoted)")),
                root.children().toString());
        DetailNode frame = root.children().get(0);
        assertTrue(frame.label().startsWith("Frame " + (row + 1) + ": 596 bytes on wire, 256 bytes captured"),
                frame.label());
        assertNotNull(frame.find("node: node-a"));
        assertNotNull(frame.find("interface: cni0 out"));
    }

    @Test
    void truncatedLayersSaySo() {
        int row = l.find(Column.LENGTH, "1520");
        DetailNode root = PacketDetails.of(row, l.index, l.formatter, List.of());
        assertTrue(root.children().stream().anyMatch(n -> n.label().endsWith("[truncated]")),
                root.children().toString());
    }

    @Test
    void everyFieldOfEveryPacketLiesInsideItsFrame() {
        for (int row = 0; row < l.index.count(); row++) {
            DetailNode root = PacketDetails.of(row, l.index, l.formatter, List.of());
            check(root, l.index.capturedLength(row), row);
        }
    }

    private static void check(DetailNode n, int length, int row) {
        if (n.offset() >= 0) {
            assertTrue(n.offset() + n.length() <= length, "row " + row + " " + n.label() + " " + n.offset()
                    + "+" + n.length() + " > " + length);
        }
        n.children().forEach(c -> check(c, length, row));
    }

    @Test
    void hexDumpLayoutAndHighlightSpans() {
        byte[] b = new byte[20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0x41 + i);
        }
        HexDump h = HexDump.of(b, 0, b.length);
        String[] lines = h.text().split("\n");
        assertEquals("0000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP", lines[0]);
        assertEquals("0010  51 52 53 54" + " ".repeat(37) + "  QRST" + " ".repeat(12), lines[1]);
        // bytes 14..17 cross the line: hex and ascii parts on both lines
        int[] s = h.spans(14, 4);
        assertEquals(8, s.length);
        assertEquals("4f 50", h.text().substring(s[0], s[1]));
        assertEquals("OP", h.text().substring(s[2], s[3]));
        assertEquals("51 52", h.text().substring(s[4], s[5]));
        assertEquals("QR", h.text().substring(s[6], s[7]));
        assertEquals(0, h.spans(30, 4).length);
        assertEquals(15, h.byteAt(s[0] + 3));
        assertEquals(15, h.byteAt(s[2] + 1));
        assertEquals(-1, h.byteAt(0));
        assertEquals(8, h.byteAt(h.text().indexOf("49")));
    }

    @Test
    void relativeTimes() {
        assertEquals("0.000000", RowFormatter.relativeTime(0));
        assertEquals("0.000043", RowFormatter.relativeTime(43_000));
        assertEquals("1.507602", RowFormatter.relativeTime(1_507_601_700L));
        assertEquals("12.000001", RowFormatter.relativeTime(12_000_000_999L));
        assertEquals("-0.000002", RowFormatter.relativeTime(-2_000));
    }
}
