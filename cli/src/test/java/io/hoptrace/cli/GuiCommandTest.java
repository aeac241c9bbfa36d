package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hoptrace.decoders.DecoderConfig;
import io.hoptrace.decoders.SharedData;
import io.hoptrace.ui.model.Column;
import io.hoptrace.ui.model.PacketIndex;
import io.hoptrace.ui.model.RowFormatter;
import io.hoptrace.ui.model.cluster.ClusterDirectory;
import io.hoptrace.ui.model.load.CaptureLoader;
import io.hoptrace.ui.model.load.LoadResult;
import io.hoptrace.ui.model.load.OpenException;
import io.hoptrace.ui.model.load.OpenPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoptrace gui}: the command and the capture port it hands the window (the window itself: ui's tests). */
class GuiCommandTest {
    private static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/mtu-blackhole"))) {
            p = p.getParent();
        }
        return p.resolve("samples");
    }

    private static LoadResult load(PacketIndex index, ClusterDirectory cluster, Path... paths) throws OpenException {
        OpenPlan plan = OpenPlan.of(List.of(paths));
        CaptureLoader.readState(plan, cluster);
        return new CaptureLoader(new CaptureFilesOpener(), DecoderConfig.defaults())
                .load(plan, cluster, index, (d, t) -> { }, () -> false);
    }

    @Test
    void theBundleLoadsThroughTheCaptureModulesReaders() throws Exception {
        PacketIndex index = new PacketIndex();
        ClusterDirectory cluster = ClusterDirectory.empty();
        LoadResult r = load(index, cluster, samples().resolve("mtu-blackhole"));
        assertEquals(169, r.packets());
        assertEquals(List.of(), r.problems());
        RowFormatter f = new RowFormatter(index, cluster, DecoderConfig.defaults());
        int nodeA = 0;
        for (int row = 0; row < index.count(); row++) {
            nodeA += f.cell(row, Column.NODE).equals("node-a") ? 1 : 0;
        }
        assertEquals(85, nodeA);
        int frag = -1;
        for (int row = 0; row < index.count() && frag < 0; row++) {
            frag = f.cell(row, Column.INFO).contains("need to frag (mtu 1450)") ? row : -1;
        }
        assertEquals("cni0 out", f.cell(frag, Column.INTERFACE));
        assertEquals("10.244.0.1 (node-a cni0)", f.cell(frag, Column.SOURCE));
    }

    @Test
    void pcapngInterfaceNamesComeThrough() throws Exception {
        // every shared pcapng reads; this one names no interface, so the column stays empty rather than wrong
        PacketIndex index = new PacketIndex();
        LoadResult r = load(index, ClusterDirectory.empty(), SharedData.file("pcap/tcpdump/bgp-role.pcapng"));
        assertTrue(r.packets() > 0);
        assertEquals("", new RowFormatter(index, ClusterDirectory.empty(), DecoderConfig.defaults())
                .cell(0, Column.INTERFACE));
    }

    @Test
    void aTextFileFailsWithTheReadersSentence(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Hello");
        OpenException e = assertThrows(OpenException.class,
                () -> load(new PacketIndex(), ClusterDirectory.empty(), text));
        assertEquals(text + ": not a pcap or pcapng capture (starts with 0x48 0x65 0x6c 0x6c)", e.getMessage());
    }

    @Test
    void aCaptureCutShortIsAProblemNotAFailure(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(samples().resolve("mtu-blackhole/nodes/node-c/any.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        PacketIndex index = new PacketIndex();
        LoadResult r = load(index, ClusterDirectory.empty(), cut);
        assertEquals(13, r.packets());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).contains("cut.pcap"), r.problems().toString());
    }

    /** The bytes the capture module's sequential reader gives for every packet of {@code file}, in order. */
    private static List<byte[]> sequential(Path file) throws java.io.IOException {
        List<byte[]> frames = new java.util.ArrayList<>();
        try (var source = io.hoptrace.capture.file.CaptureFiles.open(file)) {
            var r = new io.hoptrace.capture.file.PacketRecord();
            while (source.next(r)) {
                frames.add(r.copyBytes());
            }
        }
        return frames;
    }

    private static void assertFramesReadBack(PacketIndex index, List<byte[]> expected) {
        assertEquals(expected.size(), index.count());
        // last first: reading back is random access, not the order the file was read in
        for (int row = index.count() - 1; row >= 0; row--) {
            byte[] frame = new byte[index.capturedLength(row)];
            assertTrue(index.frame(row, frame), "row " + row);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(row), frame, "row " + row);
        }
    }

    @Test
    void framesAreReadBackFromTheFilesNotKeptInMemory() throws Exception {
        for (String name : List.of("pcap/tcpdump/afs.pcap", "pcap/tcpdump/bgp-role.pcapng",
                "pcap/suricata-verify/bug-7725-01_ip_in_ip.pcap")) {
            Path file = SharedData.file(name);
            PacketIndex index = new PacketIndex();
            load(index, ClusterDirectory.empty(), file);
            assertFramesReadBack(index, sequential(file));
            assertEquals(0, index.frameBytes(), name + ": frame bytes copied into the heap");
            index.close();
            byte[] frame = new byte[index.capturedLength(0)];
            assertFalse(index.frame(0, frame), "read after close");
            assertTrue(index.frameProblem().contains(file.toString()), index.frameProblem());
        }
    }

    @Test
    void pcapInBothByteOrdersAndNanosecondsAndPcapngSectionsReadBack(@TempDir Path dir) throws Exception {
        // the shared data has little-endian microsecond pcaps only: the others are made from one
        byte[] afs = Files.readAllBytes(SharedData.file("pcap/tcpdump/afs.pcap"));
        List<byte[]> expected = sequential(SharedData.file("pcap/tcpdump/afs.pcap"));
        for (String variant : List.of("be-us", "le-ns", "be-ns")) {
            Path file = Files.write(dir.resolve("afs-" + variant + ".pcap"),
                    io.hoptrace.capture.file.PcapVariants.rewrite(afs, variant.startsWith("be"), variant.endsWith("ns")));
            PacketIndex index = new PacketIndex();
            load(index, ClusterDirectory.empty(), file);
            assertFramesReadBack(index, expected);
        }
        // pcapng files one after the other: a section each, interfaces numbered from 0 in each
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        List<byte[]> frames = new java.util.ArrayList<>();
        for (String name : List.of("pcap/tcpdump/bgp-role.pcapng", "pcap/tcpdump/bgp-extended-msg.pcapng",
                "pcap/tcpdump/bgp-enhanced-route-refresh-subtype.pcapng")) {
            joined.writeBytes(Files.readAllBytes(SharedData.file(name)));
            frames.addAll(sequential(SharedData.file(name)));
        }
        Path file = Files.write(dir.resolve("sections.pcapng"), joined.toByteArray());
        PacketIndex index = new PacketIndex();
        load(index, ClusterDirectory.empty(), file);
        // several files merge by time; one file with several sections keeps its order only when times rise, so
        // compare as sets of frames
        assertEquals(frames.size(), index.count());
        List<String> got = new java.util.ArrayList<>();
        for (int row = 0; row < index.count(); row++) {
            byte[] frame = new byte[index.capturedLength(row)];
            assertTrue(index.frame(row, frame));
            got.add(java.util.HexFormat.of().formatHex(frame));
        }
        assertEquals(frames.stream().map(java.util.HexFormat.of()::formatHex).toList(), got);
    }

    @Test
    void aCutCaptureShowsEveryCompletePacketReadBack(@TempDir Path dir) throws Exception {
        Path original = SharedData.file("pcap/tcpdump/afs.pcap");
        List<byte[]> whole = sequential(original);
        byte[] bytes = Files.readAllBytes(original);
        Path cut = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        PacketIndex index = new PacketIndex();
        LoadResult r = load(index, ClusterDirectory.empty(), cut);
        assertEquals(whole.size() - 1, r.packets());
        assertFramesReadBack(index, whole.subList(0, whole.size() - 1));
        assertTrue(r.problems().get(0).contains("file ends inside packet " + whole.size()), r.problems().toString());
    }

    @Test
    void helpNamesTheOptions() {
        CliRun run = CliRun.of("gui", "--help");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("--screenshot=FILE.png"), run.out());
        assertTrue(run.out().contains("-Y, --filter=FILTER"), run.out());
    }

    @Test
    void withoutADisplayItSaysSoInsteadOfAStackTrace() {
        String display = System.getenv("DISPLAY");
        assumeTrue((display == null || display.isBlank()) && System.getenv("WAYLAND_DISPLAY") == null,
                "a display is available here");
        CliRun run = CliRun.of("gui", "samples/mtu-blackhole");
        assertEquals(ExitCode.BAD_INPUT, run.code(), run.toString());
        assertEquals("hoptrace: no display to open a window on (DISPLAY is not set); run it in a desktop session,"
                + " or under xvfb-run for --screenshot\n", run.err());
    }
}
