package io.hoptrace.rules.model;

import java.util.List;

/**
 * What the analysis knows about one flow (both directions of a 5-tuple, plus the tuples NAT turned it into): bounded
 * counters, whatever the number of packets. Packets are counted once each, at their first sighting, not once per
 * interface. Index 0 of the two-element arrays is the first packet's direction, 1 the reply direction.
 *
 * @param id              index in {@link io.hoptrace.rules.AnalysisView#flows()}
 * @param key             5-tuple of the first packet as first seen
 * @param natTuples       other tuples (forward direction) the same packets were seen with after NAT
 * @param firstNanos      time of the first packet
 * @param lastNanos       time of the last packet
 * @param packets         packets per direction
 * @param bytes           IP bytes per direction (inner datagram lengths at the first sighting)
 * @param sightings       observations of all its packets on all interfaces
 * @param syns            TCP SYNs (without ACK), retransmissions included
 * @param synAcks         TCP SYN-ACKs
 * @param resets          TCP RSTs
 * @param fins            TCP FINs
 * @param retransmissions per direction: TCP segments resent, or packets seen again at their first hop
 * @param fragments       fragment sightings (IPv4 MF/offset or IPv6 fragment header)
 * @param maxLength       largest inner datagram at a first sighting
 * @param largeDf         DF packets longer than {@link io.hoptrace.rules.engine.AnalysisLimits#largeDfBytes}
 * @param mss             MSS offered by each direction's SYN, or -1
 * @param encapBytes      bytes of tunnel headers (outer IP/UDP/VXLAN) over all sightings
 * @param nodes           nodes that saw it, in order of first sighting
 * @param journeyIds      journeys kept for it (capped)
 * @param icmpErrors      ICMP errors that quote one of its packets
 */
public record FlowRecord(int id, FlowKey key, List<FlowKey> natTuples, long firstNanos, long lastNanos,
                         long[] packets, long[] bytes, long sightings, int syns, int synAcks, int resets, int fins,
                         long[] retransmissions, long fragments, int maxLength, long largeDf, int[] mss,
                         long encapBytes, List<String> nodes, List<Integer> journeyIds, int icmpErrors) {
    public FlowRecord {
        natTuples = List.copyOf(natTuples);
        packets = packets.clone();
        bytes = bytes.clone();
        retransmissions = retransmissions.clone();
        mss = mss.clone();
        nodes = List.copyOf(nodes);
        journeyIds = List.copyOf(journeyIds);
    }

    public long totalPackets() {
        return packets[0] + packets[1];
    }

    public boolean answered() {
        return packets[1] > 0;
    }

    public boolean tcp() {
        return key.protocolNumber() == 6;
    }
}
