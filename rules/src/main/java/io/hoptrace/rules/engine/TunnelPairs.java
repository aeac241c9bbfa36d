package io.hoptrace.rules.engine;

import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.TunnelPair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counters per tunnel (outermost encapsulation type, outer source, outer destination) in primitive arrays: a few
 * entries per pair of nodes, found by open addressing without allocation. Past {@code max} tunnels new ones are
 * only counted as dropped.
 */
final class TunnelPairs {
    private final int max;
    private int mask;
    private int count;
    private long dropped;
    private int[] slot;
    private int[] type;
    private long[] srcHi;
    private long[] srcLo;
    private long[] dstHi;
    private long[] dstLo;
    private long[] packets;
    private long[] tunnelBytes;
    private long[] innerBytes;
    private int[] firstSource;
    private long[] firstNumber;
    private int[] firstPoint;

    TunnelPairs(int max) {
        this.max = max;
        allocate(64);
    }

    private void allocate(int capacity) {
        mask = capacity - 1;
        slot = new int[capacity];
        Arrays.fill(slot, -1);
        int entries = capacity / 2;
        type = type == null ? new int[entries] : Arrays.copyOf(type, entries);
        srcHi = srcHi == null ? new long[entries] : Arrays.copyOf(srcHi, entries);
        srcLo = srcLo == null ? new long[entries] : Arrays.copyOf(srcLo, entries);
        dstHi = dstHi == null ? new long[entries] : Arrays.copyOf(dstHi, entries);
        dstLo = dstLo == null ? new long[entries] : Arrays.copyOf(dstLo, entries);
        packets = packets == null ? new long[entries] : Arrays.copyOf(packets, entries);
        tunnelBytes = tunnelBytes == null ? new long[entries] : Arrays.copyOf(tunnelBytes, entries);
        innerBytes = innerBytes == null ? new long[entries] : Arrays.copyOf(innerBytes, entries);
        firstSource = firstSource == null ? new int[entries] : Arrays.copyOf(firstSource, entries);
        firstNumber = firstNumber == null ? new long[entries] : Arrays.copyOf(firstNumber, entries);
        firstPoint = firstPoint == null ? new int[entries] : Arrays.copyOf(firstPoint, entries);
        for (int e = 0; e < count; e++) {
            slot[find(type[e], srcHi[e], srcLo[e], dstHi[e], dstLo[e])] = e;
        }
    }

    private static int hash(int t, long sHi, long sLo, long dHi, long dLo) {
        long h = Fingerprints.mix(sLo * 31 + dLo + ((long) t << 56) + sHi * 17 + dHi * 13);
        return (int) (h ^ (h >>> 32));
    }

    /** The slot holding this key, or the empty slot where it would go. */
    private int find(int t, long sHi, long sLo, long dHi, long dLo) {
        int i = hash(t, sHi, sLo, dHi, dLo) & mask;
        while (true) {
            int e = slot[i];
            if (e < 0 || (type[e] == t && srcLo[e] == sLo && dstLo[e] == dLo && srcHi[e] == sHi
                    && dstHi[e] == dHi)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Counts the current sighting's packet in its outermost tunnel. */
    void add(Observation o, int point) {
        int t = o.encapType[0];
        int i = find(t, o.encapSrcHi[0], o.encapSrcLo[0], o.encapDstHi[0], o.encapDstLo[0]);
        int e = slot[i];
        if (e < 0) {
            if (count >= max) {
                dropped++;
                return;
            }
            if ((count + 1) * 2 > mask + 1) {
                allocate((mask + 1) * 2);
                i = find(t, o.encapSrcHi[0], o.encapSrcLo[0], o.encapDstHi[0], o.encapDstLo[0]);
            }
            e = count++;
            slot[i] = e;
            type[e] = t;
            srcHi[e] = o.encapSrcHi[0];
            srcLo[e] = o.encapSrcLo[0];
            dstHi[e] = o.encapDstHi[0];
            dstLo[e] = o.encapDstLo[0];
            firstSource[e] = o.source;
            firstNumber[e] = o.number;
            firstPoint[e] = point;
        }
        packets[e]++;
        tunnelBytes[e] += o.encapBytes;
        innerBytes[e] += o.ipLength;
    }

    long dropped() {
        return dropped;
    }

    List<TunnelPair> pairs(CapturePoints points) {
        List<TunnelPair> out = new ArrayList<>(count);
        for (int e = 0; e < count; e++) {
            String t = switch (type[e]) {
                case Observation.ENCAP_VXLAN -> Encap.VXLAN;
                case Observation.ENCAP_IP6IP -> Encap.IP6IP;
                default -> Encap.IPIP;
            };
            out.add(new TunnelPair(t, Addresses.format(srcHi[e], srcLo[e]), Addresses.format(dstHi[e], dstLo[e]),
                    packets[e], tunnelBytes[e], innerBytes[e],
                    new PacketRef(points.source(firstSource[e]).file(), firstNumber[e]),
                    points.pointNode.get(firstPoint[e]), points.pointIface.get(firstPoint[e])));
        }
        return out;
    }
}
