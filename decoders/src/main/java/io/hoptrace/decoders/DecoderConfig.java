package io.hoptrace.decoders;

import java.util.Set;

/**
 * What is configuration rather than code: which UDP ports carry VXLAN (Flannel uses 8472, the RFC and Calico
 * 4789), Geneve (the IANA 6081, which Antrea, OVN-Kubernetes and Cilium use) and MPLS in UDP (RFC 7510's 6635),
 * which TCP port carries BGP, and how deep tunnels may nest before decoding stops.
 */
public record DecoderConfig(Set<Integer> vxlanPorts, Set<Integer> bgpPorts, Set<Integer> genevePorts,
        Set<Integer> mplsUdpPorts, int maxEncapsulationDepth) {
    public static final int DEFAULT_MAX_ENCAPSULATION_DEPTH = 8;
    public static final Set<Integer> DEFAULT_VXLAN_PORTS = Set.of(4789, 8472);
    public static final Set<Integer> DEFAULT_BGP_PORTS = Set.of(179);
    public static final Set<Integer> DEFAULT_GENEVE_PORTS = Set.of(6081);
    public static final Set<Integer> DEFAULT_MPLS_UDP_PORTS = Set.of(6635);

    public DecoderConfig {
        vxlanPorts = Set.copyOf(vxlanPorts);
        bgpPorts = Set.copyOf(bgpPorts);
        genevePorts = Set.copyOf(genevePorts);
        mplsUdpPorts = Set.copyOf(mplsUdpPorts);
        if (maxEncapsulationDepth < 0) {
            throw new IllegalArgumentException("maxEncapsulationDepth must be >= 0: " + maxEncapsulationDepth);
        }
    }

    /** VXLAN and BGP ports and the depth limit as given; Geneve and MPLS-in-UDP on their default ports. */
    public DecoderConfig(Set<Integer> vxlanPorts, Set<Integer> bgpPorts, int maxEncapsulationDepth) {
        this(vxlanPorts, bgpPorts, DEFAULT_GENEVE_PORTS, DEFAULT_MPLS_UDP_PORTS, maxEncapsulationDepth);
    }

    public static DecoderConfig defaults() {
        return new DecoderConfig(DEFAULT_VXLAN_PORTS, DEFAULT_BGP_PORTS, DEFAULT_GENEVE_PORTS, DEFAULT_MPLS_UDP_PORTS,
                DEFAULT_MAX_ENCAPSULATION_DEPTH);
    }

    public DecoderConfig withVxlanPorts(Set<Integer> ports) {
        return new DecoderConfig(ports, bgpPorts, genevePorts, mplsUdpPorts, maxEncapsulationDepth);
    }

    public DecoderConfig withGenevePorts(Set<Integer> ports) {
        return new DecoderConfig(vxlanPorts, bgpPorts, ports, mplsUdpPorts, maxEncapsulationDepth);
    }

    public DecoderConfig withMplsUdpPorts(Set<Integer> ports) {
        return new DecoderConfig(vxlanPorts, bgpPorts, genevePorts, ports, maxEncapsulationDepth);
    }
}
