package io.hoptrace.rules.engine;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.LabBundles;
import io.hoptrace.rules.model.Direction;
import io.hoptrace.rules.model.FlowRecord;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NatChange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stitching on the lab's real captures: one packet's sightings across interfaces, nodes, VXLAN and NAT. */
class StitchingTest {
    private static Journey journey(AnalysisView v, String firstPacket) {
        return v.journeys().stream().filter(j -> j.first().packet().toString().equals(firstPacket)).findFirst()
                .orElseThrow(() -> new AssertionError("no journey starts at " + firstPacket));
    }

    @Test
    void pingCrossesTwoNodesThroughVxlanAsOneJourney() {
        AnalysisView v = LabBundles.view("mtu-blackhole");
        Journey j = journey(v, "nodes/node-a/any.pcap#8");
        assertEquals(List.of("vethf7ada0fb", "cni0", "flannel.1", "eth0", "eth0", "flannel.1", "cni0", "veth796c57f0"),
                j.hops().stream().map(Hop::iface).toList());
        assertEquals(List.of("node-a", "node-b"), j.nodes());
        Hop wire = j.hops().get(3);
        assertEquals(Direction.OUT, wire.direction());
        assertEquals("vxlan vni 1 192.168.50.11:48918 > 192.168.50.12:8472", wire.encap().get(0).toString());
        assertEquals("10.244.0.11", wire.src().address(), "the hop shows the inner packet");
        assertEquals("nodes/node-b/any.pcap#3", j.hops().get(4).packet().toString());
        assertTrue(j.hops().stream().skip(1).allMatch(h -> h.delayMicros() >= 0 && h.delayMicros() < 1000));
        assertEquals("pod demo/mtu-client-7b9f6c5d8-q8wzt", j.first().srcOwner().toString());
    }

    @Test
    void dnatOnTheFirstNodeIsOneHopOfTheSameJourneyAndRepliesFindTheFlow() {
        AnalysisView v = LabBundles.view("baseline");
        Journey syn = v.journeys().stream().filter(j -> j.packet().syn() && j.flow().dport() == 80).findFirst()
                .orElseThrow();
        NatChange dnat = syn.hops().stream().flatMap(h -> h.nat().stream()).findFirst().orElseThrow();
        assertEquals(NatChange.Kind.DNAT, dnat.kind());
        assertEquals("10.96.88.10:80", dnat.before().toString());
        assertTrue(syn.reached("node-b"));
        FlowRecord flow = v.flow(syn.flowId());
        assertTrue(flow.answered(), "the SYN-ACK from the pod (after NAT) is the same flow's reply");
        assertEquals(1, flow.syns());
        assertEquals(1, flow.synAcks());
        assertFalse(flow.natTuples().isEmpty());
        Journey synAck = v.journeysOf(flow).stream().filter(j -> j.packet().synAck()).findFirst().orElseThrow();
        assertTrue(synAck.reply());
    }

    @Test
    void packetsAreCountedOncePerPacketNotPerInterface() {
        AnalysisView v = LabBundles.view("baseline");
        long sightings = v.flows().stream().mapToLong(FlowRecord::sightings).sum();
        long packets = v.flows().stream().mapToLong(FlowRecord::totalPackets).sum();
        assertTrue(sightings > 3 * packets, sightings + " sightings of " + packets + " packets");
    }

    @Test
    void retransmittedSynsAreNewJourneysCountedAsRetransmissions() {
        AnalysisView v = LabBundles.view("syn-no-endpoint");
        FlowRecord orders = v.flows().stream().filter(f -> f.key().dst().equals("10.96.77.30")).findFirst()
                .orElseThrow();
        assertTrue(orders.syns() >= 3, "syns " + orders.syns());
        assertEquals(0, orders.synAcks());
        assertTrue(orders.retransmissions()[0] >= 2);
        assertTrue(v.journeysOf(orders).stream().filter(j -> j.packet().retransmission()).count() >= 2);
        assertTrue(v.journeysOf(orders).stream().allMatch(j -> j.reached("node-c")), "DNATed to the pod on node-c");
    }

    @Test
    void memoryIsBoundedByTheJourneyCap() {
        AnalysisLimits small = new AnalysisLimits(1000, 5, 2, 6, 32, 10, 1 << 10, 1_000_000_000L, 1400);
        AnalysisView v = LabBundles.view(LabBundles.samples().resolve("baseline"), small);
        assertEquals(5, v.journeys().size());
        assertTrue(v.totals().journeysDropped() > 0);
    }

    /**
     * samples/fragmentation: 2 pings of 1500 bytes, each cut in 2 fragments at node-a's flannel.1 and each reply cut
     * in 2 by the replying pod. Before fragments joined their datagram, second fragments had journeys of their own:
     * 9 journeys (4 datagrams, 3 second fragments (the fourth was past its flow's journey cap), 2 BGP segments);
     * now 6.
     */
    @Test
    void laterFragmentsJoinTheirDatagramsJourney() {
        AnalysisView v = LabBundles.view("fragmentation");
        List<Journey> icmp = v.journeys().stream().filter(j -> j.flow().proto().equals("icmp")).toList();
        assertEquals(4, icmp.size(), "one journey per echo request and reply: " + icmp);
        assertEquals(6, v.journeys().size(), "4 pings and replies, 2 BGP segments");
        Journey ping = journey(v, "nodes/node-a/any.pcap#1");
        List<Hop> fragments = ping.hops().stream().filter(Hop::fragment).toList();
        Map<String, List<Integer>> lengths = fragments.stream().collect(Collectors.groupingBy(
                h -> h.node() + "/" + h.iface(), TreeMap::new, Collectors.mapping(Hop::length, Collectors.toList())));
        assertEquals("{node-a/eth0=[1444, 76], node-a/flannel.1=[1444, 76], node-b/cni0=[1444, 76], "
                + "node-b/eth0=[1444, 76], node-b/flannel.1=[1444, 76], node-b/veth796c57f0=[1444, 76]}",
                lengths.toString(), "both fragments on every hop from node-a's flannel.1 to the pod");
        assertEquals(2, ping.hops().stream().filter(h -> !h.fragment()).count(), "whole on the veth and cni0");
        assertTrue(ping.hops().stream().skip(1).allMatch(h -> h.delayMicros() >= 0));
        Journey reply = v.journeys().stream().filter(j -> j.flow().proto().equals("icmp") && j.reply()).findFirst()
                .orElseThrow();
        assertEquals(2, reply.hops().stream().filter(h -> h.iface().equals("veth796c57f0")).count(),
                "the pod's own 2 fragments on its veth");
        assertTrue(v.fragments().stream().allMatch(e -> e.journey() != null),
                "every fragment sighting is on a journey");
        assertEquals(2, v.flows().size(), "the second fragments make no flow of their own");
    }
}
