package io.hoptrace.rules.model;

import io.hoptrace.rules.PacketRef;

/**
 * An IP fragment sighting (IPv4 MF or offset, IPv6 fragment header), at most the engine's cap of them.
 *
 * @param flow     addresses and protocol of the datagram (ports only on the first fragment, else -1)
 * @param ipId     IPv4 identification or IPv6 fragment identification
 * @param offset   fragment offset in bytes
 * @param more     more fragments follow (MF)
 * @param length   this fragment's IP datagram length
 * @param journey  the journey this sighting belongs to, or null
 * @param hop      its hop index in that journey, or -1
 */
public record FragmentEvent(PacketRef packet, String node, String iface, Direction direction, long timeNanos,
                            FlowKey flow, long ipId, int offset, boolean more, int length, Integer journey,
                            int hop) {
    public boolean first() {
        return offset == 0;
    }
}
