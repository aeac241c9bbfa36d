package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.InterfaceInfo;
import io.hoptrace.capture.file.InterfaceStatistics;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.capture.file.PcapngReader;
import io.hoptrace.capture.file.ReadProblem;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/** A capture file read back three ways: hoptrace's reader, libpcap (pcap4j), and tshark. */
public record Captured(List<Packet> packets, List<InterfaceInfo> interfaces, Map<Integer, InterfaceStatistics> statistics,
                ReadProblem problem) {

    /** One packet as hoptrace's reader returned it. */
    public record Packet(int interfaceId, int linkType, long timestampNanos, int wireLength, byte[] bytes) {
        /** ICMP type, id and sequence of an Ethernet/IPv4/ICMP frame, or null. */
        public int[] icmp() {
            int ip = linkType == 1 ? 14 : linkType == Libpcap.DLT_LINUX_SLL2 ? 20 : -1;
            if (ip < 0 || bytes.length < ip + 28 || (bytes[ip] & 0xF0) != 0x40 || bytes[ip + 9] != 1) {
                return null;
            }
            int icmp = ip + (bytes[ip] & 0x0F) * 4;
            return new int[] {bytes[icmp] & 0xFF, u16(icmp + 4), u16(icmp + 6)};
        }

        private int u16(int at) {
            return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
        }
    }

    public static Captured read(Path file) throws IOException {
        List<Packet> packets = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketRecord r = new PacketRecord();
            while (source.next(r)) {
                packets.add(new Packet(r.interfaceId, r.linkType, r.timestampNanos, r.wireLength, r.copyBytes()));
            }
            Map<Integer, InterfaceStatistics> stats = source instanceof PcapngReader p ? p.statistics() : Map.of();
            return new Captured(packets, List.copyOf(source.interfaces()), stats, source.problem());
        }
    }

    /** Echo requests (type 8) and replies (type 0) with this id, as "type/seq" strings in file order. */
    public List<String> echoes(int ident) {
        List<String> out = new ArrayList<>();
        for (Packet p : packets) {
            int[] icmp = p.icmp();
            if (icmp != null && icmp[1] == ident) {
                out.add(icmp[0] + "/" + icmp[2]);
            }
        }
        return out;
    }

    /** The same file through libpcap: every frame's bytes, which must equal ours. */
    public void assertLibpcapAgrees(Path file) throws Exception {
        PcapHandle h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            int i = 0;
            while (true) {
                byte[] frame;
                try {
                    frame = h.getNextRawPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (TimeoutException e) {
                    continue;
                }
                Packet ours = packets.get(i);
                assertTrue(Arrays.equals(ours.bytes(), frame), "packet " + (i + 1) + " differs");
                assertEquals(ours.wireLength(), h.getOriginalLength(), "wire length of packet " + (i + 1));
                java.sql.Timestamp ts = h.getTimestamp();
                assertEquals(ours.timestampNanos(), Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L
                        + ts.getNanos(), "timestamp of packet " + (i + 1));
                i++;
            }
            assertEquals(packets.size(), i, "libpcap reads as many packets");
        } finally {
            h.close();
        }
    }

    /** tshark's tab-separated fields for every frame. */
    public static List<String> tshark(Path file, String... fields) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-T", "fields"));
        for (String f : fields) {
            command.add("-e");
            command.add(f);
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "tshark failed on " + file + ": " + out);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
