package io.hoptrace.rules.catalog.conntrack;

import io.hoptrace.decoders.state.ConntrackCpuStats;
import io.hoptrace.decoders.state.ConntrackStatsDelta;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.Finding;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Rule;
import io.hoptrace.rules.Severity;
import io.hoptrace.rules.Threshold;
import io.hoptrace.rules.catalog.Describe;
import io.hoptrace.rules.model.DnsRetryEvent;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NatChange;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code conntrack.dns-retry}: a DNS query to a Service (kube-dns) sent again with the same id and question after
 * the resolver's timeout (5 s unless resolv.conf says {@code options timeout:}), because the first got no answer.
 * The classic cause: glibc sends A and AAAA in parallel from one socket, both packets race to create the same
 * conntrack entry for the DNAT to a CoreDNS pod, and the loser is dropped ({@code conntrack -S insert_failed}
 * grows). The finding says where the unanswered query was last seen and whether insert_failed grew on that node.
 * One finding per (client, server).
 */
public final class DnsRetryRule implements Rule {
    public static final String ID = "conntrack.dns-retry";

    static final Threshold<Long> MIN_DELAY_MS = Threshold.ofLong("conntrack.dns-retry.min-delay-ms", 500,
            "least time between a DNS query and its repetition for it to count as a retry (not a duplicate)");

