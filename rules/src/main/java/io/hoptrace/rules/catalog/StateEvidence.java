package io.hoptrace.rules.catalog;

import io.hoptrace.decoders.state.ConntrackStatsSample;
import io.hoptrace.decoders.state.IpJsonLink;
import io.hoptrace.decoders.state.SysctlSettings;
import io.hoptrace.rules.model.IptablesView.IptablesLine;
import io.hoptrace.rules.model.NodeStates;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Evidence lines that point into a node's state files, so a reader can open the file at the line:
 * {@code node-a sysctl.txt:32: net.ipv4.ip_forward = 0}. Shared by the rules that read node state.
 */
public final class StateEvidence {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private StateEvidence() {
    }

    /** {@code node-a sysctl.txt:32: net.ipv4.ip_forward = 0}, when the key is there. */
    public static Optional<String> sysctl(String node, SysctlSettings s, String key) {
        String v = s.values().get(key);
        if (v == null) {
            return Optional.empty();
        }
        Integer line = s.lines().get(key);
        return Optional.of(node + " " + NodeStates.SYSCTL + (line == null ? "" : ":" + line) + ": " + key + " = "
                + v.replace('\t', ' '));
    }

    /** {@code node-a iptables-save.txt:57: nat KUBE-SERVICES #1 [3 pkts]: -A KUBE-SERVICES ...}. */
    public static String iptables(String node, IptablesLine l) {
        return node + " " + NodeStates.IPTABLES + (l.line() > 0 ? ":" + l.line() : "") + ": " + l;
    }

    /**
     * {@code node-a conntrack-stats.txt:4 (16:12:58 end): insert_failed=37 drop=2 early_drop=0}: the named counters
     * of one sample, summed over the CPUs; a counter the sample lacks is left out.
     */
    public static String conntrackSample(String node, ConntrackStatsSample s, List<String> counters) {
        StringBuilder b = new StringBuilder(node).append(' ').append(NodeStates.CONNTRACK_STATS).append(':')
                .append(s.line());
        String when = s.time() == null ? "" : s.time().toString();
        String label = s.label() == null ? "" : s.label();
        if (!when.isEmpty() || !label.isEmpty()) {
            b.append(" (").append(when).append(!when.isEmpty() && !label.isEmpty() ? " " : "").append(label)
                    .append(')');
        }
        b.append(':');
        for (String c : counters) {
            long v = s.total(c);
            if (v >= 0) {
                b.append(' ').append(c).append('=').append(v);
            }
        }
        return b.toString();
    }

    /** {@code node-a ip-link.json: vethf7ada0fb mtu 1500 (veth, port of cni0)}. */
    public static String link(String node, IpJsonLink l, String note) {
        StringBuilder what = new StringBuilder();
        if (l.kind() != null) {
            what.append(l.kind());
            if (l.vxlan() != null) {
                what.append(" id ").append(l.vxlan().id());
                if (l.vxlan().port() > 0) {
                    what.append(" port ").append(l.vxlan().port());
                }
                if (l.vxlan().device() != null) {
                    what.append(" over ").append(l.vxlan().device());
                }
            }
        }
        if (l.master() != null) {
            what.append(what.length() > 0 ? ", " : "").append("port of ").append(l.master());
        }
        if (note != null && !note.isEmpty()) {
            what.append(what.length() > 0 ? ", " : "").append(note);
        }
        return node + " " + NodeStates.IP_LINK + ": " + l.name() + " mtu " + l.mtu()
                + (what.length() > 0 ? " (" + what + ")" : "");
    }

    /** {@code 16:12:57} (UTC), or "?" without a time. */
    public static String clock(Instant t) {
        return t == null ? "?" : CLOCK.format(t);
    }

    /** {@code 2.1 s}, {@code 1 min 5 s}. */
    public static String duration(Duration d) {
        if (d == null) {
            return "?";
        }
        long ms = d.toMillis();
        if (ms < 60_000) {
            return ms % 1000 == 0 || ms >= 10_000 ? (ms + 500) / 1000 + " s"
                    : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = (ms + 500) / 1000;
        return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }

    /** {@code 262,144}. */
    public static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
