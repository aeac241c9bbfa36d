package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.model.DnsRetryEvent;
import io.hoptrace.rules.model.FlowKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last DNS queries of each flow that carries DNS, to see a query sent again (same id, same question) before
 * it was answered. Two queries per flow: a resolver asks A and AAAA in parallel on one socket. Primitive arrays
 * indexed by record, records only for DNS flows: memory grows with DNS flows, not with packets. Retries become
 * {@link DnsRetryEvent}s, capped.
 */
final class DnsQueries {
    static final int SLOTS = 2;
    private static final int EMPTY = -1;
    private static final int QR = 0x8000;

    private final int maxEvents;
    private long dropped;

    /** flow id -> record by open addressing, key and value side by side (one cache line per probe) */
    private int[] table = new int[2 * 64];
    private int used;

    private int records;
    private int[] id = new int[16 * SLOTS];
    private long[] question = new long[16 * SLOTS];
    private long[] sent = new long[16 * SLOTS];
    private int[] source = new int[16 * SLOTS];
    private long[] number = new long[16 * SLOTS];
    private boolean[] answered = new boolean[16 * SLOTS];
    private int[] attempts = new int[16 * SLOTS];
    private int[] event = new int[16 * SLOTS];

    /** A retry while its packet is at hand; the answer may come later. */
    private static final class Retry {
        final PacketRef first;
        final PacketRef retry;
        final String node;
        final String iface;
        final long firstNanos;
        final long retryNanos;
        final FlowKey query;
        final int id;
        final String name;
        final String type;
        final int attempt;
        final int flow;
        boolean answered;

        Retry(PacketRef first, PacketRef retry, String node, String iface, long firstNanos, long retryNanos,
              FlowKey query, int id, String name, String type, int attempt, int flow) {
            this.first = first;
            this.retry = retry;
            this.node = node;
            this.iface = iface;
            this.firstNanos = firstNanos;
            this.retryNanos = retryNanos;
            this.query = query;
            this.id = id;
            this.name = name;
            this.type = type;
            this.attempt = attempt;
            this.flow = flow;
        }
    }

    private final List<Retry> retries = new ArrayList<>();

    DnsQueries(int maxEvents) {
        this.maxEvents = maxEvents;
        Arrays.fill(table, EMPTY);
    }

    long dropped() {
        return dropped;
    }

    /**
     * A DNS message at its first sighting in flow {@code f} (seen at capture point {@code point}). Returns true when
     * it is a query sent again before the earlier one was answered.
     */
    boolean message(int f, Dissection d, Observation o, CapturePoints points, int point) {
        if ((o.dnsFlags & QR) != 0) {
            int r = find(f);
            if (r >= 0) {
                for (int s = r * SLOTS; s < (r + 1) * SLOTS; s++) {
                    if (id[s] == o.dnsId && question[s] == o.dnsQuestion) {
                        answered[s] = true;
                        if (event[s] >= 0) {
                            retries.get(event[s]).answered = true;
                        }
                    }
                }
            }
            return false;
        }
        int r = record(f);
        int oldest = r * SLOTS;
        for (int s = r * SLOTS; s < (r + 1) * SLOTS; s++) {
            if (id[s] == o.dnsId && question[s] == o.dnsQuestion && !answered[s]) {
                attempts[s]++;
                event[s] = retry(f, s, d, o, points, point);
                sent[s] = o.timeNanos;
                source[s] = o.source;
                number[s] = o.number;
                return true;
            }
            if (id[s] == EMPTY || sent[s] < sent[oldest] && id[oldest] != EMPTY) {
                oldest = s;
            }
        }
        id[oldest] = o.dnsId;
        question[oldest] = o.dnsQuestion;
        sent[oldest] = o.timeNanos;
        source[oldest] = o.source;
        number[oldest] = o.number;
        answered[oldest] = false;
        attempts[oldest] = 1;
        event[oldest] = EMPTY;
        return false;
    }

