package io.hoptrace.capture.file;

import java.time.Duration;

/**
 * When a capture writer hands its buffered blocks to the operating system. Once handed over, a packet survives the
 * writer being killed (kill -9, OOM killer), though not a power cut. A packet is handed over at the latest when
 * {@code maxPackets} packets are pending, or when {@code maxDelay} has passed since the last hand-over and a packet is
 * written or {@code flushIfDue()} is called; and whenever the buffer is full. Only whole blocks are ever written, so a
 * killed writer leaves a file that reads cleanly up to the last hand-over.
 */
public record FlushPolicy(int maxPackets, Duration maxDelay, int bufferBytes) {
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

    /** Headless capture: lose at most a second or 1000 packets to a kill, at a few writes per second. */
    public static final FlushPolicy DEFAULT = new FlushPolicy(1000, Duration.ofSeconds(1), DEFAULT_BUFFER_BYTES);

    /** Every packet reaches the file at once (slow: one write call per packet). */
    public static final FlushPolicy EVERY_PACKET = new FlushPolicy(1, Duration.ZERO, DEFAULT_BUFFER_BYTES);

    /** Only a full buffer or close() writes: for converting files, where a kill just means running again. */
    public static final FlushPolicy WHEN_FULL = new FlushPolicy(Integer.MAX_VALUE, Duration.ofDays(365),
            DEFAULT_BUFFER_BYTES);

    public FlushPolicy {
        if (maxPackets < 1) {
            throw new IllegalArgumentException("maxPackets must be at least 1, not " + maxPackets);
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must be zero or positive, not " + maxDelay);
        }
        if (bufferBytes < 4096) {
            throw new IllegalArgumentException("bufferBytes must be at least 4096, not " + bufferBytes);
        }
    }

    public static FlushPolicy every(int packets, Duration delay) {
        return new FlushPolicy(packets, delay, DEFAULT_BUFFER_BYTES);
    }
}
