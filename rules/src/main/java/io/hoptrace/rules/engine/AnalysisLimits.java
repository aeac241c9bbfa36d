package io.hoptrace.rules.engine;

/**
 * Bounds on what the engine keeps, so memory depends on these and on the number of flows, never on the number of
 * packets; and the stitching window. Defaults suit a capture of tens of millions of packets in well under 1 GB.
 *
 * @param maxFlows            flows tracked; later flows are only counted
 * @param maxJourneys         journeys kept over the whole input
 * @param journeysPerDirection first packets of each flow direction that get a journey
 * @param notablePerFlow      further journeys per flow for notable packets (SYN, RST, retransmission, fragment,
 *                            large DF packet, ICMP error)
 * @param maxHops             sightings kept per journey
 * @param maxEvents           ICMP errors, fragments and BGP messages kept, each
 * @param pendingSlots        packets in flight the stitcher remembers (rounded to a power of two)
 * @param windowNanos         sightings of one packet further apart than this are different packets
 * @param largeDfBytes        DF packets longer than this are notable (near the overlay MTUs: 1450 VXLAN, 1480 IPIP)
 */
public record AnalysisLimits(int maxFlows, int maxJourneys, int journeysPerDirection, int notablePerFlow,
                             int maxHops, int maxEvents, int pendingSlots, long windowNanos, int largeDfBytes) {
    public static AnalysisLimits defaults() {
        return new AnalysisLimits(1_000_000, 100_000, 2, 6, 32, 10_000, 1 << 18, 1_000_000_000L, 1400);
    }
}
