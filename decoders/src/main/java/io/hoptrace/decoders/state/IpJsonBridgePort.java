package io.hoptrace.decoders.state;

/**
 * A device enslaved to a bridge, as {@code ip -d -j link} shows it (linkinfo.info_slave_data). Hairpin mode lets a
 * frame leave by the port it came in on: without it, a pod reaching its own Service VIP through the bridge (kube-proxy
 * DNATs it back to itself) gets no answer.
 *
 * @param state   "forwarding", "blocking", "disabled", ... or null
 * @param hairpin null if not printed
 */
public record IpJsonBridgePort(String state, Boolean hairpin, Boolean learning, Boolean isolated) {
}
