package io.hoptrace.decoders.link;

/** Ethertype numbers hoptrace binds, and their names as tcpdump prints them. */
public final class EtherTypes {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int VLAN = 0x8100;
    public static final int IPV6 = 0x86DD;
    public static final int QINQ = 0x88A8;
    /** Values up to this are IEEE 802.3 lengths, not types (an LLC header follows). */
    public static final int MAX_8023_LENGTH = 1500;

    private EtherTypes() {
    }

    /** The name, or null for numbers without one. */
    public static String name(int type) {
        return switch (type) {
            case IPV4 -> "IPv4";
            case ARP -> "ARP";
            case 0x8035 -> "Reverse ARP";
            case VLAN -> "802.1Q";
            case IPV6 -> "IPv6";
            case QINQ -> "802.1Q-QinQ";
            case 0x8847 -> "MPLS unicast";
            case 0x8848 -> "MPLS multicast";
            case 0x888E -> "EAPOL";
            case 0x88CC -> "LLDP";
            case 0x6558 -> "Transparent Ethernet bridging";
            default -> null;
        };
    }
}