    private int retry(int f, int s, Dissection d, Observation o, CapturePoints points, int point) {
        if (retries.size() >= maxEvents) {
            dropped++;
            return EMPTY;
        }
        byte[] b = d.bytes(o.transportLayer);
        int end = Math.min(d.end(o.transportLayer), b.length);
        StringBuilder name = new StringBuilder();
        int i = o.dnsNameOffset;
        while (i < end && (b[i] & 0xFF) != 0) {
            int len = b[i] & 0xFF;
            if (name.length() > 0) {
                name.append('.');
            }
            for (int k = i + 1; k <= i + len && k < end; k++) {
                int c = b[k] & 0xFF;
                name.append(c > 32 && c < 127 ? (char) c : '?');
            }
            i += 1 + len;
        }
        int qtype = i + 2 < end ? ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF) : -1;
        FlowKey key = Views.flowKey(o.protocol, o.srcHi, o.srcLo, o.dstHi, o.dstLo, o.sport, o.dport);
        retries.add(new Retry(new PacketRef(points.source(source[s]).file(), number[s]),
                new PacketRef(points.source(o.source).file(), o.number), points.pointNode.get(point),
                points.pointIface.get(point), sent[s], o.timeNanos, key, o.dnsId,
                name.length() == 0 ? "." : name.toString(), typeName(qtype), attempts[s], f));
        return retries.size() - 1;
    }

    static String typeName(int t) {
        return switch (t) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 65 -> "HTTPS";
            default -> "TYPE" + t;
        };
    }

    /** The events, with flow ids mapped to the view's ({@code newId[engineId]}). */
    List<DnsRetryEvent> events(int[] newId) {
        List<DnsRetryEvent> out = new ArrayList<>(retries.size());
        for (Retry r : retries) {
            int flow = r.flow >= 0 && r.flow < newId.length ? newId[r.flow] : -1;
            out.add(new DnsRetryEvent(r.first, r.retry, r.node, r.iface, r.firstNanos, r.retryNanos, r.query, r.id,
                    r.name, r.type, r.attempt, r.answered, flow));
        }
        return out;
    }

    // ---- flow -> record ----------------------------------------------------------------------------------------

    /** Index in {@link #table} of the key {@code f}, or of the empty entry where it would go. */
    private int slotOf(int[] t, int f) {
        int mask = t.length / 2 - 1;
        int i = (int) Fingerprints.mix(f) & mask;
        while (t[2 * i] != EMPTY && t[2 * i] != f) {
            i = (i + 1) & mask;
        }
        return 2 * i;
    }

    private int find(int f) {
        int i = slotOf(table, f);
        return table[i] == f ? table[i + 1] : EMPTY;
    }

    private int record(int f) {
        int i = slotOf(table, f);
        if (table[i] == f) {
            return table[i + 1];
        }
        if ((used + 1) * 4 > table.length) {
            int[] old = table;
            table = new int[old.length * 2];
            Arrays.fill(table, EMPTY);
            for (int j = 0; j < old.length; j += 2) {
                if (old[j] != EMPTY) {
                    int s = slotOf(table, old[j]);
                    table[s] = old[j];
                    table[s + 1] = old[j + 1];
                }
            }
            i = slotOf(table, f);
        }
        int r = records++;
        if (r * SLOTS + SLOTS > id.length) {
            int n = id.length * 2;
            id = Arrays.copyOf(id, n);
            question = Arrays.copyOf(question, n);
            sent = Arrays.copyOf(sent, n);
            source = Arrays.copyOf(source, n);
            number = Arrays.copyOf(number, n);
            answered = Arrays.copyOf(answered, n);
            attempts = Arrays.copyOf(attempts, n);
            event = Arrays.copyOf(event, n);
        }
        for (int s = r * SLOTS; s < (r + 1) * SLOTS; s++) {
            id[s] = EMPTY;
            event[s] = EMPTY;
        }
        table[i] = f;
        table[i + 1] = r;
        used++;
        return r;
    }
}
