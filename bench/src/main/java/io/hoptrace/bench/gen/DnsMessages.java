package io.hoptrace.bench.gen;

/** DNS queries and CoreDNS-style answers, written straight into a frame (RFC 1035, EDNS0 from RFC 6891). */
public final class DnsMessages {
    public static final int A = 1;
    public static final int AAAA = 28;
    public static final int NOERROR = 0;
    public static final int NXDOMAIN = 3;
    private static final int COMPRESSED_QNAME = 0xC00C;

    private DnsMessages() {
    }

    public static void query(FrameBuilder f, int id, String name, int type, int ednsSize) {
        f.u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(ednsSize > 0 ? 1 : 0);
        f.dnsName(name).u16(type).u16(1);
        if (ednsSize > 0) {
            opt(f, ednsSize);
        }
    }

    /**
     * The answer to {@link #query}: {@code answers} records of {@code type} for a found name, or the zone's SOA
     * in the authority section for NXDOMAIN, as CoreDNS's kubernetes plugin answers for a search-path miss.
     */
    public static void response(FrameBuilder f, int id, String name, int type, int rcode, int answers, int firstIp,
                                int ednsSize) {
        int count = rcode == NOERROR ? answers : 0;
        f.u16(id).u16(0x8580 | rcode).u16(1).u16(count).u16(rcode == NOERROR ? 0 : 1).u16(ednsSize > 0 ? 1 : 0);
        f.dnsName(name).u16(type).u16(1);
        for (int i = 0; i < count; i++) {
            f.u16(COMPRESSED_QNAME).u16(type).u16(1).u32(30);
            if (type == AAAA) {
                f.u16(16).u32(0xfd000010L).u32(0x00960000L).u32(0).u32(firstIp + i & 0xFFFFFFFFL);
            } else {
                f.u16(4).u32(firstIp + i & 0xFFFFFFFFL);
            }
        }
        if (rcode != NOERROR) {
            f.dnsName("cluster.local").u16(6).u16(1).u32(30);
            int rdLength = f.position();
            f.u16(0);
            int rdStart = f.position();
            f.dnsName("ns.dns.cluster.local").dnsName("hostmaster.cluster.local");
            f.u32(1763719200L).u32(7200).u32(1800).u32(86400).u32(30);
            f.patch16(rdLength, f.position() - rdStart);
        }
        if (ednsSize > 0) {
            opt(f, ednsSize);
        }
    }

    private static void opt(FrameBuilder f, int udpSize) {
        f.u8(0).u16(41).u16(udpSize).u32(0).u16(0);
    }
}
