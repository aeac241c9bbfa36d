package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads conntrack entries from {@code conntrack -L} (plain or {@code -o extended,id}), {@code /proc/net/nf_conntrack}
 * (which starts each line with "ipv4 2" or "ipv6 10"), the legacy {@code /proc/net/ip_conntrack} (which does not),
 * and {@code conntrack -E} / {@code -D} output ([NEW], [UPDATE], [DESTROY] tags, optional [seconds.micros] stamp).
 *
 * <p>conntrack's trailer ("conntrack v1.4.7 (conntrack-tools): 12 flow entries have been shown.") is read as the
 * reported count, wherever it is (stderr lands first when output is piped). Tokens this reader does not know are
 * kept as the entry's extras; a line is only reported when something it must have is missing or malformed.
 */
public final class ConntrackParser {
    private static final String TRAILER_PREFIX = "conntrack v";
    private static final String TRAILER_TOOLS = "(conntrack-tools): ";

    /** Addresses repeat across a table (pods, VIPs, the node): one InetAddress per distinct text. */
    private final Map<String, InetAddress> addresses = new HashMap<>();
    /** Protocol and state names: a handful of distinct strings shared by every entry. */
    private final Map<String, String> words = new HashMap<>();

    private ConntrackParser() {
    }

    public static ConntrackTable parse(String text) {
        ConntrackParser p = new ConntrackParser();
        List<ConntrackEntry> entries = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        long reported = -1;
        for (StateLineReader r = new StateLineReader(text); r.next(); ) {
            int number = r.number();
            String line = r.line();
            if (StateLines.isBlankLine(line)) {
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.startsWith(TRAILER_PREFIX) && trimmed.contains(TRAILER_TOOLS)) {
                long n = trailerCount(trimmed);
                if (n >= 0) {
                    reported = n;
                } else {
                    problems.add(new LineProblem(number, line, "conntrack reported an error"));
                }
                continue;
            }
            try {
                entries.add(p.entry(number, StateLines.tokens(trimmed)));
            } catch (UnreadableLine e) {
                problems.add(new LineProblem(number, line, e.getMessage()));
            }
        }
        return new ConntrackTable(entries, problems, reported);
    }

    /** "... 12 flow entries have been shown." / "1 flow entries has been deleted." */
    private static long trailerCount(String trimmed) {
        String rest = trimmed.substring(trimmed.indexOf(TRAILER_TOOLS) + TRAILER_TOOLS.length());
        int space = rest.indexOf(' ');
        if (space < 0 || !rest.startsWith(" flow entries ha", space)) {
            return -1;
        }
        return StateLines.unsignedDecimal(rest.substring(0, space));
    }

    /** One tuple being read. */
    private static final class TupleDraft {
        InetAddress source;
        InetAddress destination;
        int sourcePort = ConntrackTuple.ABSENT;
        int destinationPort = ConntrackTuple.ABSENT;
        int type = ConntrackTuple.ABSENT;
        int code = ConntrackTuple.ABSENT;
        int icmpId = ConntrackTuple.ABSENT;
        long packets = ConntrackTuple.ABSENT;
        long bytes = ConntrackTuple.ABSENT;

        ConntrackTuple build(String which) throws UnreadableLine {
            if (source == null || destination == null) {
                throw new UnreadableLine(which + " tuple without src= and dst=");
            }
            return new ConntrackTuple(source, destination, sourcePort, destinationPort, type, code, icmpId, packets,
                    bytes);
        }
    }

