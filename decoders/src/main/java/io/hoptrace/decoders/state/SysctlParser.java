package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads kernel settings: {@code sysctl -a} ({@code key = value}), {@code key=value} (sysctl.conf), and the
 * {@code /proc/sys} path style ({@code /proc/sys/net/ipv4/ip_forward = 1}, or {@code path:value} as
 * {@code grep -r . /proc/sys/net} prints it). Comments (# and ;) and blank lines are skipped; sysctl's own error
 * messages ("sysctl: permission denied on key ...") and lines that are not settings are reported.
 */
public final class SysctlParser {
    private static final String PROC_SYS = "/proc/sys/";

    /** Settings the rules read as numbers: a value that is not one is reported, not silently taken. */
    private static final Set<String> NUMERIC = Set.of(SysctlSettings.CONNTRACK_COUNT, SysctlSettings.CONNTRACK_MAX,
            SysctlSettings.CONNTRACK_MAX_LEGACY, SysctlSettings.CONNTRACK_BUCKETS, SysctlSettings.CONNTRACK_TCP_LOOSE,
            SysctlSettings.CONNTRACK_TCP_BE_LIBERAL, SysctlSettings.CONNTRACK_UDP_TIMEOUT, SysctlSettings.IP_FORWARD,
            SysctlSettings.IPV6_FORWARDING, SysctlSettings.SOMAXCONN, SysctlSettings.BRIDGE_NF_CALL_IPTABLES,
            SysctlSettings.BRIDGE_NF_CALL_IP6TABLES, SysctlSettings.TCP_MTU_PROBING, SysctlSettings.TCP_BASE_MSS,
            SysctlSettings.IP_NO_PMTU_DISC);

    private SysctlParser() {
    }

    public static SysctlSettings parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        List<LineProblem> problems = new ArrayList<>();
        for (StateLineReader r = new StateLineReader(text); r.next(); ) {
            String line = r.line();
            int number = r.number();
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            try {
                String[] kv = setting(trimmed);
                values.remove(kv[0]); // keep file order of the last occurrence
                values.put(kv[0], kv[1]);
                lineOf.put(kv[0], number);
            } catch (UnreadableLine e) {
                problems.add(new LineProblem(number, line, e.getMessage()));
            }
        }
        return new SysctlSettings(values, lineOf, problems);
    }

    private static String[] setting(String trimmed) throws UnreadableLine {
        if (trimmed.startsWith("sysctl: ")) {
            throw new UnreadableLine("sysctl could not read a setting (its own error message)");
        }
        String s = trimmed.startsWith("-") ? trimmed.substring(1) : trimmed; // sysctl.d: "-key = v" ignores errors
        boolean path = s.startsWith(PROC_SYS);
        int eq = s.indexOf('=');
        int sep = eq;
        if (path) {
            int colon = s.indexOf(':');
            if (colon > 0 && (eq < 0 || colon < eq)) {
                sep = colon;
            }
        }
        if (sep <= 0) {
            throw new UnreadableLine("not a setting: expected key = value");
        }
        String rawKey = s.substring(0, sep).strip();
        String value = s.substring(sep + 1).strip();
        String key = path ? fromPath(rawKey.substring(PROC_SYS.length()))
                : rawKey.indexOf('/') >= 0 && (rawKey.indexOf('.') < 0 || rawKey.indexOf('/') < rawKey.indexOf('.'))
                ? fromPath(rawKey) : rawKey;
        if (!validKey(key)) {
            throw new UnreadableLine("'" + rawKey + "' is not a sysctl key");
        }
        if (NUMERIC.contains(key) && !isInteger(value)) {
            throw new UnreadableLine(key + " should be a number, not '" + value + "'");
        }
        return new String[] {key, value};
    }

    /** net/ipv4/conf/eth0.100/rp_filter is net.ipv4.conf.eth0/100.rp_filter: sysctl swaps the two separators. */
    private static String fromPath(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            sb.append(c == '/' ? '.' : c == '.' ? '/' : c);
        }
        return sb.toString();
    }

    private static boolean validKey(String key) {
        if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ':'
                    || c == '@' || c == '+')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInteger(String v) {
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
