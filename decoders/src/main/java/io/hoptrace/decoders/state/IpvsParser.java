package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a node's IPVS table from any of the texts a person or the snapshot writer saves:
 * <ul>
 * <li>{@code ipvsadm -Ln} / {@code -L -n}, and its other column layouts {@code --stats}, {@code --rate},
 *     {@code --persistent-conn}, {@code --thresholds} (the "Prot LocalAddress:Port" header says which);</li>
 * <li>{@code ipvsadm-save -n} ({@code -A -t vip:port -s rr -p 10800}, {@code -a -t vip:port -r rip:port -m -w 1});</li>
 * <li>raw {@code /proc/net/ip_vs}: hex IPv4 addresses and hex ports, fully written IPv6, hex firewall marks,
 *     "persistent &lt;timeout&gt; &lt;hex mask&gt;".</li>
 * </ul>
 * A line that cannot be read is reported and skipped: host and service names (a listing without {@code -n}, whose
 * names ipvsadm also cuts to fit its columns), redacted addresses, unknown layouts. Real servers of a service that
 * could not be read are reported too, each with the line of their service, rather than attached to the wrong one.
 */
public final class IpvsParser {
    private static final String LIST_HINT = "ipvsadm -Ln";
    private static final String SAVE_HINT = "ipvsadm-save -n";

    enum Layout { DEFAULT, PERSISTENT_CONN, THRESHOLDS, STATS, RATE }

    private final List<LineProblem> problems = new ArrayList<>();
    private final List<Draft> drafts = new ArrayList<>();
    private final Map<String, Draft> byKey = new HashMap<>();
    private Layout layout = Layout.DEFAULT;
    private boolean layoutFromHeader;
    private boolean hex;
    private Draft current;
    private int unreadableServiceLine;
    private String version;
    private long hashSize = -1;

    /** A service being read, with the real servers listed under it so far. */
    static final class Draft {
        final IpvsService head;
        final List<IpvsRealServer> servers = new ArrayList<>();

        Draft(IpvsService head) {
            this.head = head;
        }
    }

    private IpvsParser() {
    }

    public static IpvsTable parse(String text) {
        IpvsParser p = new IpvsParser();
        for (StateLineReader r = new StateLineReader(text); r.next(); ) {
            try {
                p.line(r.number(), r.line());
            } catch (UnreadableLine e) {
                p.problems.add(new LineProblem(r.number(), r.line(), e.getMessage()));
            }
        }
        List<IpvsService> services = new ArrayList<>(p.drafts.size());
        for (Draft d : p.drafts) {
            services.add(d.head.withRealServers(d.servers));
        }
        return new IpvsTable(p.version, p.hashSize, services, p.problems);
    }

    private void line(int number, String line) throws UnreadableLine {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        if (trimmed.startsWith("IP Virtual Server version ")) {
            versionLine(trimmed);
            return;
        }
        if (trimmed.startsWith("Prot LocalAddress:Port")) {
            layout = layoutOf(trimmed);
            layoutFromHeader = true;
            return;
        }
        if (trimmed.startsWith("-> RemoteAddress:Port")) {
            // the kernel's /proc/net/ip_vs header is the only one without ipvsadm's column padding
            hex |= trimmed.startsWith("-> RemoteAddress:Port Forward");
            return;
        }
        if (trimmed.startsWith("-A ") || trimmed.startsWith("-a ")) {
            saveLine(number, trimmed);
            return;
        }
        List<String> t = StateLines.tokens(trimmed);
        if (t.get(0).equals("->")) {
            realServerLine(number, t);
            return;
        }
        IpvsProtocol protocol = IpvsProtocol.ofListName(t.get(0));
        if (protocol == null) {
            throw new UnreadableLine(trimmed.startsWith("-") ? "not an ipvsadm-save line this reader knows (-A, -a)"
                    : "not a line of ipvsadm -Ln, ipvsadm-save -n or /proc/net/ip_vs");
        }
        current = null;
        unreadableServiceLine = number;
        IpvsService head = IpvsListLines.service(number, protocol, t, layout, hexFor(t, protocol), LIST_HINT);
        current = add(head, number);
        unreadableServiceLine = 0;
    }

    private boolean hexFor(List<String> t, IpvsProtocol protocol) {
        if (!hex && protocol != IpvsProtocol.FWM && t.size() > 1 && IpvsEndpointText.looksKernelHex(t.get(1))) {
            hex = true;
        }
        return hex;
    }

    private void realServerLine(int number, List<String> t) throws UnreadableLine {
        if (current == null) {
            throw new UnreadableLine(unreadableServiceLine > 0
                    ? "real server of the virtual service on line " + unreadableServiceLine + ", which could not be read"
                    : "real server line before any virtual service line");
        }
        Layout l = layoutFromHeader ? layout
                : t.size() > 2 && IpvsForwarding.ofListName(t.get(2)) != null ? Layout.DEFAULT : layout;
        current.servers.add(IpvsListLines.realServer(number, t, l, hex, LIST_HINT));
    }

    private void saveLine(int number, String trimmed) throws UnreadableLine {
        List<String> t = StateLines.tokens(trimmed);
        if (t.get(0).equals("-A")) {
            IpvsService head = IpvsSaveLines.service(number, t, SAVE_HINT);
            add(head, number);
            return;
        }
        IpvsSaveLines.RealServerLine rs = IpvsSaveLines.realServer(number, t, SAVE_HINT);
        Draft d = byKey.get(rs.serviceKey());
        if (d == null) {
            throw new UnreadableLine("real server of " + rs.serviceKey() + ", which no -A line defines");
        }
        d.servers.add(rs.server());
    }

    private Draft add(IpvsService head, int number) throws UnreadableLine {
        Draft existing = byKey.get(head.key());
        if (existing != null) {
            throw new UnreadableLine(head.key() + " is already defined on line " + existing.head.line());
        }
        Draft d = new Draft(head);
        drafts.add(d);
        byKey.put(head.key(), d);
        return d;
    }

    private void versionLine(String trimmed) {
        // IP Virtual Server version 1.2.1 (size=4096)
        List<String> t = StateLines.tokens(trimmed);
        if (t.size() > 4) {
            version = t.get(4);
        }
        int size = trimmed.indexOf("(size=");
        if (size >= 0 && trimmed.endsWith(")")) {
            hashSize = StateLines.unsignedDecimal(trimmed.substring(size + 6, trimmed.length() - 1));
        }
    }

    private static Layout layoutOf(String header) {
        if (header.contains("PersistConn")) {
            return Layout.PERSISTENT_CONN;
        }
        if (header.contains("Uthreshold")) {
            return Layout.THRESHOLDS;
        }
        if (header.contains("InPkts")) {
            return Layout.STATS;
        }
        if (header.contains("InPPS")) {
            return Layout.RATE;
        }
        return Layout.DEFAULT;
    }
}
