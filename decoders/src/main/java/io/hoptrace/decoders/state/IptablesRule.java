package io.hoptrace.decoders.state;

import io.hoptrace.decoders.state.IptablesConditions.AddrType;
import io.hoptrace.decoders.state.IptablesConditions.Address;
import io.hoptrace.decoders.state.IptablesConditions.CtState;
import io.hoptrace.decoders.state.IptablesConditions.Interface;
import io.hoptrace.decoders.state.IptablesConditions.Mark;
import io.hoptrace.decoders.state.IptablesConditions.Ports;
import io.hoptrace.decoders.state.IptablesConditions.Recent;
import io.hoptrace.decoders.state.IptablesConditions.Statistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code -A CHAIN ...} line: where it came from (line number, raw text, counters), its matches in order
 * as written, its target, and typed views of the matches kube-proxy uses. Matches the typed view does not model
 * ({@code -m set}, {@code -m physdev}, {@code --tcp-flags}...) are listed by {@link #untypedMatches()}, so a
 * reader can tell "not modelled" from "not present". Immutable.
 */
public final class IptablesRule {
    /** Modules whose options never decide a match (accounting, annotation). */
    private static final Set<String> NEUTRAL_MODULES = Set.of("comment", "nfacct");

    private final String table;
    private final String chain;
    private final int lineNumber;
    private final String raw;
    private final IptablesCounters counters;
    private final List<IptablesMatch> matches;
    private final List<String> modules;
    private final IptablesTarget target;
    // most rules have neither: allocated on first use (a 5,000-Service node has 70,000 rules)
    private List<String> issues = List.of();
    private List<IptablesMatch> untyped = List.of();

    private Address source;
    private Address destination;
    private String protocol;
    private boolean protocolNegated;
    private Interface inInterface;
    private Interface outInterface;
    private Ports sourcePorts;
    private Ports destinationPorts;
    private String comment;
    private Statistic statistic;
    private Mark mark;
    private AddrType sourceType;
    private AddrType destinationType;
    private Recent recent;
    private CtState ctState;
    private boolean tcpSyn;

    IptablesRule(String table, String chain, int lineNumber, String raw, IptablesCounters counters,
                 List<IptablesMatch> matches, List<String> modules, IptablesTarget target) {
        this.table = table;
        this.chain = chain;
        this.lineNumber = lineNumber;
        this.raw = raw;
        this.counters = counters;
        this.matches = List.copyOf(matches);
        this.modules = List.copyOf(modules);
        this.target = target;
        type();
    }

    private void type() {
        String statMode = null;
        double probability = Double.NaN;
        int every = 0;
        int packet = 0;
        boolean statNegated = false;
        String recentName = "DEFAULT";
        String recentAction = null;
        int recentSeconds = -1;
        boolean recentReap = false;
        boolean recentSource = true;
        boolean recentNegated = false;
        for (IptablesMatch m : matches) {
            String v = m.value();
            boolean typed = true;
            switch (key(m)) {
                case "-s" -> source = address(m);
                case "-d" -> destination = address(m);
                case "-p" -> {
                    protocol = v.toLowerCase(Locale.ROOT);
                    protocolNegated = m.negated();
                }
                case "-i" -> inInterface = new Interface(v, m.negated());
                case "-o" -> outInterface = new Interface(v, m.negated());
                case "tcp --dport", "tcp --destination-port", "udp --dport", "udp --destination-port",
                        "sctp --dport", "sctp --destination-port", "multiport --dports",
                        "multiport --destination-ports" -> destinationPorts = ports(m);
                case "tcp --sport", "tcp --source-port", "udp --sport", "udp --source-port", "sctp --sport",
                        "sctp --source-port", "multiport --sports", "multiport --source-ports" -> sourcePorts = ports(m);
                case "tcp --syn" -> tcpSyn = !m.negated();
                case "comment --comment" -> comment = v;
                case "statistic --mode" -> {
                    statMode = v;
                    statNegated |= m.negated();
                }
                case "statistic --probability" -> {
                    statNegated |= m.negated();
                    try {
                        probability = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        issue("statistic probability '" + v + "' is not a number");
                    }
                    if (!(probability >= 0 && probability <= 1)) {
                        issue("statistic probability '" + v + "' is outside 0..1");
                        probability = Double.NaN;
                    }
                }
                case "statistic --every" -> every = (int) Math.max(0, IptablesConditions.number(v));
                case "statistic --packet" -> packet = (int) Math.max(0, IptablesConditions.number(v));
                case "mark --mark" -> {
                    long[] vm = IptablesConditions.valueMask(v);
                    if (vm == null) {
                        issue("mark '" + v + "' is not value[/mask]");
                        typed = false;
                    } else {
                        mark = new Mark(vm[0], vm[1], m.negated());
                    }
                }
                case "addrtype --src-type" -> sourceType = new AddrType(IptablesConditions.upperList(v), m.negated());
                case "addrtype --dst-type" -> destinationType = new AddrType(IptablesConditions.upperList(v),
                        m.negated());
                case "conntrack --ctstate", "state --state" -> ctState = new CtState(IptablesConditions.upperList(v),
                        m.negated());
                case "recent --name" -> recentName = v;
                case "recent --set", "recent --rcheck", "recent --update", "recent --remove" -> {
                    recentAction = m.option().substring(2);
                    recentNegated = m.negated();
                }
                case "recent --seconds" -> recentSeconds = (int) IptablesConditions.number(v);
                case "recent --reap" -> recentReap = true;
                case "recent --rsource" -> recentSource = true;
                case "recent --rdest" -> recentSource = false;
                case "recent --mask" -> {
                    // kube-proxy always writes the all-ones mask; any other value changes nothing we model
                }
                default -> typed = NEUTRAL_MODULES.contains(m.module());
            }
            if (!typed) {
                if (untyped.isEmpty()) {
                    untyped = new ArrayList<>(2);
                }
                untyped.add(m);
            }
        }
        if (statMode != null) {
            statistic = new Statistic(statMode, Double.isNaN(probability) ? 0 : probability, every, packet,
                    statNegated);
            if (statMode.equals("random") && Double.isNaN(probability)) {
                issue("statistic --mode random without a readable --probability");
            }
        }
        if (recentAction != null) {
            recent = new Recent(recentName, recentAction, recentSeconds, recentReap, recentSource, recentNegated);
        }
        if (target != null && (target.name().equals("DNAT") || target.name().equals("SNAT"))) {
            List<IptablesTarget.NatDestination> dests = target.natDestinations();
            if (dests.isEmpty()) {
                issue(target.name() + " without --to-destination/--to-source");
            }
            for (IptablesTarget.NatDestination d : dests) {
                if (d.address() == null) {
                    issue(target.name() + " destination '" + d.text() + "' has no address");
                }
            }
            if (dests.size() > 1) {
                issue(target.name() + " has " + dests.size() + " destinations");
            }
        }
    }

    /** "module option" without building a new string for the common cases. */
    private static String key(IptablesMatch m) {
        String mod = m.module();
        String opt = m.option();
        if (mod.isEmpty()) {
            return opt;
        }
        switch (mod) {
            case "comment":
                return opt.equals("--comment") ? "comment --comment" : mod + " " + opt;
            case "tcp":
                return opt.equals("--dport") ? "tcp --dport" : mod + " " + opt;
            default:
                return mod + " " + opt;
        }
    }

    private void issue(String text) {
        if (issues.isEmpty()) {
            issues = new ArrayList<>(2);
        }
        issues.add(text);
    }

    private Address address(IptablesMatch m) {
        String v = m.value();
        IpPrefix p = IpPrefix.parse(v);
        if (p == null) {
            issue("address '" + v + "' is not an IP address or prefix");
        }
        return new Address(v, p, m.negated());
    }

    private Ports ports(IptablesMatch m) {
        Ports p = Ports.parse(m.value(), m.negated());
        if (p == null) {
            issue("port '" + m.value() + "' is not a port, range or list");
        }
        return p;
    }

    public String table() {
        return table;
    }

    public String chain() {
        return chain;
    }

    /** 1-based line in the input. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The line as read, without the counter prefix and surrounding blanks. */
    public String raw() {
        return raw;
    }

    /** {@code [packets:bytes]} when the dump has them ({@code iptables-save -c}), else null. */
    public IptablesCounters counters() {
        return counters;
    }

    public List<IptablesMatch> matches() {
        return matches;
    }

    /** The {@code -m} modules in the order written. */
    public List<String> modules() {
        return modules;
    }

    /** Null for a rule without {@code -j}/{@code -g} (it only counts packets). */
    public IptablesTarget target() {
        return target;
    }

    /** Things in this line that were read but do not make sense (a DNAT without an address, a bad CIDR). */
    public List<String> issues() {
        return issues.isEmpty() ? List.of() : List.copyOf(issues);
    }

    /** Matches the typed view does not model; a tracer cannot decide them. */
    public List<IptablesMatch> untypedMatches() {
        return untyped.isEmpty() ? List.of() : List.copyOf(untyped);
    }

    public boolean hasUntypedMatches() {
        return !untyped.isEmpty();
    }

    public Address source() {
        return source;
    }

    public Address destination() {
        return destination;
    }

    /** Lower-case protocol name or number ({@code tcp}, {@code udp}, {@code 6}), or null for any. */
    public String protocol() {
        return protocol;
    }

    public boolean protocolNegated() {
        return protocolNegated;
    }

    public Interface inInterface() {
        return inInterface;
    }

    public Interface outInterface() {
        return outInterface;
    }

    public Ports sourcePorts() {
        return sourcePorts;
    }

    public Ports destinationPorts() {
        return destinationPorts;
    }

    /** {@code -m comment --comment}, unquoted, or null. */
    public String comment() {
        return comment;
    }

    public Statistic statistic() {
        return statistic;
    }

    public Mark mark() {
        return mark;
    }

    public AddrType sourceType() {
        return sourceType;
    }

    public AddrType destinationType() {
        return destinationType;
    }

    public Recent recent() {
        return recent;
    }

    public CtState ctState() {
        return ctState;
    }

    /** {@code --syn}: matches only a TCP segment with SYN set and ACK, RST, FIN clear. */
    public boolean tcpSyn() {
        return tcpSyn;
    }

    /** The jump/goto target name, or null. */
    public String targetName() {
        return target == null ? null : target.name();
    }

    @Override
    public String toString() {
        return lineNumber + ": " + raw;
    }
}
