package io.hoptrace.decoders.link;

import io.hoptrace.decoders.DecoderRegistry;
import io.hoptrace.decoders.LayerDecoder;
import io.hoptrace.decoders.TextLine;

/** What Linux cooked captures v1 and v2 share: the packet type (direction) and the protocol hand-off. */
public final class LinuxCooked {
    /** Packet types (linux/if_packet.h): to us, broadcast, multicast, to another host, sent by us. */
    public static final int HOST = 0;
    public static final int BROADCAST = 1;
    public static final int MULTICAST = 2;
    public static final int OTHERHOST = 3;
    public static final int OUTGOING = 4;

    /** ARPHRD_NETLINK: nlmon captures carry netlink messages, not ethertypes. */
    static final int ARPHRD_NETLINK = 824;
    /** Protocol values that are not ethertypes: Novell 802.3 without LLC, and 802.2 LLC. */
    private static final int PROTO_802_3 = 0x0001;
    private static final int PROTO_802_2 = 0x0004;

    private LinuxCooked() {
    }

    /** The decoder for the protocol field, null (data) for netlink, LLC and other non-ethertype values. */
    static LayerDecoder next(DecoderRegistry r, int hardwareType, int protocol) {
        if (hardwareType == ARPHRD_NETLINK || protocol == PROTO_802_3 || protocol == PROTO_802_2
                || protocol <= EtherTypes.MAX_8023_LENGTH) {
            return null;
        }
        return r.etherType(protocol);
    }

    /** tcpdump's direction word: {@code In}, {@code Out}, {@code B}, {@code M}, {@code P}. */
    public static TextLine appendPacketType(int type, TextLine out) {
        return switch (type) {
            case HOST -> out.append("In");
            case BROADCAST -> out.append("B");
            case MULTICAST -> out.append("M");
            case OTHERHOST -> out.append("P");
            case OUTGOING -> out.append("Out");
            default -> out.append("pkttype ").append(type);
        };
    }

    static String packetTypeName(int type) {
        return switch (type) {
            case HOST -> "host";
            case BROADCAST -> "broadcast";
            case MULTICAST -> "multicast";
            case OTHERHOST -> "otherhost";
            case OUTGOING -> "outgoing";
            default -> "unknown";
        };
    }
}