    /** glibc's default resolver timeout (resolv.conf {@code options timeout:5}). */
    private static final long RESOLVER_TIMEOUT_NANOS = 5_000_000_000L;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "DNS queries to a Service retried after the resolver timeout (the conntrack UDP insert race)";
    }

    @Override
    public List<Threshold<?>> thresholds() {
        return List.of(MIN_DELAY_MS);
    }

    @Override
    public List<Finding> evaluate(AnalysisView v) {
        long min = v.thresholds().getLong(MIN_DELAY_MS) * 1_000_000L;
        Map<String, List<DnsRetryEvent>> groups = new LinkedHashMap<>();
        for (DnsRetryEvent e : v.dnsRetries()) {
            if (e.gapNanos() >= min) {
                groups.computeIfAbsent(e.query().src() + " " + e.query().destination(), k -> new ArrayList<>())
                        .add(e);
            }
        }
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<PacketRef, Journey> byFirstPacket = new HashMap<>();
        for (Journey j : v.journeys()) {
            byFirstPacket.putIfAbsent(j.first().packet(), j);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<DnsRetryEvent>> g : groups.entrySet()) {
            out.add(finding(v, g.getKey(), g.getValue(), byFirstPacket));
        }
        return out;
    }

    private static Finding finding(AnalysisView v, String key, List<DnsRetryEvent> retries,
                                   Map<PacketRef, Journey> byFirstPacket) {
        DnsRetryEvent e = retries.get(0);
        String client = Describe.address(v, e.query().src());
        Optional<ObjectRef> svc = v.cluster().serviceAt(e.query().dst(), e.query().dport(), "udp");
        String server = svc.map(s -> "service " + s.qualifiedName() + " (" + e.query().destination() + ")")
                .orElse(Describe.address(v, e.query().dst()) + ":" + e.query().dport());
        Set<String> questions = new LinkedHashSet<>();
        retries.forEach(r -> questions.add(r.type() + " " + r.name()));
        long unanswered = retries.stream().filter(r -> !r.answered()).count();

        Journey lost = byFirstPacket.get(e.first());
        Hop stop = lost == null ? null : lost.last();
        Optional<NatChange> dnat = lost == null ? Optional.empty() : lost.hops().stream()
                .flatMap(h -> h.nat().stream()).filter(n -> n.kind() == NatChange.Kind.DNAT).findFirst();
        String raceNode = stop != null ? stop.node() : e.node();
        long insertFailed = growth(v.node(raceNode), ConntrackCpuStats.INSERT_FAILED);

        StringBuilder s = new StringBuilder(client).append(" waited ").append(gaps(retries)).append(" and re-sent ");
        s.append(retries.size() == 1 ? "DNS query " + questions.iterator().next() + String.format(Locale.ROOT,
                " (id 0x%04x)", e.id()) : retries.size() + " DNS queries (" + String.join(", ", questions) + ")");
        s.append(" to ").append(server);
        if (stop != null) {
            s.append(": the first ").append(retries.size() == 1 ? "was" : "of them was").append(" last seen at ")
                    .append(Describe.where(stop));
            dnat.ifPresent(n -> s.append(" after DNAT to ").append(Describe.address(v, n.after().address())));
        } else {
            s.append(": the first got no answer");
        }
        if (insertFailed > 0) {
            s.append(", and ").append(raceNode).append("'s conntrack -S insert_failed grew by ").append(insertFailed)
                    .append(" (the conntrack insert race of parallel UDP queries)");
        }
        if (unanswered > 0) {
            s.append("; ").append(Describe.plural(unanswered, "retry", "retries")).append(" got no answer either");
        }

        String pod = Describe.owner(v, e.query().src()).filter(o -> o.kind() == ObjectRef.Kind.POD)
                .map(Object::toString).orElse("the client");
        String fix = (insertFailed > 0 ? "" : "if conntrack -S insert_failed grows on " + raceNode + ", this is ")
                + "the conntrack race of A and AAAA queries sent in parallel from one socket: give " + pod
                + " dnsConfig options single-request-reopen (glibc; or use-vc for TCP), or run NodeLocal DNSCache "
                + "so that queries do not cross the DNAT to CoreDNS; kernels 5.0 and later resolve most of these "
                + "clashes. Otherwise check the DNS endpoints for drops and load";
        Finding.Builder f = Finding.of(ID, unanswered > 0 ? Severity.ERROR : Severity.WARNING, s.toString()).fix(fix)
                .node(raceNode).dedupKey(key);
        for (DnsRetryEvent r : retries) {
            f.packet(r.first());
            f.packet(r.retry());
        }
        Describe.owner(v, e.query().src()).ifPresent(f::object);
        svc.ifPresent(f::object);
        dnat.flatMap(n -> Describe.owner(v, n.after().address())).ifPresent(f::object);
        if (lost != null) {
            f.journey(lost.id(), Describe.lastHop(lost));
        }
        for (DnsRetryEvent r : retries) {
            f.evidence(String.format(Locale.ROOT, "%s id 0x%04x %s %s: sent %s, again %s later (%s)%s",
                    r.query(), r.id(), r.type(), r.name(), r.first(), seconds(r.gapNanos()), r.retry(),
                    r.answered() ? ", then answered" : ", never answered"));
        }
        stats(v, raceNode, f);
        return f.build();
    }

    /** {@code 5.0 s} or {@code 5.0 s, 10.0 s}; names the resolver timeout when every gap is about 5 s. */
    private static String gaps(List<DnsRetryEvent> retries) {
        Set<String> g = new LinkedHashSet<>();
        boolean timeout = true;
        for (DnsRetryEvent r : retries) {
            g.add(seconds(r.gapNanos()));
            timeout &= Math.abs(r.gapNanos() - RESOLVER_TIMEOUT_NANOS) < RESOLVER_TIMEOUT_NANOS / 10;
        }
        return String.join(", ", g) + (timeout ? " (the resolver's timeout)" : "");
    }

    private static long growth(Optional<NodeState> n, String counter) {
        if (n.isEmpty() || n.get().conntrackStats() == null) {
            return 0;
        }
        long sum = 0;
        for (ConntrackStatsDelta d : n.get().conntrackStats().deltas()) {
            if (!d.wentBack().contains(counter)) {
                sum += Math.max(0, d.change(counter));
            }
        }
        return sum;
    }

    private static void stats(AnalysisView v, String node, Finding.Builder f) {
        Optional<NodeState> n = v.node(node);
        if (n.isEmpty() || n.get().conntrackStats() == null) {
            return;
        }
        for (ConntrackStatsDelta d : n.get().conntrackStats().deltas()) {
            for (String c : d.growing()) {
                f.evidence(node + " conntrack -S: " + c + " +" + d.change(c) + " (" + d.from().total(c) + " -> "
                        + d.to().total(c) + ")" + (d.from().time() != null && d.to().time() != null ? " between "
                        + d.from().time() + " and " + d.to().time() : ""));
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
