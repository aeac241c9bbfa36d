package io.hoptrace.decoders.state;

/** What an IPVS virtual service matches on: a transport protocol with address and port, or a firewall mark. */
public enum IpvsProtocol {
    TCP(6), UDP(17), SCTP(132), FWM(0);

    private final int ipProtocol;

    IpvsProtocol(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    /** The IP protocol number, 0 for a firewall-mark service (which matches any protocol the mark was set on). */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** The name as ipvsadm and /proc/net/ip_vs print it ("TCP", "UDP", "SCTP", "FWM"), or null. */
    static IpvsProtocol ofListName(String s) {
        switch (s) {
            case "TCP": return TCP;
            case "UDP": return UDP;
            case "SCTP": return SCTP;
            case "FWM": return FWM;
            default: return null;
        }
    }
}
