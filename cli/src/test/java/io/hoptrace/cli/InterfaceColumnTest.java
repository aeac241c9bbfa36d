package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.capture.file.ReadProblem;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.TextLine;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceColumnTest {
    // Linux cooked v2 header of a packet received on ifindex 7: protocol 0x0800, reserved, if_index 7,
    // ARPHRD_ETHER, packet type 0 (to us), address length 6, address
    private static final String SLL2_IN = "08000000" + "00000007" + "0001" + "00" + "06" + "0a0b0c0d0e0f0000";
    // cooked v1, sent by this host: packet type 4, ARPHRD_ETHER, address length 6, address, protocol 0x0800
    private static final String SLL_OUT = "0004" + "0001" + "0006" + "0a0b0c0d0e0f0000" + "0800";

    @Test
    void sll2IsLeftToTheSummaryWhichNamesIndexAndDirection() {
        assertEquals("", column(record(LinkType.LINUX_SLL2, SLL2_IN, 0), source()));
        assertEquals("", column(record(LinkType.LINUX_SLL2, SLL2_IN, 0),
                source(new InterfaceInfo(0, LinkType.LINUX_SLL2, 262144, "any", null, 0, 1_000_000))),
                "'any' says nothing about one packet");
    }

    @Test
    void sllV1HasOnlyADirectionPaddedLikeTcpdump() {
        // cooked v1: packet type 4 (outgoing), ARPHRD_ETHER, address length 6, address, protocol
        assertEquals("Out ", column(record(LinkType.LINUX_SLL, SLL_OUT, 0), source()));
        assertEquals("In  ", column(record(LinkType.LINUX_SLL, "0000" + SLL_OUT.substring(4), 0), source()));
    }

    @Test
    void pcapngNamesTheInterface() {
        PacketSource s = source(new InterfaceInfo(0, 1, 262144, "eth0", null, 0, 1_000_000),
                new InterfaceInfo(1, 1, 262144, "flannel.1", null, 0, 1_000_000),
                new InterfaceInfo(2, LinkType.LINUX_SLL, 262144, "cni0", null, 0, 1_000_000));
        assertEquals("eth0  ", column(record(LinkType.ETHERNET, "00", 0), s));
        assertEquals("flannel.1 ", column(record(LinkType.ETHERNET, "00", 1), s));
        assertEquals("cni0  Out ", column(record(LinkType.LINUX_SLL, SLL_OUT, 2), s));
    }

    @Test
    void nothingWhenNothingIsKnown() {
        assertEquals("", column(record(LinkType.ETHERNET, "00", 0), source(new InterfaceInfo(0, 1, 0, null, null, 0,
                1_000_000))));
        assertEquals("", column(record(LinkType.LINUX_SLL, "0004", 0), source()), "a header cut short");
    }

    @Test
    void jsonNamesIndexesAndDirections() {
        InterfaceColumn c = new InterfaceColumn();
        c.beginFile(source(new InterfaceInfo(0, LinkType.LINUX_SLL2, 262144, "any", null, 0, 1_000_000)));
        PacketRecord r = record(LinkType.LINUX_SLL2, SLL2_IN, 0);
        assertEquals("any", c.name(r));
        assertEquals(7, InterfaceColumn.interfaceIndex(r));
        assertEquals("in", InterfaceColumn.direction(r));
        assertEquals("out", InterfaceColumn.direction(record(LinkType.LINUX_SLL, SLL_OUT, 0)));
        PacketRecord eth = record(LinkType.ETHERNET, "00", 1);
        assertNull(c.name(eth));
        assertEquals(-1, InterfaceColumn.interfaceIndex(eth));
        assertNull(InterfaceColumn.direction(eth));
    }

    private static String column(PacketRecord r, PacketSource s) {
        InterfaceColumn c = new InterfaceColumn();
        c.beginFile(s);
        TextLine line = new TextLine();
        c.append(line, r);
        return line.toString();
    }

    private static PacketRecord record(int linkType, String hex, int interfaceId) {
        PacketRecord r = new PacketRecord();
        byte[] frame = HexFormat.of().parseHex(hex);
        r.data = new byte[frame.length + 3];
        System.arraycopy(frame, 0, r.data, 3, frame.length);
        r.offset = 3;
        r.capturedLength = frame.length;
        r.wireLength = frame.length;
        r.linkType = linkType;
        r.interfaceId = interfaceId;
        return r;
    }

    private static PacketSource source(InterfaceInfo... interfaces) {
        return new PacketSource() {
            @Override
            public boolean next(PacketRecord record) {
                return false;
            }

            @Override
            public ReadProblem problem() {
                return null;
            }

            @Override
            public List<InterfaceInfo> interfaces() {
                return List.of(interfaces);
            }

            @Override
            public Path path() {
                return Path.of("test.pcapng");
            }

            @Override
            public String format() {
                return "pcapng";
            }

            @Override
            public long position() {
                return 0;
            }

            @Override
            public long size() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
