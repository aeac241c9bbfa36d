package io.hoptrace.rules.model;

import io.hoptrace.rules.PacketRef;

import java.util.List;

/**
 * A whole BGP message seen on the wire (OPEN, UPDATE, NOTIFICATION, ROUTE-REFRESH; KEEPALIVEs are only counted).
 * Only the first sighting of a segment counts, so a message captured on two interfaces is one event.
 *
 * @param from          the speaker that sent it (address and TCP port)
 * @param to            its peer
 * @param type          BgpMessage.OPEN, UPDATE, NOTIFICATION, ...
 * @param code          NOTIFICATION error code, or -1
 * @param subcode       NOTIFICATION error subcode, or -1
 * @param reason        NOTIFICATION "hold timer expired", "cease / administrative shutdown", or null
 * @param communication the shutdown communication (RFC 9003) text, or null
 * @param withdrawn     UPDATE withdrawn IPv4 prefixes (capped)
 * @param announced     UPDATE announced IPv4 prefixes (capped)
 * @param asNumber      OPEN: the speaker's AS (2-byte field, or the 4-byte capability), else -1
 * @param holdTime      OPEN: proposed hold time in seconds, else -1
 */
public record BgpEvent(PacketRef packet, String node, String iface, long timeNanos, Endpoint from, Endpoint to,
                       int type, int code, int subcode, String reason, String communication, List<String> withdrawn,
                       List<String> announced, long asNumber, int holdTime) {
    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    public static final int ROUTE_REFRESH = 5;

    public BgpEvent {
        withdrawn = List.copyOf(withdrawn);
        announced = List.copyOf(announced);
    }

    public String typeName() {
        return switch (type) {
            case OPEN -> "OPEN";
            case UPDATE -> "UPDATE";
            case NOTIFICATION -> "NOTIFICATION";
            case KEEPALIVE -> "KEEPALIVE";
            case ROUTE_REFRESH -> "ROUTE-REFRESH";
            default -> "type " + type;
        };
    }
}
