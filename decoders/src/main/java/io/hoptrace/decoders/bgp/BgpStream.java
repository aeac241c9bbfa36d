package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.Anomaly;
import io.hoptrace.decoders.Bytes;
import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.LayerStatus;
import io.hoptrace.decoders.Protocol;
import io.hoptrace.decoders.StreamTable;

/**
 * One direction of a BGP session across frames, kept in the pass's {@link StreamTable}: the next TCP sequence
 * number expected (so retransmitted bytes are not decoded twice) and the start of a message that continues in
 * a later segment. Buffered bytes are bounded by the message size limit (4096, or 65535 once extended messages
 * were announced); the table bounds the number of streams.
 */
final class BgpStream {
    static final Anomaly GAP = Anomaly.register("bgp.segment.gap", Anomaly.Group.SEQUENCE, Anomaly.Severity.NOTE,
            "stream bytes before this segment were not captured; decoding restarts at the next marker");

    /**
     * Bytes behind the expected sequence number beyond which a segment is taken as a new connection on the same
     * addresses and ports (its SYN carries no payload, so this decoder never sees it), not as a retransmission.
     */
    static final int NEW_CONNECTION_DISTANCE = 1 << 22;

    /** Lookup keys are refilled in place; a key that becomes a table entry is replaced, never reused. */
    private static final ThreadLocal<Key> SCRATCH = ThreadLocal.withInitial(Key::new);

    private Key key;
    private StreamTable table;
    /** Sequence number of the next new byte, or -1 before the first segment. */
    private long nextSeq = -1;
    boolean extendedMessages;
    /** A message header still being collected (fewer than 19 bytes seen). */
    private final byte[] header = new byte[BgpMessage.HEADER_LENGTH];
    private int headerFill;
    /** A message whose length is known, being filled; allocated per split message. */
    private byte[] message;
    private int messageFill;

    /** The stream state for the TCP segment being decoded, or null to decode the segment on its own. */
    static BgpStream lookup(Dissection d) {
        StreamTable table = d.streams();
        int tcp = d.layerCount() - 1;
        if (table == null || d.inQuote() || tcp < 1 || d.protocol(tcp) != Protocol.TCP || d.quoted(tcp)
                || d.headerLength(tcp) < 20) {
            return null;
        }
        int ip = tcp - 1;
        while (ip >= 0 && (d.quoted(ip) || (d.protocol(ip) != Protocol.IPV4 && d.protocol(ip) != Protocol.IPV6))) {
            ip--;
        }
        if (ip < 0) {
            return null;
        }
        Key k = SCRATCH.get();
        if (!k.fill(d, ip, tcp)) {
            return null;
        }
        BgpStream s = table.get(k, BgpStream::new);
        if (s.key == null) {
            s.key = k;
            s.table = table;
            SCRATCH.set(new Key());
        }
        return s;
    }

    /** Sequence number of the first payload byte of the TCP layer (a SYN's data starts one later). */
    static long payloadSeq(Dissection d) {
        int tcp = d.layerCount() - 1;
        byte[] t = d.bytes(tcp);
        int off = d.offset(tcp);
        long seq = Bytes.u32(t, off + 4);
        return (Bytes.u8(t, off + 13) & 0x02) != 0 ? (seq + 1) & 0xFFFFFFFFL : seq;
    }

    int maxLength() {
        return extendedMessages ? BgpMessage.MAX_EXTENDED_LENGTH : BgpMessage.MAX_LENGTH;
    }

    /** Both directions may carry extended messages once one side announced them (lenient: one OPEN is enough). */
    void announceExtendedMessages() {
        extendedMessages = true;
        if (key != null && table != null) {
            Key reverse = key.reversed();
            BgpStream r = table.get(reverse, BgpStream::new);
            if (r.key == null) {
                r.key = reverse;
                r.table = table;
            }
            r.extendedMessages = true;
        }
    }

    private void dropPending() {
        headerFill = 0;
        message = null;
        messageFill = 0;
    }

    /** Decodes a segment of this stream: skips what was seen, completes a pending message, frames the rest. */
    void decode(Dissection d, byte[] b, int offset, int limit, long seq) {
        int firstLayer = d.layerCount();
        boolean cut = d.shortStatus(limit) == LayerStatus.TRUNCATED;
        int n = limit - offset;
        int pos = offset;
        boolean atBoundary = true;
        boolean gap = false;
        int delta = nextSeq < 0 ? 0 : (int) (seq - nextSeq);
        if (nextSeq < 0 || delta < -NEW_CONNECTION_DISTANCE) {
            atBoundary = false;
            dropPending();
        } else {
            if (delta > 0) {
                gap = true;
                atBoundary = false;
                dropPending();
            } else if (delta < 0) {
                int seen = (int) Math.min(n, -(long) delta);
                BgpSegmentLayer.RETRANSMISSION.add(d, b, offset, offset + seen);
                if (seen == n) {
                    return;
                }
                pos += seen;
            }
        }
        if (atBoundary && (headerFill > 0 || message != null)) {
            int after = continuePending(d, b, pos, limit);
            if (after < 0) {
                atBoundary = false;
            } else {
                pos = after;
            }
        }
        int tail = BgpDecoder.frame(d, b, pos, limit, atBoundary, this);
        if (tail < limit) {
            if (cut) {
                BgpDecoder.partialLayer(d, b, tail, limit, true);
            } else {
                startPending(b, tail, limit);
                BgpDecoder.partialLayer(d, b, tail, limit, false);
            }
        }
        if (gap && d.layerCount() > firstLayer) {
            d.anomaly(firstLayer, GAP, offset, 0);
        }
        if (cut) {
            nextSeq = -1;
            dropPending();
        } else {
            nextSeq = (seq + n) & 0xFFFFFFFFL;
        }
    }

