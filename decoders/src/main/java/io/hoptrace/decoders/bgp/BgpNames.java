package io.hoptrace.decoders.bgp;

import io.hoptrace.decoders.TextLine;

/**
 * Names for BGP wire numbers (IANA registries), short and lower-case as an SRE reads them in a summary line.
 * Unknown numbers never fail: they get a generic name with the number in it.
 */
public final class BgpNames {
    private BgpNames() {
    }

    public static String messageType(int type) {
        String n = knownMessageType(type);
        return n != null ? n : "type-" + type;
    }

    /** Appends the name of {@code type} without allocating. */
    public static TextLine appendMessageType(TextLine out, int type) {
        String n = knownMessageType(type);
        return n != null ? out.append(n) : out.append("type-").append(type);
    }

    private static String knownMessageType(int type) {
        return switch (type) {
            case BgpMessage.OPEN -> "OPEN";
            case BgpMessage.UPDATE -> "UPDATE";
            case BgpMessage.NOTIFICATION -> "NOTIFICATION";
            case BgpMessage.KEEPALIVE -> "KEEPALIVE";
            case BgpMessage.ROUTE_REFRESH -> "ROUTE-REFRESH";
            default -> null;
        };
    }

    public static String afi(int afi) {
        String n = knownAfi(afi);
        return n != null ? n : "afi-" + afi;
    }

    /** Appends the name of {@code afi} without allocating. */
    public static TextLine appendAfi(TextLine out, int afi) {
        String n = knownAfi(afi);
        return n != null ? out.append(n) : out.append("afi-").append(afi);
    }

    private static String knownAfi(int afi) {
        return switch (afi) {
            case 1 -> "ipv4";
            case 2 -> "ipv6";
            case 25 -> "l2vpn";
            case 16388 -> "bgp-ls";
            default -> null;
        };
    }

    public static String safi(int safi) {
        String n = knownSafi(safi);
        return n != null ? n : "safi-" + safi;
    }

    /** Appends the name of {@code safi} without allocating. */
    public static TextLine appendSafi(TextLine out, int safi) {
        String n = knownSafi(safi);
        return n != null ? out.append(n) : out.append("safi-").append(safi);
    }

    private static String knownSafi(int safi) {
        return switch (safi) {
            case 1 -> "unicast";
            case 2 -> "multicast";
            case 4 -> "labeled-unicast";
            case 5 -> "mcast-vpn";
            case 65 -> "vpls";
            case 70 -> "evpn";
            case 71 -> "bgp-ls";
            case 73 -> "sr-policy";
            case 128 -> "vpn";
            case 129 -> "vpn-multicast";
            case 132 -> "rt-constraint";
            case 133 -> "flowspec";
            case 134 -> "flowspec-vpn";
            default -> null;
        };
    }

    /** {@code ipv4-unicast}, {@code ipv6-vpn}, {@code afi-9-safi-77}. */
    public static String afiSafi(int afi, int safi) {
        return afi(afi) + "-" + safi(safi);
    }

    public static TextLine appendAfiSafi(TextLine out, int afi, int safi) {
        return appendSafi(appendAfi(out, afi).append('-'), safi);
    }

    public static String capability(int code) {
        String n = knownCapability(code);
        return n != null ? n : "cap-" + code;
    }

    /** Appends the name of {@code code} without allocating. */
    public static TextLine appendCapability(TextLine out, int code) {
        String n = knownCapability(code);
        return n != null ? out.append(n) : out.append("cap-").append(code);
    }

    private static String knownCapability(int code) {
        return switch (code) {
            case 1 -> "mp";
            case 2 -> "route-refresh";
            case 3 -> "orf";
            case 4 -> "multiple-routes";
            case 5 -> "extended-nexthop";
            case 6 -> "extended-message";
            case 7 -> "bgpsec";
            case 8 -> "multiple-labels";
            case 9 -> "role";
            case 64 -> "graceful-restart";
            case 65 -> "4-byte-as";
            case 67 -> "dynamic";
            case 68 -> "multisession";
            case 69 -> "add-path";
            case 70 -> "enhanced-route-refresh";
            case 71 -> "llgr";
            case 73 -> "fqdn";
            case 128 -> "route-refresh-old";
            default -> null;
        };
    }

