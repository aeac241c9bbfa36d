package io.hoptrace.decoders.state;

/**
 * How IPVS sends a packet to a real server. MASQ rewrites the destination (NAT, what kube-proxy uses); ROUTE
 * (direct routing, "gatewaying") and TUNNEL (IP-in-IP) leave the virtual address in the packet; LOCAL is a real
 * server on this node; FULLNAT is Alibaba's patched IPVS that also rewrites the source. UNKNOWN covers what no
 * stock ipvsadm prints, such as "(null)" from the FULLNAT fork's ipvsadm-save.
 */
public enum IpvsForwarding {
    MASQ("Masq"), ROUTE("Route"), TUNNEL("Tunnel"), LOCAL("Local"), FULLNAT("FullNat"), UNKNOWN("?");

    private final String listName;

    IpvsForwarding(String listName) {
        this.listName = listName;
    }

    /** The word {@code ipvsadm -Ln} prints in its Forward column. */
    public String listName() {
        return listName;
    }

    /** A Forward column word, or null if it is not one. "(null)" is UNKNOWN (ipvsadm printing a missing name). */
    static IpvsForwarding ofListName(String s) {
        for (IpvsForwarding f : values()) {
            if (f != UNKNOWN && f.listName.equals(s)) {
                return f;
            }
        }
        return "(null)".equals(s) ? UNKNOWN : null;
    }

    /** An ipvsadm-save switch (-m, -g, -i and the long forms), or null. -g is ROUTE: save prints it for LOCAL too. */
    static IpvsForwarding ofSaveSwitch(String s) {
        switch (s) {
            case "-m": case "--masquerading": return MASQ;
            case "-g": case "--gatewaying": return ROUTE;
            case "-i": case "--ipip": return TUNNEL;
            case "(null)": return UNKNOWN;
            default: return null;
        }
    }
}