    /**
     * Feeds {@code b[pos, limit)} to the pending message. Returns where the stream continues after it, or -1 when
     * the pending bytes turned out not to start a valid message (they are dropped and the segment is scanned).
     */
    private int continuePending(Dissection d, byte[] b, int pos, int limit) {
        int start = pos;
        if (message == null) {
            int take = Math.min(BgpMessage.HEADER_LENGTH - headerFill, limit - pos);
            System.arraycopy(b, pos, header, headerFill, take);
            headerFill += take;
            pos += take;
            boolean markerSoFar = headerFill >= BgpMessage.MARKER_LENGTH
                    ? BgpMessage.isMarker(header, 0, BgpMessage.MARKER_LENGTH)
                    : BgpMessage.isMarkerStart(header, 0, headerFill);
            if (!markerSoFar) {
                dropPending();
                return -1;
            }
            if (headerFill < BgpMessage.HEADER_LENGTH) {
                BgpSegmentLayer.SPLIT.add(d, b, start, pos);
                return pos;
            }
            int len = BgpMessage.length(header, 0);
            if (len < BgpMessage.HEADER_LENGTH || len > maxLength()) {
                dropPending();
                return -1;
            }
            message = new byte[len];
            System.arraycopy(header, 0, message, 0, BgpMessage.HEADER_LENGTH);
            messageFill = BgpMessage.HEADER_LENGTH;
            headerFill = 0;
        }
        int take = Math.min(message.length - messageFill, limit - pos);
        System.arraycopy(b, pos, message, messageFill, take);
        messageFill += take;
        pos += take;
        if (messageFill < message.length) {
            BgpSegmentLayer.SPLIT.add(d, b, start, pos);
            return pos;
        }
        byte[] whole = message;
        dropPending();
        BgpDecoder.message(d, whole, 0, whole.length, this);
        return pos;
    }

    /** Keeps the start of a message that continues in the next segment (frame() checked its header). */
    private void startPending(byte[] b, int off, int limit) {
        int n = limit - off;
        if (n < BgpMessage.HEADER_LENGTH) {
            System.arraycopy(b, off, header, 0, n);
            headerFill = n;
            return;
        }
        message = new byte[BgpMessage.length(b, off)];
        System.arraycopy(b, off, message, 0, n);
        messageFill = n;
    }

    /** One direction of a TCP connection: addresses (IPv4 in the low word) and ports. */
    static final class Key {
        private long srcHi;
        private long srcLo;
        private long dstHi;
        private long dstLo;
        private int ports;
        private boolean v6;

        boolean fill(Dissection d, int ip, int tcp) {
            byte[] a = d.bytes(ip);
            int off = d.offset(ip);
            v6 = d.protocol(ip) == Protocol.IPV6;
            if (v6) {
                if (d.headerLength(ip) < 40) {
                    return false;
                }
                srcHi = Bytes.u64(a, off + 8);
                srcLo = Bytes.u64(a, off + 16);
                dstHi = Bytes.u64(a, off + 24);
                dstLo = Bytes.u64(a, off + 32);
            } else {
                if (d.headerLength(ip) < 20) {
                    return false;
                }
                srcHi = 0;
                srcLo = Bytes.u32(a, off + 12);
                dstHi = 0;
                dstLo = Bytes.u32(a, off + 16);
            }
            ports = Bytes.i32(d.bytes(tcp), d.offset(tcp));
            return true;
        }

        Key reversed() {
            Key r = new Key();
            r.srcHi = dstHi;
            r.srcLo = dstLo;
            r.dstHi = srcHi;
            r.dstLo = srcLo;
            r.ports = (ports >>> 16) | (ports << 16);
            r.v6 = v6;
            return r;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.srcHi == srcHi && k.srcLo == srcLo && k.dstHi == dstHi
                    && k.dstLo == dstLo && k.ports == ports && k.v6 == v6;
        }

        @Override
        public int hashCode() {
            long h = srcHi * 31 + srcLo;
            h = h * 31 + dstHi;
            h = h * 31 + dstLo;
            h = h * 31 + ports;
            return Long.hashCode(h) ^ (v6 ? 1 : 0);
        }
    }
}
