package io.hoptrace.capture.live;

import java.sql.Timestamp;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;

/**
 * One interface's capture thread. It runs libpcap's loop through pcap4j's raw path and does nothing per packet but
 * read the timestamp and wire length (pcap4j keeps them in thread-locals, valid only now) and copy the frame into
 * its {@link FrameRing}. libpcap's counters are read on this thread too (pcap_stats is not safe beside a running
 * loop), every couple of thousand packets at most twice a second, and once more when the loop ends.
 */
final class InterfaceCapture implements RawPacketListener, Runnable {
    private static final long STATS_INTERVAL_NANOS = 500_000_000L;
    private static final int STATS_CHECK_MASK = 2047;
    private static final long DRAIN_NANOS = (Libpcap.READ_TIMEOUT_MILLIS + 50) * 1_000_000L;

    final String name;
    final int linkType;
    final int snapLength;
    final FrameRing ring;
    private final PcapHandle handle;
    private long packets;
    private long lastStatsNanos;
    private volatile long received;
    private volatile long kernelDrops;
    private volatile long interfaceDrops;
    private volatile boolean stopRequested;
    private volatile boolean drain;
    private volatile boolean finished;
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

    @Override
    public void gotPacket(byte[] frame) {
        Timestamp ts = handle.getTimestamp();
        int wireLength = handle.getOriginalLength();
        long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        ring.offer(nanos, wireLength, frame, 0, frame.length);
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
        try {
            if (!stopRequested) {
                handle.loop(-1, this);
            }
        } catch (InterruptedException e) {
            // breakLoop(): the normal way a capture ends
            if (drain) {
                drainKernelBuffer();
            }
        } catch (PcapNativeException e) {
            failure = e.getMessage() != null ? e.getMessage() : "libpcap failed";
        } catch (NotOpenException e) {
            failure = "the capture handle was closed";
        } catch (RuntimeException | Error e) {
            failure = e.toString();
        } finally {
            readStats();
            finished = true;
        }
    }

    /**
     * Reads what the kernel had already accepted when the stop came. With TPACKET_V3 the kernel hands libpcap a
     * block of packets only when it is full or its timeout (the read timeout) has passed, so the last partly filled
     * block would be lost on close: the final packets before a Ctrl-C. Non-blocking reads for one timeout and a
     * little more collect it.
     */
    private void drainKernelBuffer() {
        long end = System.nanoTime() + DRAIN_NANOS;
        try {
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            while (System.nanoTime() < end) {
                if (handle.dispatch(-1, this) == 0) {
                    Thread.sleep(5);
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
     * Asks the loop to end; it ends within the read timeout. With {@code drain}, packets the kernel already holds
     * are read first (about one read timeout more). Any thread.
     */
    void stop(boolean drain) {
        this.drain = drain;
        stopRequested = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed
        }
    }

    /** Releases the handle once the loop has ended. */
    void close() {
        handle.close();
    }

    boolean finished() {
        return finished;
    }

    /** Why the loop ended on its own (the interface went away, ...), or null. */
    String failure() {
        return failure;
    }

    CaptureStats.Interface stats(long written) {
        return new CaptureStats.Interface(name, linkType, written, received, kernelDrops, interfaceDrops,
                ring.dropped());
    }
}
