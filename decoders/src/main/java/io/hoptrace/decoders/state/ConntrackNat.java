package io.hoptrace.decoders.state;

/**
 * The address translation a conntrack entry records. The kernel writes the reply tuple as the answer will look on
 * the wire, so DNAT shows as a reply source other than the original destination (a Service VIP answered by a pod)
 * and SNAT as a reply destination other than the original source (masquerade).
 */
public enum ConntrackNat {
    NONE, DNAT, SNAT, BOTH;

    public boolean dnat() {
        return this == DNAT || this == BOTH;
    }

    public boolean snat() {
        return this == SNAT || this == BOTH;
    }
}
