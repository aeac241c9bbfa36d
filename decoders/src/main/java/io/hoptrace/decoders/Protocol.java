package io.hoptrace.decoders;

/** The protocols hoptrace decodes; a decoded layer is one of these. */
public enum Protocol {
    ETHERNET("eth"),
    VLAN("vlan"),
    SLL("sll"),
    SLL2("sll2"),
    /** Point-to-Point Protocol (RFC 1661) as libpcap stores it: the protocol field, optionally address/control. */
    PPP("ppp"),
    ARP("arp"),
    /** An MPLS label stack (RFC 3032): every entry down to the bottom-of-stack bit, as one layer. */
    MPLS("mpls"),
    IPV4("ip"),
    IPV6("ipv6"),
    TCP("tcp"),
    UDP("udp"),
    ICMP("icmp"),
    ICMPV6("icmpv6"),
    VXLAN("vxlan"),
    /** Geneve (RFC 8926): the overlay of Antrea, OVN-Kubernetes and Cilium's geneve mode. */
    GENEVE("geneve"),
    BGP("bgp"),
    /** Bytes no decoder claimed; kept so nothing is dropped. */
    DATA("data");

    private final String key;

    Protocol(String key) {
        this.key = key;
    }

    /** Short lower-case name used in JSON output and filters (Wireshark's field prefix style). */
    public String key() {
        return key;
    }
}
