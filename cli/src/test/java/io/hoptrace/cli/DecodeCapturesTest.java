package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoptrace.capture.file.CaptureFiles;
import io.hoptrace.capture.file.PacketRecord;
import io.hoptrace.capture.file.PacketSource;
import io.hoptrace.capture.file.PcapngWriter;
import io.hoptrace.decoders.LinkType;
import io.hoptrace.decoders.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** decode on real captures: what the summaries say, what the options change, what the JSON holds. */
class DecodeCapturesTest {
    private static final String FLANNEL = SharedData.file("pcap/tcpdump/vxlan_port_8472.pcap").toString();
    private static final String BGP_ROLE = SharedData.file("pcap/tcpdump/bgp-role.pcapng").toString();
    /** Four segments of one BGP session; the third holds an UPDATE that began in the second. */
    private static final String BGP_SPLIT = SharedData.file("pcap/tcpdump/bgp-as-path-oobr.pcap").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void flannelPortCarriesVxlanOnEveryPacket() {
        CliRun r = CliRun.of("decode", FLANNEL);
        assertEquals(ExitCode.OK, r.code(), r.toString());
        List<String> lines = r.lines();
        assertEquals(10, lines.size());
        for (String line : lines) {
            assertTrue(line.contains(".8472: VXLAN vni 100 | "), line);
        }
        assertEquals("    1  20:21:44.837063 IP 192.168.203.1.45149 > 192.168.202.1.8472: VXLAN vni 100 | "
                + "192.168.203.3 > 192.168.203.5: ICMP echo request, id 1292, seq 1, length 64", lines.get(0));
    }

    @Test
    void vxlanPortNoneLeavesPlainUdp() {
        CliRun r = CliRun.of("decode", "--vxlan-port", "none", FLANNEL);
        assertEquals(ExitCode.OK, r.code(), r.toString());
        for (String line : r.lines()) {
            assertFalse(line.contains("VXLAN"), line);
            assertTrue(line.matches(".*\\.8472: UDP, length \\d+"), line);
        }
    }

    @Test
    void vxlanPortsReplaceTheDefaults() {
        assertFalse(CliRun.of("decode", "--vxlan-port", "4789", FLANNEL).out().contains("VXLAN"));
        CliRun listed = CliRun.of("decode", "--vxlan-port", "4789,8472", FLANNEL);
        assertEquals(10, listed.lines().stream().filter(l -> l.contains("VXLAN vni 100")).count());
        CliRun repeated = CliRun.of("decode", "--vxlan-port", "4789", "--vxlan-port", "8472", FLANNEL);
        assertEquals(listed.out(), repeated.out());
    }

    @Test
    void bgpOpenShowsTheAs() {
        CliRun r = CliRun.of("decode", "-c", "1", BGP_ROLE);
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String line = r.lines().get(0);
        // tcpdump -v: "Open Message (1), length: 107 ... My AS: 65002, Holdtime: 180s, ID: 192.168.10.17"
        assertTrue(line.startsWith("    1  20:08:52.541413 Out IP 192.168.10.17.179 > 192.168.10.124.53580: "),
                line);
        assertTrue(line.contains("BGP OPEN as 65002, hold 180, id 192.168.10.17"), line);
    }

    @Test
    void bgpPortNoneLeavesTheTcpPayloadAlone() {
        String line = CliRun.of("decode", "-c", "1", "--bgp-port", "none", BGP_ROLE).lines().get(0);
        assertFalse(line.contains("BGP"), line);
        assertTrue(line.endsWith("length 107"), line);
    }

    @Test
    void bgpMessagesSplitAcrossSegmentsAreReassembled() throws IOException {
        List<String> lines = CliRun.of("decode", BGP_SPLIT).lines();
        assertTrue(lines.get(2).contains("BGP UPDATE (reassembled)"), lines.get(2));
        List<JsonNode> packets = json(CliRun.of("decode", "--format", "json", BGP_SPLIT));
        long reassembled = 0;
        for (JsonNode layer : packets.get(2).get("layers")) {
            if (layer.path("reassembled").asBoolean()) {
                reassembled++;
                assertEquals("bgp", layer.get("proto").asText());
            }
        }
        assertEquals(1, reassembled, packets.get(2).toString());
    }

    @Test
    void streamsDoNotLeakFromOneFileIntoTheNext() {
        String once = CliRun.of("decode", BGP_SPLIT).out();
        assertEquals(once + once, CliRun.of("decode", BGP_SPLIT, BGP_SPLIT).out());
    }

