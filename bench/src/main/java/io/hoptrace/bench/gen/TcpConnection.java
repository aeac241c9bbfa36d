package io.hoptrace.bench.gen;

import java.io.IOException;

/**
 * Sequence numbers, windows and options of one TCP connection, Linux style: SYNs carry MSS, SACK-permitted,
 * timestamps and window scale; every later segment carries timestamps. Every segment sent is assumed received,
 * so each one acknowledges everything the peer has sent.
 */
public final class TcpConnection {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private final FlowPath path;
    private final int clientPort;
    private final int serverPort;
    private long clientSeq;
    private long serverSeq;
    private final int clientClock;
    private final int serverClock;
    private long lastClientTs;
    private long lastServerTs;
    private final byte[] synOptions = new byte[20];
    private final byte[] options = new byte[12];

    public TcpConnection(Wire w, FlowPath path, int clientPort, int serverPort) {
        this.path = path;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.clientSeq = w.rnd.nextInt() & 0xFFFFFFFFL;
        this.serverSeq = w.rnd.nextInt() & 0xFFFFFFFFL;
        this.clientClock = w.rnd.nextInt(1 << 30);
        this.serverClock = w.rnd.nextInt(1 << 30);
    }

    public FlowPath path() {
        return path;
    }

    public void syn(Wire w) throws IOException {
        open(w, true, SYN, synOptions(w, true));
        sent(w, true, 1);
    }

    public void synAck(Wire w) throws IOException {
        open(w, false, SYN | ACK, synOptions(w, false));
        sent(w, false, 1);
    }

    public void ack(Wire w, boolean fromClient) throws IOException {
        open(w, fromClient, ACK);
        sent(w, fromClient, 0);
    }

    /** FIN with ACK; the peer answers with its own {@link #fin} or an {@link #ack}. */
    public void fin(Wire w, boolean fromClient) throws IOException {
        open(w, fromClient, FIN | ACK);
        sent(w, fromClient, 1);
    }

    /**
     * Writes the headers of a segment with ACK (and {@code extraFlags}) and returns the frame positioned for its
     * payload; the caller appends exactly the payload, then calls {@link #sent}.
     */
    public FrameBuilder open(Wire w, boolean fromClient, int flags) {
        long ts = w.millis(fromClient ? clientClock : serverClock);
        long echo = fromClient ? lastServerTs : lastClientTs;
        if (fromClient) {
            lastClientTs = ts;
        } else {
            lastServerTs = ts;
        }
        options[0] = 1;
        options[1] = 1;
        options[2] = 8;
        options[3] = 10;
        put32(options, 4, ts);
        put32(options, 8, echo);
        return open(w, fromClient, flags | ACK, options);
    }

    private FrameBuilder open(Wire w, boolean fromClient, int flags, byte[] opts) {
        FrameBuilder f = w.begin();
        path.open(f, fromClient, 6, true);
        long seq = fromClient ? clientSeq : serverSeq;
        long ack = (flags & ACK) != 0 ? (fromClient ? serverSeq : clientSeq) : 0;
        // windows as Linux advertises them after scaling by 2^7: a few hundred units
        int window = (flags & SYN) != 0 ? 64240 : 501 + (int) (seq & 0x3F);
        return f.tcp(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort, seq, ack, flags,
                window, opts);
    }

    /** Sends the segment from {@link #open}, advancing the sender's sequence by {@code length}. */
    public void sent(Wire w, boolean fromClient, int length) throws IOException {
        if (fromClient) {
            clientSeq = (clientSeq + length) & 0xFFFFFFFFL;
        } else {
            serverSeq = (serverSeq + length) & 0xFFFFFFFFL;
        }
        w.send();
    }

    private byte[] synOptions(Wire w, boolean fromClient) {
        long ts = w.millis(fromClient ? clientClock : serverClock);
        if (fromClient) {
            lastClientTs = ts;
        } else {
            lastServerTs = ts;
        }
        byte[] o = synOptions;
        int mss = path.mss();
        o[0] = 2;
        o[1] = 4;
        o[2] = (byte) (mss >>> 8);
        o[3] = (byte) mss;
        o[4] = 4;
        o[5] = 2;
        o[6] = 8;
        o[7] = 10;
        put32(o, 8, ts);
        put32(o, 12, fromClient ? 0 : lastClientTs);
        o[16] = 1;
        o[17] = 3;
        o[18] = 3;
        o[19] = 7;
        return o;
    }

    private static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
