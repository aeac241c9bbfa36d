package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.Frames;
import io.hoptrace.decoders.Hex;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.ui.PcapngBytes;
import io.hoptrace.ui.Samples;
import io.hoptrace.ui.TestCaptureOpener;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.load.CaptureLoader;
import io.hoptrace.ui.model.load.LoadResult;
import io.hoptrace.ui.model.load.OpenException;
import io.hoptrace.ui.model.load.OpenPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureLoaderTest {
    private static final Path MTU = Samples.bundle("mtu-blackhole");

    @Test
    void bundleMergesEveryNodeByTime() throws Exception {
        Loaded l = new Loaded(MTU);
        // 85 + 70 + 14 packets in nodes/node-{a,b,c}/any.pcap (capinfos)
        assertEquals(169, l.index.count());
        assertEquals(List.of(), l.result.problems());
        for (int row = 1; row < l.index.count(); row++) {
            assertTrue(l.index.timestamp(row) >= l.index.timestamp(row - 1), "time order at row " + row);
        }
        int nodeA = 0;
        for (int row = 0; row < l.index.count(); row++) {
            nodeA += l.formatter.cell(row, Column.NODE).equals("node-a") ? 1 : 0;
        }
        assertEquals(85, nodeA);
    }

    @Test
    void rowColumnsNameNodesInterfacesAndPods() throws Exception {
        Loaded l = new Loaded(MTU);
        // the first ICMP "fragmentation needed" node-a's cni0 sends back to the pod
        int row = l.find(Column.INFO, "need to frag (mtu 1450)");
        RowText t = l.formatter.text(row);
        assertEquals("node-a", t.get(Column.NODE));
        assertEquals("cni0 out", t.get(Column.INTERFACE));
        assertEquals("10.244.0.1 (node-a cni0)", t.get(Column.SOURCE));
        assertEquals("10.244.0.11 (mtu-client-7b9f6c5d8-q8wzt)", t.get(Column.DESTINATION));
        assertEquals("ICMP", t.get(Column.PROTOCOL));
        assertEquals("sll2:ip:icmp:ip:icmp", t.get(Column.STACK));
        assertEquals("596", t.get(Column.LENGTH));
        assertTrue(t.get(Column.INFO).startsWith("ICMP 10.244.1.10 unreachable - need to frag (mtu 1450)")
                || t.get(Column.INFO).startsWith("ICMP unreachable - need to frag (mtu 1450)"), t.get(Column.INFO));
        assertEquals("", t.get(Column.ENCAPSULATION));
    }

    @Test
    void tunnelledRowsShowTheInnerPacketAndTheOuterNodes() throws Exception {
        Loaded l = new Loaded(MTU);
        int row = l.find(Column.STACK, "sll2:ip:udp:vxlan:eth:ip:icmp");
        RowText t = l.formatter.text(row);
        assertEquals("VXLAN 1, node-a \u2192 node-b", t.get(Column.ENCAPSULATION));
        assertEquals("10.244.0.11 (mtu-client-7b9f6c5d8-q8wzt)", t.get(Column.SOURCE));
        assertEquals("ICMP echo request, id 1001, seq 1, length 64", t.get(Column.INFO));
        assertEquals("eth0 out", t.get(Column.INTERFACE));
    }

    @Test
    void aFileInsideABundleBringsItsNodesNames() throws Exception {
        Loaded l = new Loaded(MTU.resolve("nodes/node-a/any.pcap"));
        assertEquals(85, l.index.count());
        assertEquals("node-a", l.formatter.cell(0, Column.NODE));
        assertTrue(l.formatter.cell(l.find(Column.INTERFACE, "flannel.1"), Column.INTERFACE).startsWith("flannel.1"));
    }

    @Test
    void pcapngNamesTheInterfaceAndTheNodeHoptraceWroteThere(@TempDir Path dir) throws Exception {
        byte[] echo = Hex.bytes(Frames.ICMP_ECHO);
        Path f = dir.resolve("worker.pcapng");
        Files.write(f, new PcapngBytes()
                .iface(1, "eth0", "node=worker-1 iface=eth0")
                .iface(1, "cni0", "node=worker-1 iface=cni0")
                .packet(0, 1_700_000_000_000_000_000L, echo)
                .packet(1, 1_700_000_000_000_250_000L, echo).bytes());
        Loaded l = new Loaded(f);
        assertEquals(2, l.index.count());
        assertEquals("worker-1", l.formatter.cell(0, Column.NODE));
        assertEquals("eth0", l.formatter.cell(0, Column.INTERFACE));
        assertEquals("cni0", l.formatter.cell(1, Column.INTERFACE));
        assertEquals("0.000250", l.formatter.cell(1, Column.TIME));
        assertEquals(1, l.count("iface == cni0"));
    }

    @Test
    void bgpPcapngFromTheSharedData() throws Exception {
        Loaded l = new Loaded(SharedData.file("pcap/tcpdump/bgp-role.pcapng"));
        assertTrue(l.index.count() > 0);
        assertEquals(l.count("bgp"), l.count("tcp.port == 179 and bgp"));
        assertTrue(l.count("bgp") > 0);
    }

    @Test
    void sharedVxlanCaptureIsTunnelled() throws Exception {
        Loaded l = new Loaded(SharedData.file("pcap/tcpdump/vxlan.pcap"));
        assertTrue(l.index.count() > 0);
        int vxlan = l.count("vxlan");
        assertTrue(vxlan > 0);
        assertEquals(vxlan, l.count("encap"));
        assertTrue(l.formatter.cell(l.view("vxlan").row(0), Column.ENCAPSULATION).startsWith("VXLAN "));
    }

    @Test
    void severalPlainFilesAreNamedByFile(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        Files.copy(MTU.resolve("nodes/node-a/any.pcap"), a);
        Files.copy(MTU.resolve("nodes/node-c/any.pcap"), b);
        Loaded l = new Loaded(a, b);
        assertEquals(85 + 14, l.index.count());
        assertEquals(14, l.count("node == b.pcap"));
    }

    @Test
    void aTextFileIsNotACapture(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Hello, these are notes\n");
        OpenException e = assertThrows(OpenException.class, () -> new Loaded(text));
        assertEquals(text + ": not a pcap or pcapng capture (starts with 0x48 0x65 0x6c 0x6c)", e.getMessage());
    }

    @Test
    void oneBadFileInABundleIsAProblemNotAFailure(@TempDir Path dir) throws Exception {
        Path node = Files.createDirectories(dir.resolve("nodes/node-a"));
        Files.copy(MTU.resolve("nodes/node-a/any.pcap"), node.resolve("any.pcap"));
        Files.writeString(node.resolve("broken.pcap"), "garbage!");
        Loaded l = new Loaded(dir);
        assertEquals(85, l.index.count());
        assertEquals(1, l.result.problems().size());
        assertTrue(l.result.problems().get(0).contains("broken.pcap"), l.result.problems().toString());
    }

    @Test
    void openPlanSaysWhatIsWrong(@TempDir Path dir) {
        assertEquals(dir.resolve("nope.pcap") + ": no such file or directory",
                assertThrows(OpenException.class, () -> OpenPlan.of(List.of(dir.resolve("nope.pcap")))).getMessage());
        assertTrue(assertThrows(OpenException.class, () -> OpenPlan.of(List.of(dir))).getMessage()
                .contains("no capture files here"));
    }

    @Test
    void cancellingKeepsTheRowsReadSoFar() throws Exception {
        OpenPlan plan = OpenPlan.of(List.of(MTU));
        PacketIndex index = new PacketIndex();
        AtomicInteger checks = new AtomicInteger();
        LoadResult r = new CaptureLoader(new TestCaptureOpener(), DecoderConfig.defaults())
                .load(plan, ClusterDirectory.empty(), index, (d, t) -> { }, () -> checks.incrementAndGet() > 0);
        // cancellation is checked every 4096 packets: a small bundle finishes before the first check
        assertFalse(r.cancelled());
        assertEquals(169, r.packets());
    }

    @Test
    void clusterDirectoryFromTheBundle() throws Exception {
        Loaded l = new Loaded(MTU);
        assertEquals("svc web", l.cluster.nameOf("10.96.88.10"));
        assertEquals("node-b", l.cluster.nameOf("192.168.50.12"));
        assertEquals("web-7d4b9c6f8-abcde", l.cluster.nameOf("10.244.1.10"));
        assertEquals("cni0", l.cluster.interfaceName("node-a", 3));
        assertEquals(3, l.cluster.objects().stream().filter(o -> o.kind().equals("Node")).count());
        assertEquals(List.of(), l.cluster.problems());
    }
}
