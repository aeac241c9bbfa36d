package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.rules.model.ClockOffset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates each node's capture clock offset from the packets themselves, so captures taken on nodes whose clocks
 * disagree (NTP off by seconds) can be merged by corrected time and stitched. A packet that leaves node A and
 * arrives on node B is the same bytes on both, so its fingerprint ({@link Fingerprints}) matches: from A to B,
 * {@code x = B's first sighting - A's last} is B's offset plus the wire latency; from B to A, {@code y = A's first -
 * B's last} is the latency minus B's offset. The medians of both give the offset with the latency cancelled,
 * {@code (med x - med y) / 2}, and every pair bounds it ({@code -min y <= offset <= min x}, or some packet would
 * arrive before it left), which keeps corrected hop delays non-negative for the packets sampled. Which way a packet
 * went comes from its TTL (lower downstream), or with equal TTLs from the capture direction (out on the sender,
 * in on the receiver); a packet whose direction is unclear, or that repeats on a node within the stitching window,
 * is left out.
 *
 * <p>Fed the first {@link #SAMPLE_PER_NODE} sightings of each node (all of its captures: they share its clock);
 * an offset is used only when at least {@link #MIN_PAIRS} packets, and at least half of those seen on both, agree
 * within {@link #AGREE_NANOS}. An offset the packets cannot tell from the wire latency (no packet would arrive
 * before it left with the clocks as they are) is reported and not applied. Nodes that share no packet with the
 * reference are reached through other nodes. Memory: the samples, 20 bytes per sighting. Pure computation.
 */
public final class ClockOffsets {
    public static final int SAMPLE_PER_NODE = 50_000;
    /** Sightings of one packet on two nodes further apart than this (in captured time) are not matched. */
    public static final long MATCH_WINDOW_NANOS = 120_000_000_000L;
    static final int MIN_PAIRS = 10;
    static final long AGREE_NANOS = 2_000_000L;
    /** With packets in one direction only the latency cannot be cancelled: smaller offsets are not applied. */
    static final long ONE_WAY_MIN_NANOS = 1_000_000L;

    private final List<String> nodes;
    private final long windowNanos;
    private final long[][] fingerprint;
    private final long[][] time;
    private final byte[][] ttl;
    private final byte[][] direction;
    private final int[] count;
    private final Observation o = new Observation();

    /** {@code nodes} by index; {@code windowNanos} is the stitching window ({@link AnalysisLimits#windowNanos}). */
    public ClockOffsets(List<String> nodes, long windowNanos) {
        this.nodes = List.copyOf(nodes);
        this.windowNanos = windowNanos;
        int n = nodes.size();
        fingerprint = new long[n][];
        time = new long[n][];
        ttl = new byte[n][];
        direction = new byte[n][];
        count = new int[n];
        for (int i = 0; i < n; i++) {
            fingerprint[i] = new long[1024];
            time[i] = new long[1024];
            ttl[i] = new byte[1024];
            direction[i] = new byte[1024];
        }
    }

    /** True once {@code node} has its sample. */
    public boolean full(int node) {
        return count[node] >= SAMPLE_PER_NODE;
    }

    /** One decoded frame captured on {@code node} (its time set with {@link Dissection#meta}). */
    public void add(int node, Dissection d, int fallbackIfKey) {
        if (full(node) || !ObservationExtractor.extract(d, o, fallbackIfKey)) {
            return;
        }
        add(node, o.fingerprint, o.timeNanos, o.ttl, o.direction);
    }

    /** One sighting: a packet's fingerprint, capture time, inner TTL and {@link Observation#DIR_IN}/OUT/UNKNOWN. */
    void add(int node, long fp, long timeNanos, int hopLimit, int dir) {
        int c = count[node];
        if (c >= SAMPLE_PER_NODE) {
            return;
        }
        if (c == fingerprint[node].length) {
            int cap = Math.min(SAMPLE_PER_NODE, c * 2);
            fingerprint[node] = Arrays.copyOf(fingerprint[node], cap);
            time[node] = Arrays.copyOf(time[node], cap);
            ttl[node] = Arrays.copyOf(ttl[node], cap);
            direction[node] = Arrays.copyOf(direction[node], cap);
        }
        fingerprint[node][c] = fp;
        time[node][c] = timeNanos;
        ttl[node][c] = (byte) hopLimit;
        direction[node][c] = (byte) dir;
        count[node] = c + 1;
    }

    /**
     * One line per node but the reference (the node with the most packets in common with the others). Call once,
     * after the samples: it releases them.
     */
    public List<ClockOffset> estimate() {
        int n = nodes.size();
        if (n < 2) {
            return List.of();
        }
        Packets[] p = new Packets[n];
        for (int i = 0; i < n; i++) {
            p[i] = packets(i);
            // the raw sample is no longer needed: at most one node's is held next to the packets
            fingerprint[i] = new long[0];
            time[i] = new long[0];
            ttl[i] = new byte[0];
            direction[i] = new byte[0];
            count[i] = SAMPLE_PER_NODE;
        }
        Pair[][] pairs = new Pair[n][n];
        int[] agreeing = new int[n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                Pair e = pair(p[a], p[b]);
                pairs[a][b] = e;
                pairs[b][a] = e.reversed();
                if (e.problem == null) {
                    agreeing[a] += e.agree;
                    agreeing[b] += e.agree;
                }
            }
        }
        int ref = 0;
        for (int i = 1; i < n; i++) {
            if (agreeing[i] > agreeing[ref]) {
                ref = i;
            }
        }
        // Prim's tree over the pairs that agree, widest (most agreeing packets) first
        boolean[] reached = new boolean[n];
        long[] offset = new long[n];
        int[] fewest = new int[n];
        boolean[] apply = new boolean[n];
        String[] notes = new String[n];
        reached[ref] = true;
        fewest[ref] = Integer.MAX_VALUE;
        notes[ref] = "";
        while (true) {
            int from = -1;
            int to = -1;
            for (int u = 0; u < n; u++) {
                for (int v = 0; v < n && reached[u]; v++) {
                    Pair e = pairs[u][v];
                    boolean wider = from < 0 || e != null && e.agree > pairs[from][to].agree;
                    if (!reached[v] && e != null && e.problem == null && wider) {
                        from = u;
                        to = v;
                    }
                }
            }
            if (from < 0) {
                break;
            }
            Pair e = pairs[from][to];
            reached[to] = true;
            offset[to] = offset[from] + e.offset;
            fewest[to] = Math.min(fewest[from], e.agree);
            apply[to] = apply[from] || e.significant;
            notes[to] = join(notes[from], e.note, from == ref ? null : "through " + nodes.get(from));
        }
        List<ClockOffset> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i == ref) {
                continue;
            }
            if (!reached[i]) {
                out.add(ClockOffset.unknown(nodes.get(i), nodes.get(ref), why(pairs[i], i)));
            } else {
                String note = apply[i] ? notes[i] : join(notes[i], "the clocks agree within the wire latency", null);
                out.add(new ClockOffset(nodes.get(i), nodes.get(ref), true, offset[i], fewest[i], apply[i], note));
            }
        }
        return out;
    }

    /** The correction to subtract from each node's capture times, for the nodes whose offset is applied. */
    public static Map<String, Long> corrections(List<ClockOffset> offsets) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ClockOffset o : offsets) {
            if (o.applied()) {
                m.put(o.node(), o.offsetNanos());
            }
        }
        return m;
    }

    private String why(Pair[] row, int node) {
        Pair best = null;
        for (int j = 0; j < row.length; j++) {
            if (j != node && row[j] != null && (best == null || row[j].total > best.total)) {
                best = row[j];
            }
        }
        if (best == null || best.total == 0) {
            return "no packet seen on both it and another node, within " + MATCH_WINDOW_NANOS / 1_000_000_000L
                    + " s, among the first " + SAMPLE_PER_NODE + " of each";
        }
        return best.problem != null ? best.problem
                : "it shares packets only with nodes whose clocks could not be linked to the reference's";
    }

    private static String join(String a, String b, String c) {
        StringBuilder s = new StringBuilder(a == null ? "" : a);
        for (String x : new String[] {b, c}) {
            if (x != null && !x.isEmpty() && s.indexOf(x) < 0) {
                s.append(s.length() == 0 ? "" : "; ").append(x);
            }
        }
        return s.toString();
    }

    /** One node's sample as packets: per fingerprint its first and last sighting, sorted by fingerprint. */
    private static final class Packets {
        long[] fp;
        long[] first;
        long[] last;
        byte[] firstDir;
        byte[] lastDir;
        byte[] minTtl;
        byte[] maxTtl;
        int n;
    }

    private Packets packets(int node) {
        int c = count[node];
        long[] fps = fingerprint[node];
        long[] times = time[node];
        Integer[] order = new Integer[c];
        for (int i = 0; i < c; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> fps[x] != fps[y] ? Long.compare(fps[x], fps[y]) : Long.compare(times[x],
                times[y]));
        Packets p = new Packets();
        p.fp = new long[c];
        p.first = new long[c];
        p.last = new long[c];
        p.firstDir = new byte[c];
        p.lastDir = new byte[c];
        p.minTtl = new byte[c];
        p.maxTtl = new byte[c];
        int i = 0;
        while (i < c) {
            int j = i;
            int lo = 255;
            int hi = 0;
            while (j < c && fps[order[j]] == fps[order[i]]) {
                int t = ttl[node][order[j]] & 0xFF;
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
                j++;
            }
            int f = order[i];
            int l = order[j - 1];
            if (times[l] - times[f] <= windowNanos) {
                int k = p.n++;
                p.fp[k] = fps[f];
                p.first[k] = times[f];
                p.last[k] = times[l];
                p.firstDir[k] = direction[node][f];
                p.lastDir[k] = direction[node][l];
                p.minTtl[k] = (byte) lo;
                p.maxTtl[k] = (byte) hi;
            }
            i = j;
        }
        p.fp = Arrays.copyOf(p.fp, p.n);
        p.first = Arrays.copyOf(p.first, p.n);
        p.last = Arrays.copyOf(p.last, p.n);
        p.firstDir = Arrays.copyOf(p.firstDir, p.n);
        p.lastDir = Arrays.copyOf(p.lastDir, p.n);
        p.minTtl = Arrays.copyOf(p.minTtl, p.n);
        p.maxTtl = Arrays.copyOf(p.maxTtl, p.n);
        return p;
    }

    /** B's clock against A's, from the packets both saw. */
    static final class Pair {
        final long offset;
        final int agree;
        final int total;
        final boolean significant;
        /** why there is no usable estimate, or null */
        final String problem;
        final String note;

        Pair(long offset, int agree, int total, boolean significant, String problem, String note) {
            this.offset = offset;
            this.agree = agree;
            this.total = total;
            this.significant = significant;
            this.problem = problem;
            this.note = note;
        }

        Pair reversed() {
            return new Pair(-offset, agree, total, significant, problem, note);
        }
    }

    private Pair pair(Packets a, Packets b) {
        long[] xs = new long[Math.min(a.n, b.n)];
        long[] ys = new long[xs.length];
        int nx = 0;
        int ny = 0;
        int unclear = 0;
        int i = 0;
        int j = 0;
        while (i < a.n && j < b.n) {
            if (a.fp[i] != b.fp[j]) {
                if (a.fp[i] < b.fp[j]) {
                    i++;
                } else {
                    j++;
                }
                continue;
            }
            if (Math.abs(b.first[j] - a.first[i]) <= MATCH_WINDOW_NANOS) {
                int dir = direction(a, i, b, j);
                if (dir > 0) {
                    xs[nx++] = b.first[j] - a.last[i];
                } else if (dir < 0) {
                    ys[ny++] = a.first[i] - b.last[j];
                } else {
                    unclear++;
                }
            }
            i++;
            j++;
        }
        return estimate(Arrays.copyOf(xs, nx), Arrays.copyOf(ys, ny), unclear);
    }

    /** 1 when the packet went from A to B, -1 from B to A, 0 when that cannot be told. */
    private static int direction(Packets a, int i, Packets b, int j) {
        boolean ab = (a.minTtl[i] & 0xFF) >= (b.maxTtl[j] & 0xFF);
        boolean ba = (b.minTtl[j] & 0xFF) >= (a.maxTtl[i] & 0xFF);
        if (ab && ba) {
            ab = a.lastDir[i] == Observation.DIR_OUT && b.firstDir[j] == Observation.DIR_IN;
            ba = b.lastDir[j] == Observation.DIR_OUT && a.firstDir[i] == Observation.DIR_IN;
        }
        return ab == ba ? 0 : ab ? 1 : -1;
    }

    /**
     * {@code xs}: B's first sighting minus A's last, of packets from A to B; {@code ys}: A's first minus B's last,
     * of packets from B to A; {@code unclear}: packets seen on both whose direction could not be told.
     */
    static Pair estimate(long[] xs, long[] ys, int unclear) {
        int total = xs.length + ys.length;
        if (total < MIN_PAIRS) {
            String problem = unclear > 0 ? "only " + total + " of the " + (total + unclear) + " packets seen on both "
                    + "it and another node show which way they went (by TTL, or out on one and in on the other)"
                    : total == 0 ? "no packet seen on both it and another node"
                    : "only " + total + " packet" + (total == 1 ? "" : "s") + " seen on both it and another node";
            return new Pair(0, 0, total + unclear, false, problem, "");
        }
        Arrays.sort(xs);
        Arrays.sort(ys);
        long offset;
        long latency;
        boolean significant;
        String note = "";
        if (xs.length > 0 && ys.length > 0) {
            long mx = median(xs);
            long my = median(ys);
            offset = (mx - my) / 2;
            latency = (mx + my) / 2;
            long lo = -ys[0];
            long hi = xs[0];
            if (lo <= hi) {
                offset = Math.max(lo, Math.min(hi, offset));
            }
            significant = lo > 0 || hi < 0;
        } else {
            // one direction: the latency does not cancel; the fastest packets (a low percentile, not the minimum,
            // which one mismatched packet could set) bound it
            long[] one = xs.length > 0 ? xs : ys;
            long low = one[one.length / 20];
            offset = xs.length > 0 ? low : -low;
            latency = 0;
            significant = Math.abs(offset) > ONE_WAY_MIN_NANOS;
            note = "packets in one direction only: delays across these nodes may read short by the wire latency";
        }
        int agree = 0;
        for (long x : xs) {
            agree += Math.abs(x - latency - offset) <= AGREE_NANOS ? 1 : 0;
        }
        for (long y : ys) {
            agree += Math.abs(latency - y - offset) <= AGREE_NANOS ? 1 : 0;
        }
        if (agree < MIN_PAIRS || 2 * agree < total) {
            return new Pair(offset, agree, total, false, "the " + total + " packets seen on both it and another node "
                    + "disagree about the offset (" + agree + " agree)", note);
        }
        return new Pair(offset, agree, total, significant, null, note);
    }

    private static long median(long[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : sorted[m - 1] + (sorted[m] - sorted[m - 1]) / 2;
    }
}
