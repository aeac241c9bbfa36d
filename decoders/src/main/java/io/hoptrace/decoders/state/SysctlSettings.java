package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Kernel settings read from {@code sysctl -a} (or any {@code key = value} lines), with typed getters for the values
 * the rules look at. Keys are in sysctl's dotted form; a key given twice keeps its last value, as sysctl would.
 *
 * @param values   key to value as printed (multi-number values such as tcp_rmem keep their tabs)
 * @param lines    key to the 1-based line its value came from
 * @param problems lines that are not settings, or settings the rules need whose value is not a number
 */
public record SysctlSettings(Map<String, String> values, Map<String, Integer> lines, List<LineProblem> problems) {
    public static final String CONNTRACK_COUNT = "net.netfilter.nf_conntrack_count";
    public static final String CONNTRACK_MAX = "net.netfilter.nf_conntrack_max";
    /** The older name, still present next to the netfilter one. */
    public static final String CONNTRACK_MAX_LEGACY = "net.nf_conntrack_max";
    public static final String CONNTRACK_BUCKETS = "net.netfilter.nf_conntrack_buckets";
    public static final String CONNTRACK_TCP_LOOSE = "net.netfilter.nf_conntrack_tcp_loose";
    public static final String CONNTRACK_TCP_BE_LIBERAL = "net.netfilter.nf_conntrack_tcp_be_liberal";
    public static final String CONNTRACK_UDP_TIMEOUT = "net.netfilter.nf_conntrack_udp_timeout";
    public static final String IP_FORWARD = "net.ipv4.ip_forward";
    public static final String IPV6_FORWARDING = "net.ipv6.conf.all.forwarding";
    public static final String SOMAXCONN = "net.core.somaxconn";
    public static final String BRIDGE_NF_CALL_IPTABLES = "net.bridge.bridge-nf-call-iptables";
    public static final String BRIDGE_NF_CALL_IP6TABLES = "net.bridge.bridge-nf-call-ip6tables";
    public static final String TCP_MTU_PROBING = "net.ipv4.tcp_mtu_probing";
    public static final String TCP_BASE_MSS = "net.ipv4.tcp_base_mss";
    public static final String IP_NO_PMTU_DISC = "net.ipv4.ip_no_pmtu_disc";
    public static final String IP_LOCAL_PORT_RANGE = "net.ipv4.ip_local_port_range";

    public SysctlSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        problems = List.copyOf(problems);
    }

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value as one integer, if it is one. */
    public OptionalLong longValue(String key) {
        String v = values.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A value of several integers ("4096\t131072\t6291456", "32768\t60999"), or empty if it is not that. */
    public List<Long> longs(String key) {
        String v = values.get(key);
        List<Long> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String t : StateLines.tokens(v)) {
            try {
                out.add(Long.parseLong(t));
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return List.copyOf(out);
    }

    /** A 0/1 switch; any non-zero integer is on. */
    public Optional<Boolean> enabled(String key) {
        OptionalLong v = longValue(key);
        return v.isPresent() ? Optional.of(v.getAsLong() != 0) : Optional.empty();
    }

    public OptionalLong conntrackCount() {
        return longValue(CONNTRACK_COUNT);
    }

    public OptionalLong conntrackMax() {
        OptionalLong v = longValue(CONNTRACK_MAX);
        return v.isPresent() ? v : longValue(CONNTRACK_MAX_LEGACY);
    }

    /** nf_conntrack_count / nf_conntrack_max, if both are known and max is positive. */
    public Optional<Double> conntrackFill() {
        OptionalLong count = conntrackCount();
        OptionalLong max = conntrackMax();
        if (count.isEmpty() || max.isEmpty() || max.getAsLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(count.getAsLong() / (double) max.getAsLong());
    }

    public Optional<Boolean> ipForward() {
        return enabled(IP_FORWARD);
    }

    public OptionalLong somaxconn() {
        return longValue(SOMAXCONN);
    }

    /** Whether bridged traffic (pod to pod on one node) passes iptables; absent without br_netfilter loaded. */
    public Optional<Boolean> bridgeNfCallIptables() {
        return enabled(BRIDGE_NF_CALL_IPTABLES);
    }

    /** 0 off, 1 on after an ICMP black hole is detected, 2 always. */
    public OptionalLong tcpMtuProbing() {
        return longValue(TCP_MTU_PROBING);
    }

    /** net.ipv4.conf.&lt;interface&gt;.rp_filter: 0 off, 1 strict, 2 loose. */
    public OptionalLong rpFilter(String interfaceName) {
        return longValue("net.ipv4.conf." + interfaceName.replace('.', '/') + ".rp_filter");
    }
}
