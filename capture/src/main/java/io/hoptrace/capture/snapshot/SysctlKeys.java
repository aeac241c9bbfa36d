package io.hoptrace.capture.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel settings a snapshot records by default: those the rule catalog reads (conntrack table size and
 * timeouts, forwarding, bridge netfilter, reverse-path filtering, PMTU, listen backlogs, neighbour table size,
 * IPVS connection reuse), plus the per-interface ones for every interface of the namespace.
 */
final class SysctlKeys {
    static final List<String> GLOBAL = List.of(
            "net.bridge.bridge-nf-call-arptables",
            "net.bridge.bridge-nf-call-ip6tables",
            "net.bridge.bridge-nf-call-iptables",
            "net.core.netdev_max_backlog",
            "net.core.somaxconn",
            "net.ipv4.icmp_ratelimit",
            "net.ipv4.ip_forward",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_no_pmtu_disc",
            "net.ipv4.neigh.default.gc_thresh1",
            "net.ipv4.neigh.default.gc_thresh2",
            "net.ipv4.neigh.default.gc_thresh3",
            "net.ipv4.tcp_abort_on_overflow",
            "net.ipv4.tcp_base_mss",
            "net.ipv4.tcp_max_syn_backlog",
            "net.ipv4.tcp_mtu_probing",
            "net.ipv4.tcp_syn_retries",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.tcp_tw_reuse",
            "net.ipv4.vs.conn_reuse_mode",
            "net.ipv4.vs.expire_nodest_conn",
            "net.ipv6.conf.all.forwarding",
            "net.netfilter.nf_conntrack_buckets",
            "net.netfilter.nf_conntrack_checksum",
            "net.netfilter.nf_conntrack_count",
            "net.netfilter.nf_conntrack_max",
            "net.netfilter.nf_conntrack_tcp_be_liberal",
            "net.netfilter.nf_conntrack_tcp_loose",
            "net.netfilter.nf_conntrack_tcp_timeout_established",
            "net.netfilter.nf_conntrack_udp_timeout",
            "net.netfilter.nf_conntrack_udp_timeout_stream",
            "net.nf_conntrack_max");

    /** Settings of net.ipv4.conf.{all,default,<interface>}. */
    static final List<String> PER_INTERFACE = List.of(
            "accept_local", "forwarding", "proxy_arp", "route_localnet", "rp_filter", "send_redirects");

    static final String INTERFACE_DIR = "/proc/sys/net/ipv4/conf";

    private SysctlKeys() {
    }

    /** Every key to read, given the names under /proc/sys/net/ipv4/conf (all, default and the interfaces). */
    static List<String> keys(List<String> confNames) {
        List<String> keys = new ArrayList<>(GLOBAL);
        for (String name : confNames) {
            for (String setting : PER_INTERFACE) {
                // sysctl writes a dot inside an interface name as a slash (flannel.1 -> flannel/1)
                keys.add("net.ipv4.conf." + name.replace('.', '/') + "." + setting);
            }
        }
        keys.sort(null);
        return keys;
    }

    /** The /proc/sys file of a key: dots become slashes and slashes (dots in interface names) become dots. */
    static String file(String key) {
        StringBuilder sb = new StringBuilder("/proc/sys/");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            sb.append(c == '.' ? '/' : c == '/' ? '.' : c);
        }
        return sb.toString();
    }
}
