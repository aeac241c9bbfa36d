package io.hoptrace.rules.engine;

import java.util.Arrays;

/**
 * Flows and their counters, in primitive arrays indexed by flow id: memory grows with flows, never with packets,
 * and the per-packet path allocates nothing. A flow is found by either direction of its 5-tuple (the hash is
 * symmetric) and by the tuples NAT turned it into ({@link #alias}). Past {@code maxFlows} new flows are not tracked
 * (counted in {@link #overflow()}).
 */
final class FlowTable {
    private static final int EMPTY = -1;

    // ---- key slots (open addressing, linear probing) ----
    private int slotMask;
    private int slotsUsed;
    private long[] sAHi;
    private long[] sALo;
    private long[] sBHi;
    private long[] sBLo;
    private int[] sPorts;
    private int[] sProto;
    private int[] sFlow;
    private byte[] sDir;

    // ---- flows ----
    private final int maxFlows;
    private int count;
    private long overflow;
    int[] primarySlot;
    long[] firstNanos;
    long[] lastNanos;
    /** two per flow: [2f] forward, [2f+1] reply */
    long[] packets;
    long[] bytes;
    long[] retransmissions;
    long[] nextSeq;
    int[] mss;
    int[] journeys;
    long[] sightings;
    long[] encapBytes;
    long[] fragments;
    long[] largeDf;
    long[] nodesMask;
    int[] syns;
    int[] synAcks;
    int[] resets;
    int[] fins;
    int[] maxLength;
    int[] icmpErrors;
    int[] notable;
    int[] firstNode;

    FlowTable(int maxFlows) {
        this.maxFlows = maxFlows;
        allocateSlots(1 << 12);
        allocateFlows(1 << 10);
    }

    int count() {
        return count;
    }

    long overflow() {
        return overflow;
    }

    private void allocateSlots(int capacity) {
        slotMask = capacity - 1;
        sAHi = new long[capacity];
        sALo = new long[capacity];
        sBHi = new long[capacity];
        sBLo = new long[capacity];
        sPorts = new int[capacity];
        sProto = new int[capacity];
        sFlow = new int[capacity];
        sDir = new byte[capacity];
        Arrays.fill(sFlow, EMPTY);
        slotsUsed = 0;
    }

    private void allocateFlows(int capacity) {
        primarySlot = new int[capacity];
        firstNanos = new long[capacity];
        lastNanos = new long[capacity];
        packets = new long[2 * capacity];
        bytes = new long[2 * capacity];
        retransmissions = new long[2 * capacity];
        nextSeq = new long[2 * capacity];
        mss = new int[2 * capacity];
        journeys = new int[2 * capacity];
        sightings = new long[capacity];
        encapBytes = new long[capacity];
        fragments = new long[capacity];
        largeDf = new long[capacity];
        nodesMask = new long[capacity];
        syns = new int[capacity];
        synAcks = new int[capacity];
        resets = new int[capacity];
        fins = new int[capacity];
        maxLength = new int[capacity];
        icmpErrors = new int[capacity];
        notable = new int[capacity];
        firstNode = new int[capacity];
    }

    private void growFlows() {
        int c = primarySlot.length * 2;
        primarySlot = Arrays.copyOf(primarySlot, c);
        firstNanos = Arrays.copyOf(firstNanos, c);
        lastNanos = Arrays.copyOf(lastNanos, c);
        packets = Arrays.copyOf(packets, 2 * c);
        bytes = Arrays.copyOf(bytes, 2 * c);
        retransmissions = Arrays.copyOf(retransmissions, 2 * c);
        nextSeq = Arrays.copyOf(nextSeq, 2 * c);
        mss = Arrays.copyOf(mss, 2 * c);
        journeys = Arrays.copyOf(journeys, 2 * c);
        sightings = Arrays.copyOf(sightings, c);
        encapBytes = Arrays.copyOf(encapBytes, c);
        fragments = Arrays.copyOf(fragments, c);
        largeDf = Arrays.copyOf(largeDf, c);
        nodesMask = Arrays.copyOf(nodesMask, c);
        syns = Arrays.copyOf(syns, c);
        synAcks = Arrays.copyOf(synAcks, c);
        resets = Arrays.copyOf(resets, c);
        fins = Arrays.copyOf(fins, c);
        maxLength = Arrays.copyOf(maxLength, c);
        icmpErrors = Arrays.copyOf(icmpErrors, c);
        notable = Arrays.copyOf(notable, c);
        firstNode = Arrays.copyOf(firstNode, c);
    }

    private static int ports(int sport, int dport) {
        return ((sport & 0xFFFF) << 16) | (dport & 0xFFFF);
    }

    private static long endpointHash(long hi, long lo, int port) {
        return Fingerprints.mix(hi * 0x9E3779B97F4A7C15L ^ lo ^ ((long) (port & 0xFFFF) << 48));
    }

    private static int hash(int proto, long aHi, long aLo, int ap, long bHi, long bLo, int bp) {
        long x = endpointHash(aHi, aLo, ap);
        long y = endpointHash(bHi, bLo, bp);
        long h = Fingerprints.mix(Math.min(x, y) * 31 + Math.max(x, y) + proto);
        return (int) (h ^ (h >>> 32));
    }

