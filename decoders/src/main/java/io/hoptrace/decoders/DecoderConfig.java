package io.hoptrace.decoders;

import java.util.Set;

/**
 * What is configuration rather than code: which UDP ports carry VXLAN (Flannel uses 8472, the RFC and Calico
 * 4789), which TCP port carries BGP, and how deep tunnels may nest before decoding stops.
 */
public record DecoderConfig(Set<Integer> vxlanPorts, Set<Integer> bgpPorts, int maxEncapsulationDepth) {
    public static final int DEFAULT_MAX_ENCAPSULATION_DEPTH = 8;

    public DecoderConfig {
        vxlanPorts = Set.copyOf(vxlanPorts);
        bgpPorts = Set.copyOf(bgpPorts);
        if (maxEncapsulationDepth < 0) {
            throw new IllegalArgumentException("maxEncapsulationDepth must be >= 0: " + maxEncapsulationDepth);
        }
    }

    public static DecoderConfig defaults() {
        return new DecoderConfig(Set.of(4789, 8472), Set.of(179), DEFAULT_MAX_ENCAPSULATION_DEPTH);
    }

    public DecoderConfig withVxlanPorts(Set<Integer> ports) {
        return new DecoderConfig(ports, bgpPorts, maxEncapsulationDepth);
    }
}
