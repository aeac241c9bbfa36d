package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sysctl.txt: {@code key = value} lines (sysctl's own format) of the kernel settings the rule catalog reads
 * (conntrack table size and timeouts, forwarding, bridge netfilter, reverse-path filtering, PMTU, listen backlogs,
 * neighbour table size, IPVS connection reuse), plus the per-interface ones of every interface of the namespace;
 * or everything, {@code sysctl -a}, when asked.
 */
final class SysctlFile {
    static final String NAME = "sysctl.txt";

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

    private SysctlFile() {
    }

    static BundleFile write(NodeFiles files, Path dir, SnapshotPhase phase, boolean all) {
        NodeCommands commands = files.commands();
        Path target = dir.resolve(NAME);
        NodeFiles.deleteQuietly(target);
        List<Attempt> failed = new ArrayList<>();
        if (all) {
            // sysctl -a exits non-zero when a few keys are unreadable (stable_secret); the rest is still good
            Instant t = files.now();
            NodeCommands.Run r = commands.run(List.of("sysctl", "-a"), target, 255);
            if (r.ok() && size(target) > 0) {
                return files.written(NAME, phase, r, t, failed, Map.of());
            }
            NodeFiles.deleteQuietly(target);
            failed.add(r.ok() ? new Attempt(r.command(), r.exitStatus(), "failed: no output") : r.attempt());
        }
        Instant t = files.now();
        long t0 = System.nanoTime();
        List<String> keys = keys(commands.list(INTERFACE_DIR, dir));
        List<String> paths = keys.stream().map(SysctlFile::file).toList();
        Map<String, String> values = commands.readKernelValues(paths, dir);
        StringBuilder text = new StringBuilder();
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String v = values.get(paths.get(i));
            if (v == null) {
                absent.add(keys.get(i));
            } else {
                text.append(keys.get(i)).append(" = ").append(v).append('\n');
            }
        }
        String command = commands.netns() == null ? "read /proc/sys (" + keys.size() + " keys)"
                : commands.display(List.of("grep", "-s", "-H", "''", "/proc/sys/... (" + keys.size() + " keys)"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        NodeCommands.Run r;
        if (values.isEmpty()) {
            r = new NodeCommands.Run(command, FileStatus.MISSING, "missing: none of " + keys.size()
                    + " settings could be read", null, ms, "");
        } else {
            try {
                Files.writeString(target, text, StandardCharsets.UTF_8);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("keys", keys.size() - absent.size());
                if (!absent.isEmpty()) {
                    details.put("absentKeys", absent); // e.g. bridge-nf-call-*: br_netfilter is not loaded
                }
                return files.written(NAME, phase, new NodeCommands.Run(command, FileStatus.OK, null, null, ms, ""),
                        t, failed, details);
            } catch (IOException e) {
                r = new NodeCommands.Run(command, FileStatus.FAILED, "failed: "
                        + NodeCommands.firstLine(e.toString()), null, ms, "");
            }
        }
        failed.add(r.attempt());
        return files.notWritten(NAME, phase, List.of(r), failed, t);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
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
