package io.hoptrace.capture.live;

import java.sql.Timestamp;
import java.time.Instant;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;

/**
 * One interface's capture thread. Per packet it does nothing but take the timestamp and wire length and copy the
 * frame into its {@link FrameRing}. It reads with {@link PcapNextEx} (libpcap's pcap_next_ex, copying straight into
 * the ring), or, where that is not available, with pcap4j's {@code loop()} and a raw listener (reading the
 * timestamp and length from pcap4j's thread-locals at once, as they are only valid during the callback).
 * libpcap's counters are read on this thread too (pcap_stats is not safe beside a running read), at most twice a
 * second, and once more when the capture ends.
 */
final class InterfaceCapture implements RawPacketListener, Runnable {
    private static final long STATS_INTERVAL_NANOS = 500_000_000L;
    private static final int STATS_CHECK_MASK = 2047;
    /** The kernel hands over a partly filled block after the read timeout; idle this long, nothing more is due. */
    private static final long BLOCK_RETIRE_NANOS = (Libpcap.READ_TIMEOUT_MILLIS + 50) * 1_000_000L;
    /** A capture far behind the traffic stops reading its backlog after this long. */
    private static final long MAX_DRAIN_NANOS = 5_000_000_000L;

    final String name;
    final int linkType;
    final int snapLength;
    final FrameRing ring;
    private final PcapHandle handle;
    private long packets;
    private long lastStatsNanos;
    private boolean draining;
    private boolean pastStop;
    private volatile long received;
    private volatile long kernelDrops;
    private volatile long interfaceDrops;
    private volatile boolean stopRequested;
    private volatile boolean drain;
    private volatile long stopWallNanos = Long.MAX_VALUE;
    private volatile boolean finished;
    private volatile String reader = "";
    private volatile String failure;

    InterfaceCapture(String name, PcapHandle handle, FrameRing ring) throws NotOpenException {
        this.name = name;
        this.handle = handle;
        this.ring = ring;
        this.linkType = handle.getDlt().value();
        this.snapLength = handle.getSnapshot();
    }

    boolean nanosecondTimestamps() {
        return handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO;
    }

    /** pcap4j's loop() path: the listener. */
    @Override
    public void gotPacket(byte[] frame) {
        Timestamp ts = handle.getTimestamp();
        int wireLength = handle.getOriginalLength();
        long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        if (draining && nanos > stopWallNanos) {
            pastStop = true;
            return;
        }
        ring.offer(nanos, wireLength, frame, 0, frame.length);
        counted();
    }

    /** The pcap_next_ex path: one packet, copied from libpcap's buffer into the ring. */
    private void take(PcapNextEx p) {
        if (draining && p.timestampNanos > stopWallNanos) {
            pastStop = true;
            return;
        }
        int at = ring.claim(p.capturedLength);
        if (at >= 0) {
            p.copyTo(ring.array(), at);
            ring.publish(p.timestampNanos, p.wireLength, p.capturedLength);
        }
        counted();
    }

    private void counted() {
        if ((++packets & STATS_CHECK_MASK) == 0) {
            long now = System.nanoTime();
            if (now - lastStatsNanos >= STATS_INTERVAL_NANOS) {
                lastStatsNanos = now;
                readStats();
            }
        }
    }

    @Override
    public void run() {
        PcapNextEx fast = PcapNextEx.of(handle);
        reader = fast == null ? "loop" : fast.direct() ? "next_ex" : "next_ex+jna";
        try {
            if (!stopRequested) {
                if (fast != null) {
                    readWithNextEx(fast);
                } else {
                    handle.loop(-1, this);
                }
            }
        } catch (InterruptedException e) {
            // breakLoop(): the normal way a capture ends
        } catch (PcapNativeException e) {
            failure = e.getMessage() != null ? e.getMessage() : "libpcap failed";
        } catch (NotOpenException e) {
            failure = "the capture handle was closed";
        } catch (RuntimeException | Error e) {
            failure = e.toString();
        }
        try {
            if (drain && failure == null) {
                drainKernelBuffer(fast);
            }
        } finally {
            readStats();
            finished = true;
        }
    }

    private void readWithNextEx(PcapNextEx reader) throws PcapNativeException, NotOpenException {
        while (!stopRequested) {
            int rc = reader.next();
            if (rc == PcapNextEx.PACKET) {
                take(reader);
            } else if (rc == PcapNextEx.BREAK) {
                return;
            } else if (rc < 0) {
                throw new PcapNativeException(handle.getError(), rc);
            }
        }
    }

    /**
     * After a stop: reads what the kernel had accepted before it. A capture that fell behind has a backlog in
     * libpcap's buffer, and with TPACKET_V3 the kernel hands over a partly filled block only after the read timeout;
     * both would otherwise be lost on close, and they are the last packets before a Ctrl-C. Reading goes on in
     * non-blocking mode until a packet stamped after the stop, or nothing came for a block timeout.
     */
    private void drainKernelBuffer(PcapNextEx fast) {
        draining = true;
        long start = System.nanoTime();
        long idleSince = -1;
        try {
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            while (!pastStop && System.nanoTime() - start < MAX_DRAIN_NANOS) {
                int n;
                if (fast != null) {
                    int rc = fast.next();
                    if (rc == PcapNextEx.PACKET) {
                        take(fast);
                    } else if (rc < 0 && rc != PcapNextEx.BREAK) {
                        return;
                    }
                    n = rc == PcapNextEx.PACKET ? 1 : 0;
                } else {
                    try {
                        n = handle.dispatch(-1, this);
                    } catch (InterruptedException e) {
                        n = 0; // a second breakLoop from a repeated stop
                    }
                }
                if (n > 0) {
                    idleSince = -1;
                } else if (idleSince < 0) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > BLOCK_RETIRE_NANOS) {
                    return;
                } else {
                    Thread.sleep(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            // nothing more to read
        }
    }

    private void readStats() {
        try {
            PcapStat s = handle.getStats();
            received = s.getNumPacketsReceived();
            kernelDrops = s.getNumPacketsDropped();
            interfaceDrops = s.getNumPacketsDroppedByIf();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            // keep the last counters; a vanished interface has none to give
        }
    }

    /**
     * Asks the reading to end; it ends within the read timeout. With {@code drain}, packets that reached the
     * kernel before this call are read first. Any thread; the first call decides.
     */
    void stop(boolean drain) {
        if (!stopRequested) {
            Instant now = Instant.now();
            this.stopWallNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            this.drain = drain;
            stopRequested = true;
        }
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed
        }
    }

    /** Releases the handle once the reading has ended. */
    void close() {
        handle.close();
    }

    boolean finished() {
        return finished;
    }

    /**
     * How packets are read: "next_ex" (pcap_next_ex, native memory read with Unsafe), "next_ex+jna" (read with
     * JNA), "loop" (pcap4j's loop()); empty before the thread starts.
     */
    String reader() {
        return reader;
    }

    /** Why the reading ended on its own (the interface went away, ...), or null. */
    String failure() {
        return failure;
    }

    CaptureStats.Interface stats(long written) {
        return new CaptureStats.Interface(name, linkType, written, received, kernelDrops, interfaceDrops,
                ring.dropped());
    }
}
