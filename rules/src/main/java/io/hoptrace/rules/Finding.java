package io.hoptrace.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a rule found: an actionable notice in Zeek's sense, with the evidence behind it and the change that fixes
 * it. Immutable; rules build one with {@link #of}.
 *
 * @param rule     the rule's stable id ({@code mtu.blackhole})
 * @param severity how bad it is
 * @param summary  one line a person understands, naming the objects ("DF packets from pod demo/mtu-client ...")
 * @param fix      the change to make, concrete ("set the MTU of pod demo/mtu-client to 1450")
 * @param node     the node where it happens, or null when it is not one node's
 * @param packets  the packets that show it (capped by the rule: a few are enough)
 * @param objects  the Kubernetes objects involved
 * @param evidence state lines behind it: iptables rules, conntrack entries, sysctl values, interface settings
 * @param journey  id of the journey that shows it ({@link io.hoptrace.rules.model.Journey#id()}), or null
 * @param hop      index of the hop in that journey where it happens (drawn red), or -1
 * @param dedupKey findings of one rule with the same key are one finding (the first is kept); never null
 */
public record Finding(String rule, Severity severity, String summary, String fix, String node,
                      List<PacketRef> packets, List<ObjectRef> objects, List<String> evidence, Integer journey,
                      int hop, String dedupKey) {
    /** A finding shows at most this many packets; the summary says how many there were. */
    public static final int MAX_PACKETS = 20;

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        fix = fix == null ? "" : fix;
        packets = List.copyOf(packets.size() > MAX_PACKETS ? packets.subList(0, MAX_PACKETS) : packets);
        objects = List.copyOf(objects);
        evidence = List.copyOf(evidence);
        dedupKey = dedupKey == null ? summary : dedupKey;
    }

    public static Builder of(String rule, Severity severity, String summary) {
        return new Builder(rule, severity, summary);
    }

    /** Collects a finding's parts in any order; {@link #build} makes the record. */
    public static final class Builder {
        private final String rule;
        private final Severity severity;
        private final String summary;
        private String fix = "";
        private String node;
        private final List<PacketRef> packets = new ArrayList<>();
        private final List<ObjectRef> objects = new ArrayList<>();
        private final List<String> evidence = new ArrayList<>();
        private Integer journey;
        private int hop = -1;
        private String dedupKey;

        private Builder(String rule, Severity severity, String summary) {
            this.rule = rule;
            this.severity = severity;
            this.summary = summary;
        }

        public Builder fix(String text) {
            this.fix = text;
            return this;
        }

        public Builder node(String name) {
            this.node = name;
            return this;
        }

        public Builder packet(PacketRef p) {
            if (p != null && !packets.contains(p)) {
                packets.add(p);
            }
            return this;
        }

        public Builder packets(Iterable<PacketRef> ps) {
            for (PacketRef p : ps) {
                packet(p);
            }
            return this;
        }

        /** Adds the object unless it is null or already there. */
        public Builder object(ObjectRef o) {
            if (o != null && !objects.contains(o)) {
                objects.add(o);
            }
            return this;
        }

        public Builder evidence(String line) {
            if (line != null && !evidence.contains(line)) {
                evidence.add(line);
            }
            return this;
        }

        /** The journey that shows the finding and the hop (index into its hops) where it happens, or -1. */
        public Builder journey(Integer id, int hopIndex) {
            this.journey = id;
            this.hop = id == null ? -1 : hopIndex;
            return this;
        }

        public Builder dedupKey(String key) {
            this.dedupKey = key;
            return this;
        }

        public Finding build() {
            return new Finding(rule, severity, summary, fix, node, packets, objects, evidence, journey, hop,
                    dedupKey);
        }
    }
}
