package io.hoptrace.rules.model;

import io.hoptrace.rules.PacketRef;

/**
 * A DNS query sent again with the same id and question on the same socket (5-tuple) while the earlier one had no
 * answer: the resolver gave up waiting (glibc's timeout is 5 s by default, {@code options timeout:} in
 * resolv.conf). At most the engine's event cap of them.
 *
 * @param first      the earlier query (the first of the lookup, or the previous retry)
 * @param retry      this query
 * @param node       where the retry was first seen
 * @param iface      its interface there
 * @param firstNanos when the earlier query was sent
 * @param retryNanos when this one was
 * @param query      client and server as the retry's first sighting shows them (a Service IP before DNAT)
 * @param id         the DNS message id
 * @param name       the question's name ({@code web.demo.svc.cluster.local})
 * @param type       the question's type ({@code A}, {@code AAAA}, {@code TYPE65})
 * @param attempt    2 for the first retry, 3 for the next, ...
 * @param answered   a response with this id came back after the retry
 * @param flowId     the flow, index in {@link io.hoptrace.rules.AnalysisView#flows()}, or -1
 */
public record DnsRetryEvent(PacketRef first, PacketRef retry, String node, String iface, long firstNanos,
                            long retryNanos, FlowKey query, int id, String name, String type, int attempt,
                            boolean answered, int flowId) {
    /** Time between the two queries. */
    public long gapNanos() {
        return retryNanos - firstNanos;
    }
}
