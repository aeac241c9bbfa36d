package io.hoptrace.rules.engine;

/**
 * Packets seen within the stitching window, by fingerprint: which flow (and direction) each belongs to, its journey (if
 * kept), where it was first seen and when it was last seen. A fixed-size, lossy table (like a cache): each fingerprint
 * has {@link #PROBES} candidate slots; an expired entry is free, and when all are live the least recently seen is
 * replaced. So memory is fixed, and under more packets in flight than slots only stitching suffers.
 */
final class PendingPackets {
    static final int PROBES = 8;
    /** A flag in {@link #firstPoint}'s high bit (capture points are few), so it costs no cache line of its own. */
    private static final int TUNNEL_COUNTED = 1 << 30;

    private final int mask;
    private final long[] fingerprint;
    private final long[] lastSeen;
    private final int[] flow;
    private final int[] journey;
    /** the capture point, and {@link #TUNNEL_COUNTED} once the packet was counted in its tunnel */
    private final int[] firstPoint;
    private final long windowNanos;

    PendingPackets(int capacityPowerOfTwo, long windowNanos) {
        int capacity = Integer.highestOneBit(Math.max(16, capacityPowerOfTwo));
        this.mask = capacity - 1;
        this.fingerprint = new long[capacity];
        this.lastSeen = new long[capacity];
        this.flow = new int[capacity];
        this.journey = new int[capacity];
        this.firstPoint = new int[capacity];
        this.windowNanos = windowNanos;
        java.util.Arrays.fill(lastSeen, Long.MIN_VALUE);
    }

    private int home(long fp) {
        return (int) (fp ^ (fp >>> 29)) & mask;
    }

    /** Slot of a live entry for {@code fp} at {@code now}, or -1. */
    int find(long fp, long now) {
        int h = home(fp);
        for (int k = 0; k < PROBES; k++) {
            int i = (h + k) & mask;
            if (fingerprint[i] == fp && lastSeen[i] != Long.MIN_VALUE && now - lastSeen[i] <= windowNanos) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Records a new packet; returns its slot. {@code flowId} is what {@link #flow} gives back (the engine keeps
     * 2 * flow + direction there, or -1).
     */
    int put(long fp, long now, int flowId, int journeyId, int point) {
        int h = home(fp);
        int victim = h;
        long oldest = Long.MAX_VALUE;
        for (int k = 0; k < PROBES; k++) {
            int i = (h + k) & mask;
            long seen = lastSeen[i];
            if (seen == Long.MIN_VALUE || now - seen > windowNanos || fingerprint[i] == fp) {
                victim = i;
                break;
            }
            if (seen < oldest) {
                oldest = seen;
                victim = i;
            }
        }
        fingerprint[victim] = fp;
        lastSeen[victim] = now;
        flow[victim] = flowId;
        journey[victim] = journeyId;
        firstPoint[victim] = point;
        return victim;
    }

    void touch(int slot, long now) {
        if (now > lastSeen[slot]) {
            lastSeen[slot] = now;
        }
    }

    int flow(int slot) {
        return flow[slot];
    }

    int journey(int slot) {
        return journey[slot];
    }

    int firstPoint(int slot) {
        return firstPoint[slot] & ~TUNNEL_COUNTED;
    }

    /** True the first time it is asked for a slot's packet, false after (until the slot holds another packet). */
    boolean firstTunnelSighting(int slot) {
        int p = firstPoint[slot];
        if ((p & TUNNEL_COUNTED) != 0) {
            return false;
        }
        firstPoint[slot] = p | TUNNEL_COUNTED;
        return true;
    }
}
