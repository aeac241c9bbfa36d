package io.hoptrace.bench.gen;

import java.io.IOException;
import java.util.Random;

/**
 * What conversations write through: the frame under construction, a scratch frame for datagrams that get
 * fragmented or quoted, the shared random source, the capture clock and the pcap writer.
 */
public final class Wire {
    /** Mean gap between packets: 1 M packets span about 20 s, as on a busy node. */
    private static final double MEAN_GAP_NANOS = 20_000;

    public final Random rnd;
    private final FrameBuilder frame = new FrameBuilder();
    private final FrameBuilder scratch = new FrameBuilder();
    private final PcapFileWriter out;
    private long clock;
    private long packetLimit = Long.MAX_VALUE;

    public Wire(Random rnd, PcapFileWriter out, long startNanos) {
        this.rnd = rnd;
        this.out = out;
        this.clock = startNanos;
    }

    /** Frames past this count are dropped, so a run ends at exactly the requested number of packets. */
    public void packetLimit(long limit) {
        this.packetLimit = limit;
    }

    public FrameBuilder begin() {
        return frame.reset();
    }

    public FrameBuilder scratch() {
        return scratch.reset();
    }

    /** Finishes the frame from {@link #begin} and writes it. */
    public void send() throws IOException {
        int n = frame.finish();
        write(frame.buffer(), n);
    }

    /** The frame last sent, still in the buffer until the next {@link #begin}. */
    public byte[] lastFrame() {
        return frame.buffer();
    }

    private void write(byte[] b, int n) throws IOException {
        if (out.packets() >= packetLimit) {
            return;
        }
        out.write(clock, b, n);
        clock += 1 + (long) (-MEAN_GAP_NANOS * StrictMath.log(1 - rnd.nextDouble()));
    }

    public long nowNanos() {
        return clock;
    }

    /** Milliseconds for TCP timestamp options: a per-host clock offset plus the capture clock. */
    public long millis(int hostOffset) {
        return (clock / 1_000_000L + hostOffset) & 0xFFFFFFFFL;
    }

    /**
     * Sends the IPv4 datagram in the scratch frame ({@code ipOffset} is where its IP header starts, after the
     * link header) as fragments that fit {@code mtu}, in order, as the sending host would.
     */
    public void sendFragments(int ipOffset, int mtu) throws IOException {
        byte[] d = scratch.buffer();
        int total = scratch.position() - ipOffset;
        int payload = total - 20;
        int chunk = (mtu - 20) & ~7;
        int src = readInt(d, ipOffset + 12);
        int dst = readInt(d, ipOffset + 16);
        int protocol = d[ipOffset + 9] & 0xFF;
        int id = ((d[ipOffset + 4] & 0xFF) << 8) | (d[ipOffset + 5] & 0xFF);
        int ttl = d[ipOffset + 8] & 0xFF;
        for (int off = 0; off < payload; off += chunk) {
            int n = Math.min(chunk, payload - off);
            boolean more = off + n < payload;
            FrameBuilder f = begin();
            f.bytes(d, 0, ipOffset);
            f.ipv4(src, dst, protocol, id, ttl, (more ? 0x2000 : 0) | (off / 8));
            f.bytes(d, ipOffset + 20 + off, n);
            send();
        }
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public boolean percent(int p) {
        return rnd.nextInt(100) < p;
    }

    /** Uniform in [lo, hi]. */
    public int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }
}
