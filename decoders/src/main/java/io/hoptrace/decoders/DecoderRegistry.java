package io.hoptrace.decoders;

/**
 * Dispatch tables (link type, ethertype, IP protocol, UDP and TCP port), O(1) arrays as in Zeek's packet
 * analyzers. Registration has two phases, as in Wireshark: a protocol decoder exists on its own, then it is bound
 * into its parents' tables ({@code ip.proto} 4 points at the IPv4 decoder, so IP-in-IP needs no special code).
 * Built once, then read-only and shared between threads.
 */
public final class DecoderRegistry {
    private final DecoderConfig config;
    /** Read for every TCP, UDP and ICMP layer: one field load rather than two. */
    private final boolean verifyChecksums;
    private final LayerDecoder[] linkTypes = new LayerDecoder[512];
    private final LayerDecoder[] etherTypes = new LayerDecoder[65536];
    private final LayerDecoder[] ipProtocols = new LayerDecoder[256];
    private final LayerDecoder[] udpPorts = new LayerDecoder[65536];
    private final LayerDecoder[] tcpPorts = new LayerDecoder[65536];
    private final DataDecoder data = new DataDecoder();

    public DecoderRegistry(DecoderConfig config) {
        this.config = config;
        this.verifyChecksums = config.verifyChecksums();
    }

    /** The registry with every protocol hoptrace knows, bound as {@code config} says. */
    public static DecoderRegistry standard(DecoderConfig config) {
        DecoderRegistry r = new DecoderRegistry(config);
        StandardProtocols.bind(r);
        return r;
    }

    public DecoderConfig config() {
        return config;
    }

    /** {@link DecoderConfig#verifyChecksums()}. */
    public boolean verifyChecksums() {
        return verifyChecksums;
    }

    public DecoderRegistry bindLinkType(int linkType, LayerDecoder d) {
        linkTypes[linkType] = d;
        return this;
    }

    public DecoderRegistry bindEtherType(int etherType, LayerDecoder d) {
        etherTypes[etherType] = d;
        return this;
    }

    public DecoderRegistry bindIpProtocol(int protocol, LayerDecoder d) {
        ipProtocols[protocol] = d;
        return this;
    }

    public DecoderRegistry bindUdpPort(int port, LayerDecoder d) {
        udpPorts[port] = d;
        return this;
    }

    public DecoderRegistry bindTcpPort(int port, LayerDecoder d) {
        tcpPorts[port] = d;
        return this;
    }

    /** The decoder for a link type, or null. */
    public LayerDecoder linkType(int linkType) {
        return linkType >= 0 && linkType < linkTypes.length ? linkTypes[linkType] : null;
    }

    public LayerDecoder etherType(int etherType) {
        return etherTypes[etherType & 0xFFFF];
    }

    public LayerDecoder ipProtocol(int protocol) {
        return ipProtocols[protocol & 0xFF];
    }

    /** Tries the lower port first, then the higher, as Wireshark does. */
    public LayerDecoder udpPorts(int a, int b) {
        return byPorts(udpPorts, a, b);
    }

    public LayerDecoder tcpPorts(int a, int b) {
        return byPorts(tcpPorts, a, b);
    }

    private static LayerDecoder byPorts(LayerDecoder[] table, int a, int b) {
        int lo = Math.min(a, b) & 0xFFFF;
        int hi = Math.max(a, b) & 0xFFFF;
        LayerDecoder d = table[lo];
        return d != null ? d : table[hi];
    }

    /** The fallback for payload no decoder claims: a DATA layer, so nothing is dropped. */
    public DataDecoder data() {
        return data;
    }

    /** Hands {@code b[offset, limit)} to {@code next}, or to the DATA fallback when next is null. */
    public void handOff(LayerDecoder next, Dissection d, byte[] b, int offset, int limit) {
        if (offset >= limit) {
            return;
        }
        (next != null ? next : data).decode(d, b, offset, limit);
    }
}
