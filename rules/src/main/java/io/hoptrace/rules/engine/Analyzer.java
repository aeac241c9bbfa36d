package io.hoptrace.rules.engine;

import io.hoptrace.decoders.Dissection;
import io.hoptrace.decoders.state.ConntrackEntry;
import io.hoptrace.decoders.state.ConntrackTuple;
import io.hoptrace.decoders.state.InetLiteral;
import io.hoptrace.decoders.transport.TcpDecoder;
import io.hoptrace.rules.AnalysisView;
import io.hoptrace.rules.PacketRef;
import io.hoptrace.rules.Thresholds;
import io.hoptrace.rules.model.BgpEvent;
import io.hoptrace.rules.model.ClusterView;
import io.hoptrace.rules.model.Encap;
import io.hoptrace.rules.model.Endpoint;
import io.hoptrace.rules.model.FragmentEvent;
import io.hoptrace.rules.model.IcmpErrorEvent;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.rules.model.NodeState;
import io.hoptrace.rules.model.PacketInfo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine: takes decoded frames in time order from any number of capture files, stitches the sightings of each
 * packet into journeys (a fragmented datagram's later fragments into its journey), counts per flow, keeps the notable
 * packets, and builds the {@link AnalysisView} the rules read. Per packet it reads a few fields through the decoders'
 * accessors into one reused {@link Observation} and touches primitive tables; objects are made only for kept journeys
 * and events, both capped by {@link AnalysisLimits}. One instance per analysis, one thread.
 *
 * <p>Stitching: a sighting whose fingerprint ({@link Fingerprints}) was seen within the window at another capture
 * point continues that packet's journey; seen again at a point it already passed, it is a new packet (a
 * retransmission or a duplicate). Across NAT the fingerprint holds (NAT changes addresses and ports, not IP id,
 * sequence numbers or payload), and each tuple a journey shows after NAT becomes an alias of its flow, as do the
 * conntrack entries' reply tuples, so replies find their flow too. A fragmented datagram's later fragments join its
 * journey by {@link Fingerprints#datagram}, as its first fragment was seen at that point. Frame times are taken as
 * given: captures from nodes whose clocks disagree must be corrected first ({@link ClockOffsets}, which
 * {@code hoptrace analyze} applies before its merge), or skew beyond the window splits journeys.
 */
public final class Analyzer {
    /** Fragmented datagrams in flight are far fewer than packets: a sixteenth of the packet table's slots. */
    private static final int DATAGRAM_SLOTS_SHIFT = 4;
    private final AnalysisLimits limits;
    private final Map<String, NodeState> nodes;
    private final ClusterView cluster;
    private final CapturePoints points;
    private final FlowTable flows;
    private final PendingPackets pending;
    /** fragmented datagrams in flight by {@link Fingerprints#datagram}: where their later fragments belong */
    private final PendingPackets datagrams;
    private final TunnelPairs tunnels;
    private final DnsQueries dns;
    private final Observation o = new Observation();

    private final List<JourneyData> journeys = new ArrayList<>();
    private long journeysStarted;
    private long journeysDropped;
    private final List<IcmpErrorEvent> icmpErrors = new ArrayList<>();
    private final List<FragmentEvent> fragments = new ArrayList<>();
    private final List<BgpEvent> bgp = new ArrayList<>();
    private long eventsDropped;

    private long packets;
    private long sightings;
    private long ipBytes;
    private long encapBytes;

    public Analyzer(Map<String, NodeState> nodes, ClusterView cluster, AnalysisLimits limits) {
        this.limits = limits;
        this.nodes = Map.copyOf(nodes);
        this.cluster = cluster == null ? ClusterView.EMPTY : cluster;
        this.points = new CapturePoints(this.nodes);
        this.flows = new FlowTable(limits.maxFlows());
        this.pending = new PendingPackets(limits.pendingSlots(), limits.windowNanos());
        this.datagrams = new PendingPackets(limits.pendingSlots() >> DATAGRAM_SLOTS_SHIFT, limits.windowNanos());
        this.tunnels = new TunnelPairs(limits.maxEvents());
        this.dns = new DnsQueries(limits.maxEvents());
        for (NodeState n : this.nodes.values()) {
            if (n.conntrack() != null) {
                seedNat(n);
            }
        }
    }

    /** Registers a capture file taken on {@code node} (the file name when there is no node); returns its id. */
    public int addSource(String file, String node) {
        return points.addSource(file, node);
    }

    /** The names of a pcapng source's interfaces by interface id, as far as read (call again as it grows). */
    public void interfaceNames(int source, List<String> names) {
        points.interfaceNames(source, names);
    }

    public long packets() {
        return packets;
    }

    /**
     * One decoded frame of {@code source} (its number and time set with {@link Dissection#meta}); frames of all
     * sources must come roughly in time order. {@code fallbackIfKey} is the pcapng interface id (0 for pcap).
     */
    public void accept(int source, Dissection d, int fallbackIfKey) {
        packets++;
        Observation o = this.o;
        if (!ObservationExtractor.extract(d, o, fallbackIfKey)) {
            return;
        }
        o.source = source;
        sightings++;
        encapBytes += o.encapBytes;
        int point = points.point(source, o.ifKey, o.direction, o.sll2);
        long nodeBit = 1L << Math.min(63, points.nodeIndex(point));
        long now = o.timeNanos;
        if (o.fragment && o.fragmentOffset != 0 && laterFragment(point, nodeBit, now)) {
            return;
        }

        int slot = pending.find(o.fingerprint, now);
        if (slot >= 0 && pending.firstPoint(slot) != point) {
            int j = pending.journey(slot);
            JourneyData jd = j >= 0 ? journeys.get(j) : null;
            if (jd == null || !jd.visited(point)) {
                continuation(d, slot, jd, point, nodeBit, now);
                return;
            }
        }
        newPacket(d, slot >= 0, point, nodeBit, now);
    }

    private void continuation(Dissection d, int slot, JourneyData jd, int point, long nodeBit, long now) {
        pending.touch(slot, now);
        tunnel(slot, point);
        int fd = pending.flow(slot);
        int f = fd >> 1;
        firstFragment(fd, pending.journey(slot), now, point);
        if (f >= 0) {
            flows.sightings[f]++;
            flows.encapBytes[f] += o.encapBytes;
            flows.nodesMask[f] |= nodeBit;
            if (o.fragment) {
                flows.fragments[f]++;
            }
        }
        int hop = -1;
        if (jd != null) {
            hop = addHop(jd, point);
        }
        if (o.fragment) {
            fragment(point, jd, hop);
        }
    }

    private void newPacket(Dissection d, boolean seenBefore, int point, long nodeBit, long now) {
        int fd = flows.find(o.protocol, o.srcHi, o.srcLo, o.dstHi, o.dstLo, o.sport, o.dport);
        int f;
        int dir;
        if (fd >= 0) {
            f = fd >> 1;
            dir = fd & 1;
        } else {
            f = flows.add(o.protocol, o.srcHi, o.srcLo, o.dstHi, o.dstLo, o.sport, o.dport, now,
                    points.nodeIndex(point));
            dir = 0;
        }
        ipBytes += o.ipLength;
        boolean retransmission = seenBefore;
        ackAhead = 0;
        if (f >= 0) {
            retransmission |= count(f, dir, nodeBit, now);
        }
        boolean dnsRetry = f >= 0 && o.dns() && dns.message(f, d, o, points, point);
        boolean notable = retransmission || dnsRetry || o.fragment || o.quoted || ackAhead > 0
                || (o.tcpFlags >= 0 && (o.tcpFlags & (TcpDecoder.SYN | TcpDecoder.RST)) != 0)
                || (o.dontFragment && o.ipLength > limits.largeDfBytes());
        int j = -1;
        JourneyData jd = null;
        if (f >= 0 && keep(f, dir, notable)) {
            j = journeys.size();
            jd = new JourneyData(j + 1, f, dir, o.protocol, packetInfo(retransmission));
            journeys.add(jd);
        }
        int fdir = f < 0 ? -1 : 2 * f + dir;
        tunnel(pending.put(o.fingerprint, now, fdir, j, point), point);
        firstFragment(fdir, j, now, point);
        int hop = jd != null ? addHop(jd, point) : -1;
        if (o.fragment) {
            fragment(point, jd, hop);
        }
        if (o.quoted) {
            icmpError(point, f, jd);
        }
        if (o.bgpLayer >= 0) {
            PacketRef ref = ref();
            BgpMessages.extract(d, o, ref, points.pointNode.get(point), points.pointIface.get(point), e -> {
                if (bgp.size() < limits.maxEvents()) {
                    bgp.add(e);
                } else {
                    eventsDropped++;
                }
            });
        }
    }

    /** Remembers a first fragment's datagram at this point, so its later fragments find its flow and journey. */
    private void firstFragment(int flowDir, int journey, long now, int point) {
        if (o.fragment && o.fragmentOffset == 0) {
            datagrams.put(Fingerprints.datagram(o), now, flowDir, journey, point);
        }
    }

    /**
     * A fragment after the first joins its datagram (seen at this point or, without NAT between, at another):
     * a hop of the datagram's journey, counted in its flow (its bytes once, at its first sighting). False when the
     * datagram is unknown (its first fragment was not seen, or came later): then it is a packet of its own.
     */
    private boolean laterFragment(int point, long nodeBit, long now) {
        int dg = datagrams.find(Fingerprints.datagram(o), now);
        if (dg < 0) {
            return false;
        }
        datagrams.touch(dg, now);
        int fd = datagrams.flow(dg);
        int j = datagrams.journey(dg);
        int slot = pending.find(o.fingerprint, now);
        boolean firstSighting = slot < 0;
        if (firstSighting) {
            slot = pending.put(o.fingerprint, now, fd, j, point);
            ipBytes += o.ipLength;
        } else {
            pending.touch(slot, now);
        }
        tunnel(slot, point);
        if (fd >= 0) {
            int f = fd >> 1;
            flows.sightings[f]++;
            flows.encapBytes[f] += o.encapBytes;
            flows.nodesMask[f] |= nodeBit;
            flows.fragments[f]++;
            if (firstSighting) {
                flows.bytes[fd] += o.ipLength;
                flows.lastNanos[f] = Math.max(flows.lastNanos[f], now);
            }
        }
        JourneyData jd = j >= 0 ? journeys.get(j) : null;
        int hop = jd != null ? addHop(jd, point) : -1;
        fragment(point, jd, hop);
        return true;
    }

    /**
     * Bytes the current TCP segment acknowledges beyond what the other direction has sent (conntrack calls such a
     * segment INVALID), or 0; set by {@link #count}.
     */
    private int ackAhead;

    /** Counts the packet in its tunnel at its first encapsulated sighting. */
    private void tunnel(int slot, int point) {
        if (o.encapCount > 0 && pending.firstTunnelSighting(slot)) {
            tunnels.add(o, point);
        }
    }

    /** Counts a new packet in its flow; true when it is a TCP retransmission. */
    private boolean count(int f, int dir, long nodeBit, long now) {
        FlowTable t = flows;
        int k = 2 * f + dir;
        if (t.packets[2 * f] + t.packets[2 * f + 1] == 0) {
            t.firstNanos[f] = now;
        }
        t.lastNanos[f] = Math.max(t.lastNanos[f], now);
        t.packets[k]++;
        t.bytes[k] += o.ipLength;
        t.sightings[f]++;
        t.encapBytes[f] += o.encapBytes;
        t.nodesMask[f] |= nodeBit;
        if (o.ipLength > t.maxLength[f]) {
            t.maxLength[f] = o.ipLength;
        }
        if (o.fragment) {
            t.fragments[f]++;
        }
        if (o.dontFragment && o.ipLength > limits.largeDfBytes()) {
            t.largeDf[f]++;
        }
        if (o.quoted) {
            t.icmpErrors[f]++;
        }
        if (o.tcpFlags < 0) {
            return false;
        }
        int flags = o.tcpFlags;
        boolean syn = (flags & TcpDecoder.SYN) != 0;
        boolean ack = (flags & TcpDecoder.ACK) != 0;
        if (syn && !ack) {
            t.syns[f]++;
        } else if (syn) {
            t.synAcks[f]++;
        }
        if ((flags & TcpDecoder.RST) != 0) {
            t.resets[f]++;
        }
        if ((flags & TcpDecoder.FIN) != 0) {
            t.fins[f]++;
        }
        if (syn && o.mss >= 0) {
            t.mss[k] = o.mss;
        }
        long sent = t.nextSeq[2 * f + 1 - dir];
        if (ack && sent >= 0 && o.tcpAck >= 0 && (int) (o.tcpAck - sent) > 0) {
            ackAhead = (int) (o.tcpAck - sent);
        }
        int len = Math.max(0, o.payloadLength) + (syn ? 1 : 0) + ((flags & TcpDecoder.FIN) != 0 ? 1 : 0);
        if (len == 0 || (flags & TcpDecoder.RST) != 0) {
            return false;
        }
        long end = (o.tcpSeq + len) & 0xFFFF_FFFFL;
        long next = t.nextSeq[k];
        if (next >= 0 && (int) (end - next) <= 0) {
            t.retransmissions[k]++;
            return true;
        }
        t.nextSeq[k] = end;
        return false;
    }

    private boolean keep(int f, int dir, boolean notable) {
        journeysStarted++;
        if (journeys.size() >= limits.maxJourneys()) {
            journeysDropped++;
            return false;
        }
        int k = 2 * f + dir;
        if (flows.journeys[k] < limits.journeysPerDirection()) {
            flows.journeys[k]++;
            return true;
        }
        if (notable && flows.notable[f] < limits.notablePerFlow()) {
            flows.notable[f]++;
            return true;
        }
        return false;
    }

    private PacketInfo packetInfo(boolean retransmission) {
        long sequence = o.tcpSeq >= 0 ? o.tcpSeq : o.icmpEcho;
        return new PacketInfo(o.ipLength, (int) (o.ipVersion == 4 ? o.ipId : -1), o.dontFragment, o.tcpFlags,
                sequence, o.payloadLength, o.mss, o.icmpType, o.icmpCode, retransmission, ackAhead);
    }

    private PacketRef ref() {
        return new PacketRef(points.source(o.source).file(), o.number);
    }

    /** Adds the current sighting to a kept journey; returns its hop index, or -1 past the hop cap. */
    private int addHop(JourneyData jd, int point) {
        if (jd.hops.size() >= limits.maxHops()) {
            jd.dropped++;
            return -1;
        }
        HopData h = new HopData();
        h.point = point;
        h.timeNanos = o.timeNanos;
        h.source = o.source;
        h.number = o.number;
        h.encap = encapList();
        h.srcHi = o.srcHi;
        h.srcLo = o.srcLo;
        h.dstHi = o.dstHi;
        h.dstLo = o.dstLo;
        h.sport = o.sport;
        h.dport = o.dport;
        h.length = o.ipLength;
        h.ttl = o.ttl;
        h.fragment = o.fragment;
        h.laterFragment = o.fragment && o.fragmentOffset != 0;
        if (!jd.hops.isEmpty()) {
            HopData prev = jd.last();
            boolean same = prev.srcHi == h.srcHi && prev.srcLo == h.srcLo && prev.dstHi == h.dstHi
                    && prev.dstLo == h.dstLo && prev.sport == h.sport && prev.dport == h.dport;
            if (!same && !o.fragment && o.protocol >= 0) {
                flows.alias(jd.flow, jd.dir, o.protocol, o.srcHi, o.srcLo, o.dstHi, o.dstLo, o.sport, o.dport);
            }
        }
        jd.hops.add(h);
        return jd.hops.size() - 1;
    }

    private List<Encap> encapList() {
        if (o.encapCount == 0) {
            return List.of();
        }
        List<Encap> l = new ArrayList<>(o.encapCount);
        for (int k = 0; k < o.encapCount; k++) {
            String type = switch (o.encapType[k]) {
                case Observation.ENCAP_VXLAN -> Encap.VXLAN;
                case Observation.ENCAP_IP6IP -> Encap.IP6IP;
                default -> Encap.IPIP;
            };
            l.add(new Encap(type, new Endpoint(Addresses.format(o.encapSrcHi[k], o.encapSrcLo[k]), o.encapSport[k]),
                    new Endpoint(Addresses.format(o.encapDstHi[k], o.encapDstLo[k]), o.encapDport[k]),
                    o.encapVni[k]));
        }
        return List.copyOf(l);
    }

    private void fragment(int point, JourneyData jd, int hop) {
        if (fragments.size() >= limits.maxEvents()) {
            eventsDropped++;
            return;
        }
        boolean first = o.fragmentOffset == 0;
        fragments.add(new FragmentEvent(ref(), points.pointNode.get(point), points.pointIface.get(point),
                points.pointDirection.get(point), o.timeNanos,
                Views.flowKey(o.protocol, o.srcHi, o.srcLo, o.dstHi, o.dstLo, first ? o.sport : -1,
                        first ? o.dport : -1),
                o.ipId, o.fragmentOffset, o.moreFragments, o.ipLength, jd == null || hop < 0 ? null : jd.id,
                jd == null ? -1 : hop));
    }

    private void icmpError(int point, int ownFlow, JourneyData jd) {
        if (icmpErrors.size() >= limits.maxEvents()) {
            eventsDropped++;
            return;
        }
        int cause = -1;
        if (o.quotedProtocol >= 0) {
            int fd = flows.find(o.quotedProtocol, o.quotedSrcHi, o.quotedSrcLo, o.quotedDstHi, o.quotedDstLo,
                    o.quotedSport, o.quotedDport);
            cause = fd >= 0 ? fd >> 1 : -1;
        }
        icmpErrors.add(new IcmpErrorEvent(ref(), points.pointNode.get(point), points.pointIface.get(point),
                points.pointDirection.get(point), o.timeNanos, o.ipVersion, o.icmpType, o.icmpCode, o.icmpMtu,
                new Endpoint(Addresses.format(o.srcHi, o.srcLo), -1),
                new Endpoint(Addresses.format(o.dstHi, o.dstLo), -1),
                o.quotedProtocol < 0 ? null : Views.flowKey(o.quotedProtocol, o.quotedSrcHi, o.quotedSrcLo,
                        o.quotedDstHi, o.quotedDstLo, o.quotedSport, o.quotedDport),
                o.quotedLength, o.quotedDf,
                null, cause, jd == null ? null : jd.id));
        pendingCauses.add(new long[] {o.quotedIpId, o.quotedSequence});
    }

    private final List<long[]> pendingCauses = new ArrayList<>();

    /** Links every NAT'd conntrack entry's reply tuple to its original tuple, so both find one flow. */
    private void seedNat(NodeState n) {
        for (ConntrackEntry e : n.conntrack().entries()) {
            if (e.nat() == io.hoptrace.decoders.state.ConntrackNat.NONE || e.protocolNumber() < 0) {
                continue;
            }
            ConntrackTuple orig = e.original();
            ConntrackTuple reply = e.reply();
            int proto = e.protocolNumber();
            boolean ports = orig.sourcePort() != ConntrackTuple.ABSENT;
            int osp = ports ? orig.sourcePort() : -1;
            int odp = ports ? orig.destinationPort() : -1;
            int rsp = ports ? reply.sourcePort() : -1;
            int rdp = ports ? reply.destinationPort() : -1;
            long[] os = addr(orig.source());
            long[] od = addr(orig.destination());
            long[] rs = addr(reply.source());
            long[] rd = addr(reply.destination());
            int fd = flows.find(proto, os[0], os[1], od[0], od[1], osp, odp);
            int f = fd >= 0 ? fd >> 1 : flows.add(proto, os[0], os[1], od[0], od[1], osp, odp, 0, 0);
            if (f < 0) {
                return;
            }
            int dir = fd >= 0 ? fd & 1 : 0;
            flows.alias(f, 1 - dir, proto, rs[0], rs[1], rd[0], rd[1], rsp, rdp);
        }
    }

    private static long[] addr(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return new long[] {0, Addresses.v4Lo(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8)
                    | (b[3] & 0xFF))};
        }
        return new long[] {Addresses.v6Hi(b, 0), Addresses.v6Lo(b, 0)};
    }

    /** The finished view: flows, journeys and events as records, the rules' input. */
    public AnalysisView finish(InputReport inputs, Thresholds thresholds) {
        return Views.build(this, inputs, thresholds);
    }

    // ---- read by Views --------------------------------------------------------------------------------------

    AnalysisLimits limits() {
        return limits;
    }

    Map<String, NodeState> nodes() {
        return nodes;
    }

    ClusterView cluster() {
        return cluster;
    }

    CapturePoints points() {
        return points;
    }

    FlowTable flowTable() {
        return flows;
    }

    List<JourneyData> journeyData() {
        return journeys;
    }

    List<IcmpErrorEvent> icmpErrors() {
        return icmpErrors;
    }

    List<long[]> icmpCauses() {
        return pendingCauses;
    }

    List<FragmentEvent> fragments() {
        return fragments;
    }

    List<BgpEvent> bgp() {
        return bgp;
    }

    TunnelPairs tunnels() {
        return tunnels;
    }

    DnsQueries dns() {
        return dns;
    }

    AnalysisView.Totals totals() {
        return new AnalysisView.Totals(packets, sightings, ipBytes, encapBytes, flows.count() + flows.overflow(),
                flows.overflow(), journeysStarted, journeysDropped, eventsDropped + tunnels.dropped() + dns.dropped());
    }

    static String formatAddress(InetAddress a) {
        return InetLiteral.format(a);
    }
}
