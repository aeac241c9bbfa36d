package io.hoptrace.rules.engine;

/**
 * One sighting of a packet, as the fields stitching and the flow counters need: a flyweight the
 * {@link ObservationExtractor} fills from a Dissection, reused for every packet (no per-packet object). Valid until
 * the next packet; whatever outlives it is copied into hops, flow counters or events. Addresses are two longs each
 * ({@link Addresses}). Numbers that do not apply are -1.
 */
public final class Observation {
    /** Tunnels recorded per sighting; deeper ones still decode but are not listed on the hop. */
    public static final int MAX_ENCAP = 3;
    public static final int ENCAP_VXLAN = 1;
    public static final int ENCAP_IPIP = 2;
    public static final int ENCAP_IP6IP = 3;

    public static final int DIR_IN = 0;
    public static final int DIR_OUT = 1;
    public static final int DIR_UNKNOWN = 2;

    // where and when
    public int source;
    public long number;
    public long timeNanos;
    /** SLL2 interface index, pcapng interface id, or -1 */
    public int ifKey;
    /** true when ifKey is a kernel interface index from Linux cooked v2 (named by ip-link.json) */
    public boolean sll2;
    public int direction;
    public int wireLength;

    // tunnels, outermost first
    public int encapCount;
    public final int[] encapType = new int[MAX_ENCAP];
    public final long[] encapVni = new long[MAX_ENCAP];
    public final long[] encapSrcHi = new long[MAX_ENCAP];
    public final long[] encapSrcLo = new long[MAX_ENCAP];
    public final long[] encapDstHi = new long[MAX_ENCAP];
    public final long[] encapDstLo = new long[MAX_ENCAP];
    /** UDP source and destination port of a VXLAN encapsulation, else -1 */
    public final int[] encapSport = new int[MAX_ENCAP];
    public final int[] encapDport = new int[MAX_ENCAP];
    /** bytes of tunnel headers before the inner IP header (outer IP, UDP, VXLAN, inner Ethernet) */
    public int encapBytes;

    // the packet itself (innermost IP layer that is not inside an ICMP quote)
    /** 4, 6, or 0 when the frame has no IP layer (ARP, ...): then nothing below is set */
    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    public int protocol;
    /** IPv4 identification; IPv6 fragment identification when fragmented; else -1 */
    public long ipId;
    public boolean dontFragment;
    public boolean moreFragments;
    /** fragment offset in bytes */
    public int fragmentOffset;
    public boolean fragment;
    public int ttl;
    /** the datagram's length by its own header (total length), or the captured length when that says 0 */
    public int ipLength;

    public int sport;
    public int dport;
    public int tcpFlags;
    public long tcpSeq;
    public long tcpAck;
    public int payloadLength;
    public int mss;
    public int icmpType;
    public int icmpCode;
    public int icmpMtu;
    /** echo identifier << 16 | sequence, or -1 */
    public long icmpEcho;

    /** survives TTL changes, tunnels and NAT: see {@link Fingerprints} */
    public long fingerprint;

    // an ICMP error's quoted packet
    public boolean quoted;
    public int quotedProtocol;
    public long quotedSrcHi;
    public long quotedSrcLo;
    public long quotedDstHi;
    public long quotedDstLo;
    public int quotedSport;
    public int quotedDport;
    public long quotedIpId;
    public int quotedLength;
    public boolean quotedDf;
    public long quotedSequence;

    /** index of the first BGP layer of the dissection, or -1 */
    public int bgpLayer;

    void clear() {
        sll2 = false;
        encapCount = 0;
        encapBytes = 0;
        ipVersion = 0;
        protocol = -1;
        ipId = -1;
        dontFragment = false;
        moreFragments = false;
        fragmentOffset = 0;
        fragment = false;
        ttl = -1;
        ipLength = 0;
        sport = -1;
        dport = -1;
        tcpFlags = -1;
        tcpSeq = -1;
        tcpAck = -1;
        payloadLength = -1;
        mss = -1;
        icmpType = -1;
        icmpCode = -1;
        icmpMtu = -1;
        icmpEcho = -1;
        fingerprint = 0;
        quoted = false;
        quotedProtocol = -1;
        quotedSport = -1;
        quotedDport = -1;
        quotedIpId = -1;
        quotedLength = -1;
        quotedDf = false;
        quotedSequence = -1;
        bgpLayer = -1;
    }

    public boolean hasIp() {
        return ipVersion != 0;
    }

    public boolean tcp() {
        return protocol == 6 && tcpFlags >= 0;
    }

    public boolean icmpError() {
        return quoted;
    }
}
