package io.hoptrace.ui.model;

/**
 * The columns of one row before it is appended to the {@link PacketIndex}: a reusable carrier the loader fills
 * from a frame's capture metadata and its dissection.
 */
public final class RowValues {
    /** {@link #encapsulation} kinds (top byte); the low 24 bits hold the VXLAN VNI. */
    public static final int ENCAP_NONE = 0;
    public static final int ENCAP_VXLAN = 1;
    public static final int ENCAP_IPIP = 2;

    /** {@link #protocols} flag: the innermost transport layer's two ports were captured. */
    public static final int HAS_PORTS = 1 << 30;
    /** {@link #protocols} flag: some IP layer of the packet is a fragment. */
    public static final int FRAGMENT = 1 << 29;
    /** {@link #protocols} flag: the innermost ports are UDP's (else TCP's). */
    public static final int PORTS_UDP = 1 << 28;
    /** {@link #protocols} flags: the outermost TCP/UDP layer's ports (the tunnel's, 8472 for Flannel). */
    public static final int HAS_OUTER_PORTS = 1 << 27;
    public static final int OUTER_PORTS_UDP = 1 << 26;

    public long timestampNanos;
    public int capturedLength;
    public int wireLength;
    public int linkType;
    /** Index of the file among the loaded inputs, and the packet's number in it. */
    public int source;
    public int number;
    /** {@link PacketIndex#labels()} ids. */
    public int node;
    public int iface;
    /** The capture file's own interface id (pcapng), 0 for pcap. */
    public int interfaceId;
    /** {@link PacketIndex#addresses()} ids, {@link Addresses#NONE} when absent. */
    public int outerSource;
    public int outerDestination;
    public int innerSource;
    public int innerDestination;
    /** {@code sourcePort << 16 | destinationPort} of the innermost TCP/UDP layer (when {@link #HAS_PORTS}). */
    public int ports;
    /** The same for the outermost TCP/UDP layer (equal to {@link #ports} when the packet is not tunnelled). */
    public int outerPorts;
    /** Bit {@code Protocol.ordinal()} for every protocol present (quoted layers too), plus the flags above. */
    public int protocols;
    public int encapsulation;
    /** The innermost protocol that is not payload data ({@code Protocol.ordinal()}). */
    public int top;
    /** Worst decoder anomaly: {@link Severity#ordinal()}. */
    public int severity;

    public void clear() {
        timestampNanos = 0;
        capturedLength = 0;
        wireLength = 0;
        linkType = 0;
        source = 0;
        number = 0;
        node = -1;
        iface = -1;
        interfaceId = 0;
        outerSource = Addresses.NONE;
        outerDestination = Addresses.NONE;
        innerSource = Addresses.NONE;
        innerDestination = Addresses.NONE;
        ports = 0;
        outerPorts = 0;
        protocols = 0;
        encapsulation = 0;
        top = 0;
        severity = 0;
    }
}
