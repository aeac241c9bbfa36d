package io.hoptrace.capture.live;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bounded queue between one capture thread and the writer thread: a single-producer, single-consumer ring of
 * bytes. The capture thread copies each frame into the next free slice of one preallocated array (no allocation,
 * no lock); when the ring is full the frame is dropped and counted, so a slow disk costs packets, never the capture
 * thread's pace. The writer reads records in place and releases them when written.
 *
 * <p>A record is: captured length (int), wire length (int), timestamp in nanoseconds (long), the bytes, padding to 8.
 * A record never wraps: when it does not fit before the end of the array, a wrap marker fills the rest and the record
 * starts at 0.
 */
final class FrameRing {
    static final int HEADER_BYTES = 16;
    private static final int WRAP = -1;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle DROPPED;
    private static final VarHandle OFFERED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(FrameRing.class, "head", long.class);
            TAIL = l.findVarHandle(FrameRing.class, "tail", long.class);
            DROPPED = l.findVarHandle(FrameRing.class, "dropped", long.class);
            OFFERED = l.findVarHandle(FrameRing.class, "offered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] buffer;
    private final int mask;
    // written by the consumer only
    private long head;
    // written by the producer only
    private long tail;
    private long dropped;
    private long offered;
    private long claimed;

    /** A ring of at least {@code minBytes}, rounded up to a power of two. */
    FrameRing(int minBytes) {
        if (minBytes < 64 || minBytes > (1 << 30)) {
            throw new IllegalArgumentException("ring size must be 64 B to 1 GiB, not " + minBytes);
        }
        int size = Integer.highestOneBit(minBytes - 1) << 1;
        this.buffer = new byte[size];
        this.mask = size - 1;
    }

    int capacity() {
        return buffer.length;
    }

    /** Bytes one frame of {@code length} takes in the ring. */
    static int recordBytes(int length) {
        return (HEADER_BYTES + length + 7) & ~7;
    }

    /** Producer: copies a frame in, or counts it as dropped when the ring is full. */
    boolean offer(long timestampNanos, int wireLength, byte[] data, int offset, int length) {
        int at = claim(length);
        if (at < 0) {
            return false;
        }
        System.arraycopy(data, offset, buffer, at, length);
        publish(timestampNanos, wireLength, length);
        return true;
    }

    /**
     * Producer, in two steps for a frame that is copied straight from native memory: room for {@code length}
     * bytes at {@code array()[return value]}, or -1 (counted as a drop) when the ring is full. Fill it, then
     * {@link #publish}.
     */
    int claim(int length) {
        OFFERED.setOpaque(this, offered + 1);
        int need = recordBytes(length);
        long t = tail;
        int pos = (int) (t & mask);
        int toEnd = buffer.length - pos;
        long used = need <= toEnd ? need : toEnd + need;
        if (t + used - (long) HEAD.getAcquire(this) > buffer.length) {
            DROPPED.setOpaque(this, dropped + 1);
            return -1;
        }
        if (need > toEnd) {
            INT.set(buffer, pos, WRAP);
            claimed = t + toEnd;
            return HEADER_BYTES;
        }
        claimed = t;
        return pos + HEADER_BYTES;
    }

    /** Producer: makes the frame last {@link #claim}ed visible to the consumer. */
    void publish(long timestampNanos, int wireLength, int length) {
        int pos = (int) (claimed & mask);
        INT.set(buffer, pos, length);
        INT.set(buffer, pos + 4, wireLength);
        LONG.set(buffer, pos + 8, timestampNanos);
        TAIL.setRelease(this, claimed + recordBytes(length));
    }

    /** The ring's array, for filling a {@link #claim}ed slot. */
    byte[] array() {
        return buffer;
    }

    /** Consumer: the oldest frame, left in place until {@link #release}; false when the ring is empty. */
    boolean peek(Record r) {
        long h = head;
        if (h == (long) TAIL.getAcquire(this)) {
            return false;
        }
        int pos = (int) (h & mask);
        int length = (int) INT.get(buffer, pos);
        if (length == WRAP) {
            h += buffer.length - pos;
            HEAD.setRelease(this, h);
            pos = 0;
            length = (int) INT.get(buffer, 0);
        }
        r.data = buffer;
        r.offset = pos + HEADER_BYTES;
        r.length = length;
        r.wireLength = (int) INT.get(buffer, pos + 4);
        r.timestampNanos = (long) LONG.get(buffer, pos + 8);
        r.next = h + recordBytes(length);
        return true;
    }

    /** Consumer: frees the frame {@code r} last peeked. */
    void release(Record r) {
        HEAD.setRelease(this, r.next);
    }

    boolean isEmpty() {
        return head == (long) TAIL.getAcquire(this);
    }

    /** Frames dropped because the ring was full (any thread). */
    long dropped() {
        return (long) DROPPED.getOpaque(this);
    }

    /** Frames offered, dropped ones included (any thread). */
    long offered() {
        return (long) OFFERED.getOpaque(this);
    }

    /** A frame in the ring, as the consumer sees it: valid until released. */
    static final class Record {
        byte[] data;
        int offset;
        int length;
        int wireLength;
        long timestampNanos;
        long next;
    }
}
