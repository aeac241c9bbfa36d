package io.hoptrace.bench.gen;

import java.io.IOException;

/**
 * {@code ping} between pods: echo requests and replies with Linux's 56-byte payload (a timestamp, then 0x10,
 * 0x11, ...), or with {@code -s 3000}, whose datagrams leave the sender as IPv4 fragments.
 */
public final class PingExchange implements Conversation {
    private final FlowPath path;
    private final int id;
    private final int count;
    private final int size;
    private int step;
    private long sentAt;

    public PingExchange(Wire w, FlowPath path, boolean large) {
        if (large && path.encapsulation != FlowPath.Encapsulation.PLAIN) {
            throw new IllegalArgumentException("fragments are made for plain paths only");
        }
        this.path = path;
        this.id = w.rnd.nextInt(0x10000);
        this.count = w.between(2, 6);
        this.size = large ? 3000 : 56;
    }

    @Override
    public boolean step(Wire w) throws IOException {
        boolean request = step % 2 == 0;
        int seq = step / 2 + 1;
        boolean fragmented = size + 28 > path.mtu;
        FrameBuilder f = fragmented ? w.scratch() : w.begin();
        long rest = ((long) id << 16) | seq;
        if (path.ipv6()) {
            path.open(f, request, 58, false).icmpv6(request ? 128 : 129, 0, rest);
        } else {
            path.open(f, request, 1, !fragmented).icmp(request ? 8 : 0, 0, rest);
        }
        if (request) {
            sentAt = w.nowNanos();
        }
        long t = sentAt;
        f.u32(t / 1_000_000_000L).u32(0).u32((t / 1000) % 1_000_000).u32(0);
        for (int i = 16; i < size; i++) {
            f.u8(i);
        }
        if (fragmented) {
            f.closeAll();
            w.sendFragments(14, path.mtu);
        } else {
            w.send();
        }
        step++;
        return step < 2 * count;
    }
}