    /**
     * The flow of a packet with this tuple and the direction it travels in, packed as {@code flow << 1 | dir}, or -1
     * when the tuple is unknown.
     */
    int find(int proto, long srcHi, long srcLo, long dstHi, long dstLo, int sport, int dport) {
        int p = ports(sport, dport);
        int rp = ports(dport, sport);
        int i = hash(proto, srcHi, srcLo, sport, dstHi, dstLo, dport) & slotMask;
        while (true) {
            int f = sFlow[i];
            if (f == EMPTY) {
                return -1;
            }
            if (sProto[i] == proto) {
                if (sPorts[i] == p && sALo[i] == srcLo && sBLo[i] == dstLo && sAHi[i] == srcHi && sBHi[i] == dstHi) {
                    return (f << 1) | sDir[i];
                }
                if (sPorts[i] == rp && sALo[i] == dstLo && sBLo[i] == srcLo && sAHi[i] == dstHi
                        && sBHi[i] == srcHi) {
                    return (f << 1) | (1 - sDir[i]);
                }
            }
            i = (i + 1) & slotMask;
        }
    }

    /** Starts a flow whose first packet has this tuple; -1 past the flow cap. */
    int add(int proto, long srcHi, long srcLo, long dstHi, long dstLo, int sport, int dport, long time, int node) {
        if (count >= maxFlows) {
            overflow++;
            return -1;
        }
        if (count == primarySlot.length) {
            growFlows();
        }
        int f = count++;
        primarySlot[f] = insert(proto, srcHi, srcLo, dstHi, dstLo, sport, dport, f, 0);
        firstNanos[f] = time;
        lastNanos[f] = time;
        nextSeq[2 * f] = -1;
        nextSeq[2 * f + 1] = -1;
        mss[2 * f] = -1;
        mss[2 * f + 1] = -1;
        firstNode[f] = node;
        return f;
    }

    /** Makes this tuple (travelling in direction {@code dir} of {@code flow}) find the flow too, unless it already does. */
    void alias(int flow, int dir, int proto, long srcHi, long srcLo, long dstHi, long dstLo, int sport, int dport) {
        if (find(proto, srcHi, srcLo, dstHi, dstLo, sport, dport) >= 0) {
            return;
        }
        insert(proto, srcHi, srcLo, dstHi, dstLo, sport, dport, flow, dir);
    }

    private int insert(int proto, long aHi, long aLo, long bHi, long bLo, int ap, int bp, int flow, int dir) {
        if ((slotsUsed + 1) * 2 > slotMask + 1) {
            rehash();
        }
        return place(proto, aHi, aLo, bHi, bLo, ports(ap, bp), flow, dir);
    }

    private void rehash() {
        long[] aHi = sAHi;
        long[] aLo = sALo;
        long[] bHi = sBHi;
        long[] bLo = sBLo;
        int[] ps = sPorts;
        int[] pr = sProto;
        int[] fl = sFlow;
        byte[] dr = sDir;
        int[] oldPrimary = Arrays.copyOf(primarySlot, count);
        allocateSlots((slotMask + 1) * 2);
        for (int i = 0; i < fl.length; i++) {
            if (fl[i] != EMPTY) {
                int slot = place(pr[i], aHi[i], aLo[i], bHi[i], bLo[i], ps[i], fl[i], dr[i]);
                if (fl[i] < oldPrimary.length && oldPrimary[fl[i]] == i) {
                    primarySlot[fl[i]] = slot;
                }
            }
        }
    }

    private int place(int proto, long aHi, long aLo, long bHi, long bLo, int ps, int flow, int dir) {
        int i = hash(proto, aHi, aLo, ps >>> 16, bHi, bLo, ps & 0xFFFF) & slotMask;
        while (sFlow[i] != EMPTY) {
            i = (i + 1) & slotMask;
        }
        sAHi[i] = aHi;
        sALo[i] = aLo;
        sBHi[i] = bHi;
        sBLo[i] = bLo;
        sPorts[i] = ps;
        sProto[i] = proto;
        sFlow[i] = flow;
        sDir[i] = (byte) dir;
        slotsUsed++;
        return i;
    }

    /** Calls {@code v} for the primary slot of {@code flow}. */
    void primary(int flow, SlotVisitor v) {
        int i = primarySlot[flow];
        int ps = sPorts[i];
        int sp = ps >>> 16;
        int dp = ps & 0xFFFF;
        v.slot(flow, true, sDir[i], sProto[i], sAHi[i], sALo[i], sBHi[i], sBLo[i], sp == 0xFFFF ? -1 : sp,
                dp == 0xFFFF ? -1 : dp);
    }

    /** Collects all tuples of all flows in one pass (for the finished view): tuple lists indexed by flow. */
    void forEachSlot(SlotVisitor v) {
        for (int i = 0; i <= slotMask; i++) {
            if (sFlow[i] != EMPTY) {
                int ps = sPorts[i];
                int sp = ps >>> 16;
                int dp = ps & 0xFFFF;
                v.slot(sFlow[i], i == primarySlot[sFlow[i]], sDir[i], sProto[i], sAHi[i], sALo[i], sBHi[i], sBLo[i],
                        sp == 0xFFFF ? -1 : sp, dp == 0xFFFF ? -1 : dp);
            }
        }
    }

    interface SlotVisitor {
        void slot(int flow, boolean primary, int dir, int proto, long aHi, long aLo, long bHi, long bLo, int aPort,
                  int bPort);
    }
}