    public static String attribute(int type) {
        return switch (type) {
            case BgpPathAttributes.ORIGIN -> "origin";
            case BgpPathAttributes.AS_PATH -> "as-path";
            case BgpPathAttributes.NEXT_HOP -> "next-hop";
            case BgpPathAttributes.MED -> "med";
            case BgpPathAttributes.LOCAL_PREF -> "local-pref";
            case BgpPathAttributes.ATOMIC_AGGREGATE -> "atomic-aggregate";
            case BgpPathAttributes.AGGREGATOR -> "aggregator";
            case BgpPathAttributes.COMMUNITIES -> "communities";
            case BgpPathAttributes.ORIGINATOR_ID -> "originator-id";
            case BgpPathAttributes.CLUSTER_LIST -> "cluster-list";
            case BgpPathAttributes.MP_REACH_NLRI -> "mp-reach-nlri";
            case BgpPathAttributes.MP_UNREACH_NLRI -> "mp-unreach-nlri";
            case BgpPathAttributes.EXTENDED_COMMUNITIES -> "extended-communities";
            case BgpPathAttributes.AS4_PATH -> "as4-path";
            case BgpPathAttributes.AS4_AGGREGATOR -> "as4-aggregator";
            case 22 -> "pmsi-tunnel";
            case 23 -> "tunnel-encapsulation";
            case 25 -> "ipv6-extended-communities";
            case 26 -> "aigp";
            case 29 -> "bgp-ls";
            case BgpPathAttributes.LARGE_COMMUNITIES -> "large-communities";
            case 33 -> "bgpsec-path";
            case BgpPathAttributes.OTC -> "otc";
            case 40 -> "prefix-sid";
            case 128 -> "attr-set";
            default -> "attr-" + type;
        };
    }

    public static String origin(int origin) {
        return switch (origin) {
            case 0 -> "igp";
            case 1 -> "egp";
            case 2 -> "incomplete";
            default -> "origin-" + origin;
        };
    }

    /** RFC 1997, 3765, 7611, 7999, 8326, 9494: communities with a meaning of their own, or null. */
    public static String wellKnownCommunity(long community) {
        return switch ((int) community) {
            case 0xFFFF0000 -> "graceful-shutdown";
            case 0xFFFF0001 -> "accept-own";
            case 0xFFFF0006 -> "llgr-stale";
            case 0xFFFF0007 -> "no-llgr";
            case 0xFFFF029A -> "blackhole";
            case 0xFFFFFF01 -> "no-export";
            case 0xFFFFFF02 -> "no-advertise";
            case 0xFFFFFF03 -> "no-export-subconfed";
            case 0xFFFFFF04 -> "no-peer";
            default -> null;
        };
    }

    public static String errorCode(int code) {
        return switch (code) {
            case 1 -> "message header error";
            case 2 -> "open message error";
            case 3 -> "update message error";
            case 4 -> "hold timer expired";
            case 5 -> "fsm error";
            case 6 -> "cease";
            case 7 -> "route-refresh message error";
            default -> "error-" + code;
        };
    }

    /** The subcode's name under {@code code}, or null when it has none (then print the number). */
    public static String errorSubcode(int code, int subcode) {
        return switch (code) {
            case 1 -> switch (subcode) {
                case 1 -> "connection not synchronized";
                case 2 -> "bad message length";
                case 3 -> "bad message type";
                default -> null;
            };
            case 2 -> switch (subcode) {
                case 1 -> "unsupported version number";
                case 2 -> "bad peer as";
                case 3 -> "bad bgp identifier";
                case 4 -> "unsupported optional parameter";
                case 5 -> "authentication failure";
                case 6 -> "unacceptable hold time";
                case 7 -> "unsupported capability";
                case 11 -> "role mismatch";
                default -> null;
            };
            case 3 -> switch (subcode) {
                case 1 -> "malformed attribute list";
                case 2 -> "unrecognized well-known attribute";
                case 3 -> "missing well-known attribute";
                case 4 -> "attribute flags error";
                case 5 -> "attribute length error";
                case 6 -> "invalid origin attribute";
                case 7 -> "as routing loop";
                case 8 -> "invalid next-hop attribute";
                case 9 -> "optional attribute error";
                case 10 -> "invalid network field";
                case 11 -> "malformed as-path";
                default -> null;
            };
            case 5 -> switch (subcode) {
                case 0 -> "unspecified";
                case 1 -> "unexpected message in opensent";
                case 2 -> "unexpected message in openconfirm";
                case 3 -> "unexpected message in established";
                default -> null;
            };
            case 6 -> switch (subcode) {
                case 1 -> "maximum number of prefixes reached";
                case 2 -> "administrative shutdown";
                case 3 -> "peer de-configured";
                case 4 -> "administrative reset";
                case 5 -> "connection rejected";
                case 6 -> "other configuration change";
                case 7 -> "connection collision resolution";
                case 8 -> "out of resources";
                case 9 -> "hard reset";
                case 10 -> "bfd down";
                default -> null;
            };
            case 7 -> subcode == 1 ? "invalid message length" : null;
            default -> null;
        };
    }

    public static String role(int role) {
        String n = knownRole(role);
        return n != null ? n : "role-" + role;
    }

    /** Appends the name of {@code role} without allocating. */
    public static TextLine appendRole(TextLine out, int role) {
        String n = knownRole(role);
        return n != null ? out.append(n) : out.append("role-").append(role);
    }

    private static String knownRole(int role) {
        return switch (role) {
            case 0 -> "provider";
            case 1 -> "rs";
            case 2 -> "rs-client";
            case 3 -> "customer";
            case 4 -> "peer";
            default -> null;
        };
    }

    public static String asPathSegment(int type) {
        return switch (type) {
            case 1 -> "as-set";
            case 2 -> "as-sequence";
            case 3 -> "confed-sequence";
            case 4 -> "confed-set";
            default -> "segment-" + type;
        };
    }
}
