package io.hoptrace.decoders;

/** tcpdump.org LINKTYPE_ values hoptrace decodes. */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** PPP, with or without the 0xFF 0x03 address and control bytes in front of the protocol field. */
    public static final int PPP = 9;
    /** PPP in HDLC-like framing (RFC 1662), or Cisco HDLC when the first byte is 0x0F or 0x8F. */
    public static final int PPP_HDLC = 50;
    public static final int RAW = 101;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case PPP -> "PPP";
            case PPP_HDLC -> "PPP_HDLC";
            case RAW -> "RAW";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