    private ConntrackEntry entry(int line, List<String> t) throws UnreadableLine {
        int i = 0;
        Instant eventTime = null;
        ConntrackEvent event = ConntrackEvent.NONE;
        if (t.get(i).startsWith("[") && t.get(i).endsWith("]") && t.get(i).length() > 2
                && Character.isDigit(t.get(i).charAt(1))) {
            eventTime = eventTime(t.get(i++));
        }
        if (i < t.size()) {
            switch (t.get(i)) {
                case "[NEW]": event = ConntrackEvent.NEW; i++; break;
                case "[UPDATE]": event = ConntrackEvent.UPDATE; i++; break;
                case "[DESTROY]": event = ConntrackEvent.DESTROY; i++; break;
                default: break;
            }
        }
        // /proc/net/nf_conntrack and -o extended: "ipv4 2 tcp 6 ..."
        if (i + 3 < t.size() && (t.get(i).equals("ipv4") || t.get(i).equals("ipv6"))) {
            i += 2;
        }
        if (i + 1 >= t.size()) {
            throw new UnreadableLine("not a conntrack entry: expected a protocol name and number");
        }
        String protocol = word(t.get(i++));
        long protocolNumber = StateLines.unsignedDecimal(t.get(i++));
        if (protocolNumber < 0 || protocolNumber > 255 || !isLowerWord(protocol)) {
            throw new UnreadableLine("not a conntrack entry: '" + protocol + " " + t.get(i - 1)
                    + "' is not a protocol name and number");
        }
        long timeout = ConntrackEntry.ABSENT;
        if (i < t.size() && StateLines.unsignedDecimal(t.get(i)) >= 0) {
            timeout = StateLines.unsignedDecimal(t.get(i++));
        }
        String state = null;
        if (i < t.size() && isStateWord(t.get(i))) {
            state = word(t.get(i++));
        }
        boolean icmp = protocolNumber == 1 || protocolNumber == 58;
        TupleDraft[] tuples = {new TupleDraft(), new TupleDraft()};
        int direction = -1;
        boolean unreplied = false;
        boolean assured = false;
        boolean offload = false;
        long mark = ConntrackEntry.ABSENT;
        long secmark = ConntrackEntry.ABSENT;
        long zone = ConntrackEntry.ABSENT;
        long use = ConntrackEntry.ABSENT;
        long id = ConntrackEntry.ABSENT;
        String secctx = null;
        List<String> labels = new ArrayList<>(0);
        List<String> extras = new ArrayList<>(0);
        for (; i < t.size(); i++) {
            String w = t.get(i);
            if (w.startsWith("[")) {
                StringBuilder flag = new StringBuilder(w);
                while (!flag.toString().endsWith("]") && i + 1 < t.size()) {
                    flag.append(' ').append(t.get(++i)); // [start=Thu Nov 21 15:04:05 2026]
                }
                switch (flag.toString()) {
                    case "[UNREPLIED]": unreplied = true; break;
                    case "[ASSURED]": assured = true; break;
                    case "[OFFLOAD]": case "[HW_OFFLOAD]": offload = true; break;
                    default: extras.add(flag.toString()); break;
                }
                continue;
            }
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new UnreadableLine("unexpected '" + w + "' in a conntrack entry");
            }
            String key = w.substring(0, eq);
            String value = w.substring(eq + 1);
            if (key.equals("src")) {
                if (++direction > 1) {
                    throw new UnreadableLine("a third src= in one entry");
                }
                tuples[direction].source = address(value);
                continue;
            }
            TupleDraft d = direction >= 0 ? tuples[direction] : null;
            switch (key) {
                case "dst": tupleOf(d, w).destination = address(value); break;
                case "sport": tupleOf(d, w).sourcePort = port(w, value); break;
                case "dport": tupleOf(d, w).destinationPort = port(w, value); break;
                case "type": tupleOf(d, w).type = (int) number(w, value, 255); break;
                case "code": tupleOf(d, w).code = (int) number(w, value, 255); break;
                case "packets": tupleOf(d, w).packets = number(w, value, Long.MAX_VALUE); break;
                case "bytes": tupleOf(d, w).bytes = number(w, value, Long.MAX_VALUE); break;
                case "id":
                    // ICMP tuples carry id= after type= code=; -o id adds the entry's id= at the end
                    if (icmp && d != null && d.type != ConntrackTuple.ABSENT && d.icmpId == ConntrackTuple.ABSENT
                            && mark == ConntrackEntry.ABSENT && use == ConntrackEntry.ABSENT) {
                        d.icmpId = (int) number(w, value, 65535);
                    } else {
                        id = number(w, value, Long.MAX_VALUE);
                    }
                    break;
                case "mark": mark = number(w, value, 0xFFFFFFFFL); break;
                case "secmark": secmark = number(w, value, 0xFFFFFFFFL); break;
                case "zone": zone = number(w, value, 65535); break;
                case "use": use = number(w, value, Long.MAX_VALUE); break;
                case "secctx": secctx = value; break;
                case "labels":
                    for (String l : value.split(",")) {
                        if (!l.isEmpty()) {
                            labels.add(l);
                        }
                    }
                    break;
                default: extras.add(w); break;
            }
        }
        if (direction < 1) {
            throw new UnreadableLine(direction < 0 ? "conntrack entry without tuples (no src=)"
                    : "conntrack entry without a reply tuple (only one src=)");
        }
        return new ConntrackEntry(line, event, eventTime, protocol, (int) protocolNumber, timeout, state,
                tuples[0].build("original"), tuples[1].build("reply"), unreplied, assured, offload, mark, secmark,
                secctx, zone, use, id, labels, extras);
    }

    private String word(String s) {
        String known = words.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private static TupleDraft tupleOf(TupleDraft d, String token) throws UnreadableLine {
        if (d == null) {
            throw new UnreadableLine("'" + token + "' before the first src=");
        }
        return d;
    }

    private InetAddress address(String text) throws UnreadableLine {
        InetAddress a = addresses.get(text);
        if (a == null) {
            a = InetLiteral.parse(text);
            if (a == null) {
                throw new UnreadableLine("'" + text + "' is not an IP address");
            }
            addresses.put(text, a);
        }
        return a;
    }

    private static int port(String token, String value) throws UnreadableLine {
        int p = StateLines.port(value);
        if (p < 0) {
            throw new UnreadableLine("'" + token + "' is not a port number");
        }
        return p;
    }

    private static long number(String token, String value, long max) throws UnreadableLine {
        long v = StateLines.unsignedDecimal(value);
        if (v < 0 || v > max) {
            throw new UnreadableLine("'" + token + "' is not a number up to " + max);
        }
        return v;
    }

    private static Instant eventTime(String token) throws UnreadableLine {
        Instant t = StateLines.epochSeconds(token.substring(1, token.length() - 1));
        if (t == null) {
            throw new UnreadableLine("'" + token + "' is not a [seconds.micros] event time");
        }
        return t;
    }

    private static boolean isLowerWord(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return !s.isEmpty() && Character.isLetter(s.charAt(0));
    }

    /** TCP, SCTP and DCCP states: ESTABLISHED, SYN_SENT, COOKIE_WAIT, ... */
    private static boolean isStateWord(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '_' && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return !s.isEmpty() && Character.isLetter(s.charAt(0));
    }
}
