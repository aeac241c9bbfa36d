package io.hoptrace.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.bench.gen.TrafficMix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureGeneratorTest {
    private static byte[] generate(String... args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = "-";
        CaptureGenerator.generate(CaptureGenerator.parse(all), Channels.newChannel(bytes));
        return bytes.toByteArray();
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        byte[] a = generate("--packets", "3000", "--seed", "7");
        assertArrayEquals(a, generate("--packets", "3000", "--seed", "7"));
        assertFalse(java.util.Arrays.equals(a, generate("--packets", "3000", "--seed", "8")));
    }

    @Test
    void writesExactlyTheRequestedPacketsInTimeOrderWithinEthernetSizes() throws IOException {
        List<PcapFrames.Frame> frames = PcapFrames.read(generate("--packets", "5000"));
        assertEquals(5000, frames.size());
        long last = 0;
        for (PcapFrames.Frame f : frames) {
            assertTrue(f.timestampNanos() > last, "timestamps increase");
            last = f.timestampNanos();
            assertEquals(f.bytes().length, f.wireLength(), "never cut by snaplen");
            assertTrue(f.bytes().length >= 60 && f.bytes().length <= 1514, "frame size " + f.bytes().length);
        }
        assertEquals(java.time.Instant.parse("2026-11-21T10:00:00Z").getEpochSecond() * 1_000_000_000L,
                frames.get(0).timestampNanos(), "default start");
    }

    @Test
    void everyFrameHasConsistentLengthsAndCorrectChecksums() throws IOException {
        List<PcapFrames.Frame> frames = PcapFrames.read(generate("--packets", "20000", "--seed", "3"));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            String p = PcapFrames.check(frames.get(i).bytes());
            if (p != null && problems.size() < 10) {
                problems.add("frame " + (i + 1) + ": " + p);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckerCatchesACorruptedChecksum() throws IOException {
        byte[] f = PcapFrames.read(generate("--packets", "1")).get(0).bytes();
        assertNull(PcapFrames.check(f));
        f[f.length - 1 > 60 ? f.length - 1 : 40] ^= 0x01;
        assertTrue(PcapFrames.check(f) != null, "a flipped payload bit must break a checksum");
    }

    @Test
    void mixHoldsEveryKindNearItsWeight() throws IOException {
        List<PcapFrames.Frame> frames = PcapFrames.read(generate("--packets", "100000"));
        int vxlan = 0;
        int ipip = 0;
        int bgp = 0;
        int ipv6 = 0;
        int fragments = 0;
        int fragNeeded = 0;
        long bytes = 0;
        for (PcapFrames.Frame frame : frames) {
            byte[] f = frame.bytes();
            bytes += f.length;
            int etherType = PcapFrames.u16(f, 12);
            if (etherType == 0x86DD) {
                ipv6++;
                continue;
            }
            int proto = f[23] & 0xFF;
            if (proto == 4) {
                ipip++;
            } else if (proto == 17 && PcapFrames.u16(f, 36) == 8472) {
                vxlan++;
            } else if (proto == 6 && (PcapFrames.u16(f, 34) == 179 || PcapFrames.u16(f, 36) == 179)) {
                bgp++;
            } else if (proto == 1 && f[34] == 3 && f[35] == 4) {
                fragNeeded++;
            }
            if ((PcapFrames.u16(f, 20) & 0x3FFF) != 0) {
                fragments++;
            }
        }
        assertTrue(vxlan > 30_000 && vxlan < 42_000, "vxlan " + vxlan);
        assertTrue(ipip > 18_000 && ipip < 28_000, "ipip " + ipip);
        assertTrue(bgp > 5_000 && bgp < 11_000, "bgp " + bgp);
        assertTrue(ipv6 > 3_000 && ipv6 < 9_000, "ipv6 " + ipv6);
        assertTrue(fragments > 300 && fragments < 3_000, "fragments " + fragments);
        assertTrue(fragNeeded > 50 && fragNeeded < 300, "frag-needed " + fragNeeded);
        long mean = bytes / frames.size();
        assertTrue(mean > 380 && mean < 500, "mean frame " + mean + ": 1 M packets should be a few hundred MB");
    }

    @Test
    void smallerHttpBodiesMakeSmallerFramesForManyPacketsPerGigabyte() throws IOException {
        List<PcapFrames.Frame> frames = PcapFrames.read(generate("--packets", "20000", "--http-body", "200"));
        long bytes = 0;
        for (PcapFrames.Frame f : frames) {
            bytes += f.bytes().length;
            assertNull(PcapFrames.check(f.bytes()));
        }
        long mean = bytes / frames.size();
        assertTrue(mean > 120 && mean < 250, "mean frame " + mean);
    }

    @Test
    void targetBytesAloneStopsRightAfterTheTarget() throws IOException {
        byte[] b = generate("--target-bytes", "2M");
        assertTrue(b.length >= 2_000_000 && b.length < 2_000_000 + 16 + 1514 * 3, "size " + b.length);
    }

    @Test
    void packetsAndTargetBytesTogetherNeedBoth() throws IOException {
        byte[] b = generate("--target-bytes", "100k", "--packets", "2000");
        assertTrue(PcapFrames.read(b).size() >= 2000 && b.length >= 100_000);
    }

    @Test
    void streamsThroughTheChannelWithoutHoldingTheCapture() throws IOException {
        // a channel that counts and forgets: the generator must write as it goes, in bounded chunks
        long[] written = {0, 0};
        WritableByteChannel sink = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                written[0] += n;
                written[1] = Math.max(written[1], n);
                src.position(src.limit());
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        CaptureGenerator.generate(CaptureGenerator.parse(new String[] {"--packets", "50000", "--out", "-"}), sink);
        assertTrue(written[0] > 15_000_000, "wrote " + written[0]);
        assertTrue(written[1] <= 1 << 20, "largest write " + written[1]);
    }

    @Test
    void committedSampleIsWhatItsReadmeCommandWrites() throws IOException {
        Path sample = Path.of(System.getProperty("user.dir")).resolveSibling("samples")
                .resolve("generated-mix.pcap");
        byte[] expected = generate("--packets", "300", "--seed", "99", "--weights", "bgp=25");
        assertArrayEquals(expected, Files.readAllBytes(sample),
                "regenerate samples/generated-mix.pcap with the command in samples/README.md");
        assertTrue(expected.length < 200_000);
    }

    @Test
    void tsharkFindsNothingMalformedAndNoBadChecksum(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
        Path f = dir.resolve("mix.pcap");
        Files.write(f, generate("--packets", "10000", "--seed", "11"));
        // quoted TCP headers in ICMP errors are cut short, so their checksums cannot verify: leave ICMP out
        String filter = "_ws.malformed || (!icmp && (_ws.expert.severity >= error || ip.checksum.status == 0"
                + " || tcp.checksum.status == 0 || udp.checksum.status == 0 || icmpv6.checksum.status == 0))";
        Process p = new ProcessBuilder("/usr/bin/tshark", "-r", f.toString(), "-d", "udp.port==8472,vxlan",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-Y", filter).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("", out.trim());
    }

    @Test
    void optionsParseSizesAndRejectMistakes() {
        assertEquals(10_000_000, CaptureGenerator.size("--packets", "10M"));
        assertEquals(1_000_000_000, CaptureGenerator.size("--target-bytes", "1G"));
        assertEquals(1_500, CaptureGenerator.size("--packets", "1_500"));
        CaptureGenerator.Options o = CaptureGenerator.parse(new String[] {"--out", "x.pcap"});
        assertEquals(CaptureGenerator.DEFAULT_PACKETS, o.packets());
        assertEquals(0, CaptureGenerator.parse(new String[] {"--out", "-", "--target-bytes", "1G"}).packets());
        assertEquals(50.0, CaptureGenerator.parse(new String[] {"--out", "-", "--weights", "bgp=50"}).weights()
                .get(TrafficMix.Kind.BGP));
        assertThrows(IllegalArgumentException.class, () -> CaptureGenerator.parse(new String[] {"--packets", "5"}));
        assertThrows(IllegalArgumentException.class,
                () -> CaptureGenerator.parse(new String[] {"--out", "-", "--packets", "-5"}));
        assertThrows(IllegalArgumentException.class,
                () -> CaptureGenerator.parse(new String[] {"--out", "-", "--weights", "gre=5"}));
        assertThrows(IllegalArgumentException.class, () -> CaptureGenerator.parse(new String[] {"--out", "-", "-x"}));
        assertThrows(IllegalArgumentException.class,
                () -> CaptureGenerator.parse(new String[] {"--out", "-", "--http-body", "10"}));
        assertThrows(IllegalArgumentException.class,
                () -> CaptureGenerator.parse(new String[] {"--out", "/no/such/dir/f.pcap"}));
    }
}
