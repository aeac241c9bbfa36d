package io.hoptrace.rules;

import io.hoptrace.rules.model.BgpEvent;
import io.hoptrace.rules.model.ClusterView;
import io.hoptrace.rules.model.FlowRecord;
import io.hoptrace.rules.model.FragmentEvent;
import io.hoptrace.rules.model.IcmpErrorEvent;
import io.hoptrace.rules.model.InputReport;
import io.hoptrace.rules.model.Journey;
import io.hoptrace.rules.model.NodeState;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a rule reads, finished and immutable: the inputs, each node's state, the cluster, the flows with their
 * counters, the journeys kept (hops of single packets), and the notable packets (ICMP errors, fragments, BGP
 * messages). Built by the engine ({@link io.hoptrace.rules.engine.Analyzer}) or by hand in tests with
 * {@link #builder()}.
 */
public final class AnalysisView {
    private final InputReport inputs;
    private final Map<String, NodeState> nodes;
    private final ClusterView cluster;
    private final Thresholds thresholds;
    private final List<FlowRecord> flows;
    private final List<Journey> journeys;
    private final Map<Integer, Journey> journeysById = new HashMap<>();
    private final List<IcmpErrorEvent> icmpErrors;
    private final List<FragmentEvent> fragments;
    private final List<BgpEvent> bgpMessages;
    private final Totals totals;
    private final Map<String, String> nodeByAddress = new HashMap<>();

    /**
     * Whole-input counters.
     *
     * @param packets       packets read
     * @param sightings     packets with an IP layer hoptrace could stitch
     * @param ipBytes       inner IP bytes at first sightings
     * @param encapBytes    tunnel header bytes over all sightings
     * @param flows         flows seen (including those past the flow cap, which are counted only)
     * @param flowsDropped  flows past the cap
     * @param journeys      journeys started (kept or not)
     * @param journeysDropped journeys past the journey cap
     * @param eventsDropped notable packets past the per-kind caps
     */
    public record Totals(long packets, long sightings, long ipBytes, long encapBytes, long flows, long flowsDropped,
                         long journeys, long journeysDropped, long eventsDropped) {
        public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private AnalysisView(Builder b) {
        this.inputs = b.inputs;
        this.nodes = Map.copyOf(b.nodes);
        this.cluster = b.cluster;
        this.thresholds = b.thresholds;
        // may be a lazy list over the engine's flow table: wrapped, not copied
        this.flows = java.util.Collections.unmodifiableList(b.flows);
        this.journeys = List.copyOf(b.journeys);
        for (Journey j : journeys) {
            journeysById.put(j.id(), j);
        }
        this.icmpErrors = List.copyOf(b.icmpErrors);
        this.fragments = List.copyOf(b.fragments);
        this.bgpMessages = List.copyOf(b.bgpMessages);
        this.totals = b.totals;
        nodeByAddress.putAll(io.hoptrace.rules.model.NodeStates.addressOwners(nodes.values()));
    }

    public static Builder builder() {
        return new Builder();
    }

    public InputReport inputs() {
        return inputs;
    }

    /** Node states by name (empty when no state was given). */
    public Map<String, NodeState> nodes() {
        return nodes;
    }

    public Optional<NodeState> node(String name) {
        return Optional.ofNullable(name == null ? null : nodes.get(name));
    }

    public ClusterView cluster() {
        return cluster;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /**
     * One record per flow, by id. The engine's list makes each record when asked (flows can be millions): iterate,
     * keep what you need, do not hold on to all of them.
     */
    public List<FlowRecord> flows() {
        return flows;
    }

    public FlowRecord flow(int id) {
        return flows.get(id);
    }

    public List<Journey> journeys() {
        return journeys;
    }

    public Optional<Journey> journey(Integer id) {
        return Optional.ofNullable(id == null ? null : journeysById.get(id));
    }

    /** The kept journeys of a flow. */
    public List<Journey> journeysOf(FlowRecord flow) {
        return flow.journeyIds().stream().map(journeysById::get).filter(j -> j != null).toList();
    }

    public List<IcmpErrorEvent> icmpErrors() {
        return icmpErrors;
    }

    public List<FragmentEvent> fragments() {
        return fragments;
    }

    public List<BgpEvent> bgpMessages() {
        return bgpMessages;
    }

    public Totals totals() {
        return totals;
    }

    /**
     * The node that has this address: a host address in some node's ip-addr.json (eth0, flannel.1, cni0, tunl0),
     * else a node address in k8s.json.
     */
    public Optional<String> nodeOfAddress(String address) {
        String n = nodeByAddress.get(address);
        return n != null ? Optional.of(n) : cluster.nodeOfAddress(address);
    }

    /** The node that runs the pod with this IP (k8s.json), or that has the address itself. */
    public Optional<String> nodeOf(String address) {
        Optional<String> pod = cluster.nodeOfPod(address);
        return pod.isPresent() ? pod : nodeOfAddress(address);
    }

    /** Collects a view's parts; every part is optional. */
    public static final class Builder {
        private InputReport inputs = new InputReport(null, List.of(), List.of(), List.of(), List.of(), List.of(), 0,
                false);
        private final Map<String, NodeState> nodes = new LinkedHashMap<>();
        private ClusterView cluster = ClusterView.EMPTY;
        private Thresholds thresholds = Thresholds.defaults();
        private List<FlowRecord> flows = List.of();
        private List<Journey> journeys = List.of();
        private List<IcmpErrorEvent> icmpErrors = List.of();
        private List<FragmentEvent> fragments = List.of();
        private List<BgpEvent> bgpMessages = List.of();
        private Totals totals = Totals.NONE;

        public Builder inputs(InputReport r) {
            this.inputs = r;
            return this;
        }

        public Builder node(NodeState n) {
            nodes.put(n.name(), n);
            return this;
        }

        public Builder cluster(ClusterView c) {
            this.cluster = c == null ? ClusterView.EMPTY : c;
            return this;
        }

        public Builder thresholds(Thresholds t) {
            this.thresholds = t;
            return this;
        }

        public Builder flows(List<FlowRecord> f) {
            this.flows = f;
            return this;
        }

        public Builder journeys(List<Journey> j) {
            this.journeys = j;
            return this;
        }

        public Builder icmpErrors(List<IcmpErrorEvent> e) {
            this.icmpErrors = e;
            return this;
        }

        public Builder fragments(List<FragmentEvent> e) {
            this.fragments = e;
            return this;
        }

        public Builder bgpMessages(List<BgpEvent> e) {
            this.bgpMessages = e;
            return this;
        }

        public Builder totals(Totals t) {
            this.totals = t;
            return this;
        }

        public AnalysisView build() {
            return new AnalysisView(this);
        }
    }
}
