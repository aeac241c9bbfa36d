package io.hoptrace.ui.model.port;

/**
 * A running capture's counters.
 *
 * @param packets          packets written to the capture file
 * @param packetsPerSecond the rate over the last fraction of a second
 * @param kernelDrops      packets lost before hoptrace saw them: the kernel's buffer was full, or the interface
 *                         dropped them
 * @param queueDrops       packets hoptrace saw but could not queue for the file (the writer fell behind)
 */
public record LiveStats(long packets, double packetsPerSecond, long kernelDrops, long queueDrops) {
    public static final LiveStats ZERO = new LiveStats(0, 0, 0, 0);
}
