package io.hoptrace.decoders;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Decode and summary rates on one core, printed, not asserted (machines differ). Runs only with
 * {@code -Dhoptrace.probe=true}; the JMH benchmarks are the reference.
 */
class ThroughputProbe {
    @Test
    void measure() {
        assumeTrue(Boolean.getBoolean("hoptrace.probe"));
        List<byte[]> typical = new ArrayList<>();
        typical.add(Hex.bytes(Frames.TCP_SYN));
        typical.add(Hex.bytes(Frames.TCP_DATA));
        typical.add(Hex.bytes(Frames.TCP_SYN_ACK));
        typical.add(Hex.bytes(Frames.UDP));
        typical.add(Hex.bytes(Frames.ICMP_ECHO));
        typical.add(Hex.bytes(Frames.UDP6));
        typical.add(Hex.bytes(Frames.VLAN_UDP));
        typical.add(Hex.bytes(Frames.ARP_REQUEST));
        report("typical small frames", typical);

        List<byte[]> real = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        for (TestCaptures.Frame f : TestCaptures.read(SharedData.file(
                "pcap/suricata-verify/filestore-5408_input_needfrag.pcap"))) {
            real.add(f.bytes());
        }
        report("filestore-5408 (HTTP, 1514-byte frames)", real);
        List<byte[]> afs = new ArrayList<>();
        for (TestCaptures.Frame f : TestCaptures.read(SharedData.file("pcap/tcpdump/afs.pcap"))) {
            afs.add(f.bytes());
        }
        report("afs.pcap (UDP, fragments)", afs);
    }

    private static void report(String name, List<byte[]> frames) {
        byte[][] fs = frames.toArray(new byte[0][]);
        PacketDecoder decoder = new PacketDecoder();
        TextLine line = new TextLine(1024);
        for (int warm = 0; warm < 5; warm++) {
            loop(decoder, fs, null, 2_000_000);
            loop(decoder, fs, line, 1_000_000);
        }
        int n = 5_000_000;
        long t0 = System.nanoTime();
        long sink = loop(decoder, fs, null, n);
        long t1 = System.nanoTime();
        loop(decoder, fs, line, n);
        long t2 = System.nanoTime();
        System.out.printf("%s: decode %.2f M packets/s, decode+summary %.2f M lines/s (%d)%n", name,
                n * 1e3 / (t1 - t0), n * 1e3 / (t2 - t1), sink);
    }

    private static long loop(PacketDecoder decoder, byte[][] frames, TextLine line, int packets) {
        long layers = 0;
        for (int i = 0; i < packets; i++) {
            byte[] f = frames[i % frames.length];
            Dissection d = decoder.decode(f, 0, f.length, f.length, LinkType.ETHERNET);
            layers += d.layerCount();
            if (line != null) {
                line.clear();
                PacketSummary.append(d, line);
            }
        }
        return layers;
    }
}
