package io.hoptrace.ui.model.analysis;

import io.hoptrace.ui.model.Severity;

/**
 * One observation of a packet on its way: where (node, interface), when, how it looked there.
 *
 * @param row           the packet-list row of this observation
 * @param delayNanos    since the previous hop (0 for the first)
 * @param encapsulation "VXLAN vni 1", "IP-in-IP", or "" when the packet is not tunnelled here
 * @param addresses     the packet's own addresses here ({@code 10.244.0.11 → 10.244.1.10:8080})
 * @param nat           the rewrite since the previous hop ({@code DNAT 10.96.88.10:80 → 10.244.1.10:8080}), or ""
 * @param finding       the summary of a finding at this hop, or "" (the diagram marks the hop red)
 */
public record Hop(int row, String node, String iface, long timestampNanos, long delayNanos, String encapsulation,
                  String addresses, String nat, String finding, Severity severity) {
}
