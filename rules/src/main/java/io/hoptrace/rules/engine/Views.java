package io.hoptrace.rules.engine;

import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.ObjectRef;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Thresholds;
import io.hoptrace.rules.model.ClusterView;
import io.hoptrace.rules.model.Endpoint;
import io.hoptrace.rules.model.FlowKey;
import io.hoptrace.rules.model.FlowRecord;
import io.hoptrace.rules.model.FragmentEvent;
import io.hoptrace.rules.model.Hop;
import io.hoptrace.rules.model.IcmpErrorEvent;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NatChange;
import io.hoptrace.rules.model.NodeState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the immutable {@link AnalysisView} from the engine's tables once the input is read. */
final class Views {
    private Views() {
    }

    static String protoName(int proto) {
        return switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            case 132 -> "sctp";
            case 47 -> "gre";
            case 50 -> "esp";
            default -> Integer.toString(proto);
        };
    }

    static FlowKey flowKey(int proto, long sHi, long sLo, long dHi, long dLo, int sport, int dport) {
        return new FlowKey(protoName(proto), proto, Addresses.format(sHi, sLo), Addresses.format(dHi, dLo), sport,
                dport);
    }

    static AnalysisView build(Analyzer a, InputReport inputs, Thresholds thresholds) {
        FlowTable t = a.flowTable();
        CapturePoints points = a.points();
        int n = t.count();

        // NAT aliases (few flows have them): forward-direction tuples by flow
        Map<Integer, List<FlowKey>> aliases = new HashMap<>();
        t.forEachSlot((flow, primary, dir, proto, aHi, aLo, bHi, bLo, ap, bp) -> {
            if (!primary) {
                aliases.computeIfAbsent(flow, k -> new ArrayList<>(1)).add(dir == 0
                        ? flowKey(proto, aHi, aLo, bHi, bLo, ap, bp) : flowKey(proto, bHi, bLo, aHi, aLo, bp, ap));
            }
        });

        int[] newId = new int[n];
        Arrays.fill(newId, -1);
        int kept = 0;
        for (int f = 0; f < n; f++) {
            if (t.sightings[f] > 0) {
                newId[f] = kept++;
            }
        }
        int[] oldId = new int[kept];
        for (int f = 0; f < n; f++) {
            if (newId[f] >= 0) {
                oldId[newId[f]] = f;
            }
        }

        Map<Integer, List<Integer>> journeyIds = new HashMap<>();
        Map<String, Optional<ObjectRef>> owners = new HashMap<>();
        Map<String, String> nodeAddresses = io.hoptrace.rules.model.NodeStates.addressOwners(a.nodes().values());
        ClusterView base = a.cluster();
        ClusterView cluster = new OwnerFallback(base, nodeAddresses);
        List<Journey> journeys = new ArrayList<>(a.journeyData().size());
        for (JourneyData jd : a.journeyData()) {
            int f = newId[jd.flow];
            if (f < 0 || jd.hops.isEmpty()) {
                continue;
            }
            journeyIds.computeIfAbsent(f, k -> new ArrayList<>(2)).add(jd.id);
            journeys.add(journey(jd, f, points, cluster, owners));
        }
        List<FlowRecord> flows = new FlowList(t, oldId, aliases, journeyIds, points.nodeNames());

        Map<Integer, Journey> byId = new HashMap<>();
        for (Journey j : journeys) {
            byId.put(j.id(), j);
        }
        List<IcmpErrorEvent> errors = new ArrayList<>(a.icmpErrors().size());
        for (int i = 0; i < a.icmpErrors().size(); i++) {
            IcmpErrorEvent e = a.icmpErrors().get(i);
            long[] q = a.icmpCauses().get(i);
            int cause = e.causeFlow() >= 0 ? newId[e.causeFlow()] : -1;
            Integer causeJourney = cause < 0 ? null : causeJourney(flows.get(cause), byId, q[0], q[1], e.timeNanos());
            errors.add(new IcmpErrorEvent(e.packet(), e.node(), e.iface(), e.direction(), e.timeNanos(), e.version(),
                    e.type(), e.code(), e.mtu(), e.from(), e.to(), e.quoted(), e.quotedLength(), e.quotedDf(),
                    causeJourney, cause, e.journey() != null && byId.containsKey(e.journey()) ? e.journey() : null));
        }
        List<FragmentEvent> fragments = new ArrayList<>(a.fragments().size());
        for (FragmentEvent e : a.fragments()) {
            fragments.add(e.journey() != null && !byId.containsKey(e.journey())
                    ? new FragmentEvent(e.packet(), e.node(), e.iface(), e.direction(), e.timeNanos(), e.flow(),
                    e.ipId(), e.offset(), e.more(), e.length(), null, -1) : e);
        }

        AnalysisView.Builder b = AnalysisView.builder().inputs(inputs).cluster(base).thresholds(thresholds)
                .flows(flows).journeys(journeys).icmpErrors(errors).fragments(fragments).bgpMessages(a.bgp())
                .totals(a.totals());
        for (NodeState s : a.nodes().values()) {
            b.node(s);
        }
        return b.build();
    }

    /** The latest kept journey of the flow that the quoted packet is (same IP id, same sequence), before the error. */
    private static Integer causeJourney(FlowRecord flow, Map<Integer, Journey> byId, long ipId, long sequence,
                                        long errorTime) {
        Journey best = null;
        for (Integer id : flow.journeyIds()) {
            Journey j = byId.get(id);
            if (j == null || j.first().timeNanos() > errorTime) {
                continue;
            }
            if (ipId >= 0 && j.packet().ipId() >= 0 && j.packet().ipId() != ipId) {
                continue;
            }
            if (sequence >= 0 && j.packet().sequence() >= 0 && j.packet().sequence() != sequence) {
                continue;
            }
            if (best == null || j.first().timeNanos() >= best.first().timeNanos()) {
                best = j;
            }
        }
        return best == null ? null : best.id();
    }

    private static Journey journey(JourneyData jd, int flowId, CapturePoints points, ClusterView cluster,
                                   Map<String, Optional<ObjectRef>> owners) {
        List<Hop> hops = new ArrayList<>(jd.hops.size());
        HopData prev = null;
        Endpoint prevSrc = null;
        Endpoint prevDst = null;
        for (HopData h : jd.hops) {
            Endpoint src = new Endpoint(Addresses.format(h.srcHi, h.srcLo), h.sport);
            Endpoint dst = new Endpoint(Addresses.format(h.dstHi, h.dstLo), h.dport);
            List<NatChange> nat = new ArrayList<>(0);
            if (prev != null && !h.fragment && !prev.fragment) {
                if (!prevDst.equals(dst)) {
                    nat.add(new NatChange(NatChange.Kind.DNAT, prevDst, dst));
                }
                if (!prevSrc.equals(src)) {
                    nat.add(new NatChange(NatChange.Kind.SNAT, prevSrc, src));
                }
            }
            long delay = prev == null ? 0 : (h.timeNanos - prev.timeNanos) / 1000;
            hops.add(new Hop(points.pointNode.get(h.point), points.pointIface.get(h.point),
                    points.pointDirection.get(h.point), h.timeNanos, delay, h.encap, src, dst, nat,
                    new PacketRef(points.source(h.source).file(), h.number), h.length, h.ttl, h.fragment,
                    owner(cluster, owners, src.address()), owner(cluster, owners, dst.address())));
            prev = h;
            prevSrc = src;
            prevDst = dst;
        }
        HopData first = jd.hops.get(0);
        FlowKey key = flowKey(protoOf(jd), first.srcHi, first.srcLo, first.dstHi, first.dstLo, first.sport,
                first.dport);
        return new Journey(jd.id, flowId, key, jd.dir == 1, jd.packet, hops, jd.dropped);
    }

    private static int protoOf(JourneyData jd) {
        return jd.proto;
    }

    /**
     * The flows as a list over the flow table's primitive arrays: a {@link FlowRecord} is made when a rule asks
     * for it and not kept, so the view costs no memory per flow beyond the table itself.
     */
    private static final class FlowList extends java.util.AbstractList<FlowRecord> implements java.util.RandomAccess {
        private final FlowTable t;
        private final int[] oldId;
        private final Map<Integer, List<FlowKey>> aliases;
        private final Map<Integer, List<Integer>> journeyIds;
        private final List<String> nodeNames;

        FlowList(FlowTable t, int[] oldId, Map<Integer, List<FlowKey>> aliases,
                 Map<Integer, List<Integer>> journeyIds, List<String> nodeNames) {
            this.t = t;
            this.oldId = oldId;
            this.aliases = aliases;
            this.journeyIds = journeyIds;
            this.nodeNames = List.copyOf(nodeNames);
        }

        @Override
        public int size() {
            return oldId.length;
        }

        @Override
        public FlowRecord get(int id) {
            int f = oldId[id];
            FlowKey[] key = new FlowKey[1];
            t.primary(f, (flow, primary, dir, proto, aHi, aLo, bHi, bLo, ap, bp) ->
                    key[0] = flowKey(proto, aHi, aLo, bHi, bLo, ap, bp));
            List<String> seen = new ArrayList<>(2);
            long mask = t.nodesMask[f];
            int first = t.firstNode[f];
            if (first < nodeNames.size() && (mask & (1L << Math.min(63, first))) != 0) {
                seen.add(nodeNames.get(first));
            }
            for (int b = 0; b < Math.min(64, nodeNames.size()); b++) {
                if ((mask & (1L << b)) != 0 && !seen.contains(nodeNames.get(b))) {
                    seen.add(nodeNames.get(b));
                }
            }
            return new FlowRecord(id, key[0], aliases.getOrDefault(f, List.of()), t.firstNanos[f], t.lastNanos[f],
                    new long[] {t.packets[2 * f], t.packets[2 * f + 1]},
                    new long[] {t.bytes[2 * f], t.bytes[2 * f + 1]}, t.sightings[f], t.syns[f], t.synAcks[f],
                    t.resets[f], t.fins[f], new long[] {t.retransmissions[2 * f], t.retransmissions[2 * f + 1]},
                    t.fragments[f], t.maxLength[f], t.largeDf[f], new int[] {t.mss[2 * f], t.mss[2 * f + 1]},
                    t.encapBytes[f], seen, journeyIds.getOrDefault(id, List.of()), t.icmpErrors[f]);
        }
    }

    /** Names an address no Kubernetes object has by the node whose interface carries it (flannel.1, cni0). */
    private record OwnerFallback(ClusterView cluster, Map<String, String> nodeAddresses) implements ClusterView {
        @Override
        public Optional<ObjectRef> ownerOf(String address) {
            Optional<ObjectRef> o = cluster.ownerOf(address);
            if (o.isPresent()) {
                return o;
            }
            String n = nodeAddresses.get(address);
            return n == null ? Optional.empty() : Optional.of(ObjectRef.node(n));
        }

        @Override
        public Optional<ObjectRef> serviceAt(String address, int port, String protocol) {
            return cluster.serviceAt(address, port, protocol);
        }

        @Override
        public Optional<ObjectRef> serviceByNodePort(int port, String protocol) {
            return cluster.serviceByNodePort(port, protocol);
        }

        @Override
        public Optional<String> nodeOfPod(String address) {
            return cluster.nodeOfPod(address);
        }

        @Override
        public Optional<String> nodeOfAddress(String address) {
            return cluster.nodeOfAddress(address);
        }

        @Override
        public Optional<String> externalTrafficPolicy(ObjectRef service) {
            return cluster.externalTrafficPolicy(service);
        }
    }

    private static ObjectRef owner(ClusterView cluster, Map<String, Optional<ObjectRef>> cache, String address) {
        return cache.computeIfAbsent(address, cluster::ownerOf).orElse(null);
    }
}