    @Test
    void jsonLayersCarryTheVxlanFields() throws IOException {
        List<JsonNode> packets = json(CliRun.of("decode", "--format", "json", FLANNEL));
        assertEquals(10, packets.size());
        for (JsonNode p : packets) {
            JsonNode vxlan = layer(p, "vxlan");
            assertEquals(100, vxlan.get("fields").get("vni").asInt(), p.toString());
            assertEquals(42, vxlan.get("offset").asInt(), "eth 14 + ip 20 + udp 8");
            assertEquals(0, vxlan.get("depth").asInt());
            JsonNode inner = p.get("layers").get(p.get("layers").size() - 1);
            assertEquals(1, inner.get("depth").asInt(), "the inner packet is one tunnel deep");
            assertTrue(p.get("summary").asText().contains("VXLAN vni 100 | "));
        }
        JsonNode udp = layer(packets.get(0), "udp");
        assertEquals(45149, udp.get("fields").get("srcport").asInt());
        assertEquals(8472, udp.get("fields").get("dstport").asInt());
    }

    @Test
    void jsonQuotedLayersAndAnomalies() throws IOException {
        // an ICMP port unreachable whose quoted datagram claims more than the capture holds
        String file = SharedData.file("pcap/tcpdump/icmp-cksum-oobr-1.pcap").toString();
        JsonNode p = json(CliRun.of("decode", "--format", "json", file)).get(0);
        boolean quoted = false;
        for (JsonNode layer : p.get("layers")) {
            quoted |= layer.path("quoted").asBoolean(false);
            assertFalse(layer.has("quoted") && !layer.get("quoted").asBoolean(), "quoted appears only when true");
        }
        assertTrue(quoted, p.toString());
        for (JsonNode a : p.get("anomalies")) {
            assertTrue(a.get("id").asText().matches("[a-z0-9-]+(\\.[a-z0-9-]+)+"), a.toString());
            assertTrue(a.get("layer").asInt() < p.get("layers").size());
            assertTrue(a.get("offset").asInt() >= 0 && a.get("offset").asInt() <= p.get("caplen").asInt(), a.toString());
            assertTrue(List.of("note", "warning", "error").contains(a.get("severity").asText()));
        }
    }

    @Test
    void pcapngInterfaceNamesAreShown() throws IOException {
        Path written = tmp.resolve("named.pcapng");
        try (PcapngWriter w = PcapngWriter.create(written);
             PacketSource in = CaptureFiles.open(Path.of(FLANNEL))) {
            int eth0 = w.addInterface("eth0", "node=worker-1", LinkType.ETHERNET, 262_144);
            int flannel = w.addInterface("flannel.1", null, LinkType.ETHERNET, 262_144);
            PacketRecord r = new PacketRecord();
            while (in.next(r)) {
                w.write(r.number % 2 == 1 ? eth0 : flannel, r);
            }
        }
        List<String> lines = CliRun.of("decode", "-c", "2", written.toString()).lines();
        assertTrue(lines.get(0).startsWith("    1  20:21:44.837063 eth0  IP 192.168.203.1.45149 > "), lines.get(0));
        assertTrue(lines.get(1).startsWith("    2  20:21:44.882198 flannel.1 IP 192.168.202.1.42710 > "),
                lines.get(1));
        List<JsonNode> packets = json(CliRun.of("decode", "--format", "json", "-c", "2", written.toString()));
        assertEquals("eth0", packets.get(0).get("interface").asText());
        assertEquals("flannel.1", packets.get(1).get("interface").asText());
        assertEquals(0, packets.get(0).get("layers").get(0).get("offset").asInt(),
                "offsets start at the frame, not at the pcapng block");
    }

    @Test
    void sllDirectionFromACookedCapture() {
        List<String> lines = CliRun.of("decode", "-c", "3", BGP_ROLE).lines();
        assertTrue(lines.get(0).contains(" Out IP "), lines.get(0));
        assertTrue(lines.get(2).contains(" In  IP "), lines.get(2));
        List<JsonNode> packets = CliRun.of("decode", "-c", "3", "--format", "json", BGP_ROLE).lines().stream()
                .map(DecodeCapturesTest::parse).toList();
        assertEquals("out", packets.get(0).get("direction").asText());
        assertEquals("in", packets.get(2).get("direction").asText());
        assertEquals("LINUX_SLL", packets.get(0).get("link").asText());
    }

    @Test
    void everySharedCaptureDecodesWithoutAnInternalError() {
        for (Path capture : SharedData.captures()) {
            CliRun text = CliRun.of("decode", capture.toString());
            CliRun json = CliRun.of("decode", "--format", "json", capture.toString());
            for (CliRun r : List.of(text, json)) {
                assertTrue(r.code() == ExitCode.OK || r.code() == ExitCode.BAD_INPUT, capture + "\n" + r);
                assertFalse(r.err().contains("internal error"), capture + "\n" + r.err());
            }
            assertEquals(text.lines().size(), json.lines().size(), capture.toString());
            json.lines().forEach(DecodeCapturesTest::parse);
        }
    }

    private static JsonNode layer(JsonNode packet, String proto) {
        for (JsonNode l : packet.get("layers")) {
            if (l.get("proto").asText().equals(proto)) {
                return l;
            }
        }
        throw new AssertionError("no " + proto + " layer in " + packet);
    }

    private static List<JsonNode> json(CliRun r) {
        assertEquals(ExitCode.OK, r.code(), r.toString());
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : r.lines()) {
            nodes.add(parse(line));
        }
        return nodes;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
