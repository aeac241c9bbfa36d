package io.hoptrace.decoders.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code iptables-save} output (legacy and nft, with {@code -c} counters, header and footer comments) and
 * {@code iptables-restore} input as kube-proxy writes it (no {@code /32}, matches in its own order, {@code -X}
 * deletions, jumps to chains declared elsewhere). A line it cannot read is reported with its number and skipped;
 * a line it can read but that looks wrong is kept and reported. Never throws on content.
 */
public final class IptablesSaveParser {
    /** Rules read before any {@code *table} line (excerpts) are put in this table. */
    public static final String ASSUMED_TABLE = "nat";

    private final List<IptablesTable> tables = new ArrayList<>();
    private final List<IptablesProblem> problems = new ArrayList<>();
    private final IptablesTokens tokens = new IptablesTokens();
    private TableBuilder table;
    private int lineNumber;
    private String lineText;
    private int lineStart;
    private int lineEnd;
    private String line;

    private IptablesSaveParser() {
    }

    public static IptablesDump parse(String text) {
        IptablesSaveParser p = new IptablesSaveParser();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            p.line(text, start, end);
            start = end + 1;
        }
        return p.finish();
    }

    public static IptablesDump parse(Reader reader) throws IOException {
        IptablesSaveParser p = new IptablesSaveParser();
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        for (String l = br.readLine(); l != null; l = br.readLine()) {
            p.line(l, 0, l.length());
        }
        return p.finish();
    }

    private IptablesDump finish() {
        if (table != null) {
            if (table.startLine > 0) {
                problems.add(new IptablesProblem(lineNumber, "", "table " + table.name + " ends without COMMIT",
                        false));
            }
            closeTable(false);
        }
        return new IptablesDump(tables, problems, lineNumber);
    }

    /** One line, {@code text[start, end)}; the line's text is only copied once, after the counter prefix. */
    private void line(String text, int start, int end) {
        lineNumber++;
        lineText = text;
        lineStart = start;
        lineEnd = end;
        line = null;
        int a = start;
        int b = end;
        while (a < b && Character.isWhitespace(text.charAt(a))) {
            a++;
        }
        while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
            b--;
        }
        if (a == b || text.charAt(a) == '#') {
            return;
        }
        IptablesCounters counters = null;
        if (text.charAt(a) == '[') {
            int close = text.indexOf(']', a);
            counters = close < 0 || close >= b ? null : IptablesCounters.parse(text, a, close + 1);
            if (counters == null) {
                skip("counters prefix is not [packets:bytes]");
                return;
            }
            a = close + 1;
            while (a < b && Character.isWhitespace(text.charAt(a))) {
                a++;
            }
        }
        String s = text.substring(a, b);
        char c = s.isEmpty() ? ' ' : s.charAt(0);
        if (c == '*') {
            startTable(s.substring(1).strip());
        } else if (s.equals("COMMIT")) {
            if (table == null) {
                skip("COMMIT outside a table");
            } else {
                closeTable(true);
            }
        } else if (c == ':') {
            declareChain(s);
        } else if (c == '-') {
            command(s, counters);
        } else {
            skip("not an iptables-save line");
        }
    }

    private void startTable(String name) {
        if (name.isEmpty() || name.indexOf(' ') >= 0) {
            skip("table line without a single table name");
            return;
        }
        if (table != null) {
            problems.add(new IptablesProblem(lineNumber, currentLine(), "table " + table.name + " not committed before *"
                    + name, false));
            closeTable(false);
        }
        table = new TableBuilder(name, lineNumber);
    }

    private void closeTable(boolean committed) {
        Map<String, IptablesChain> chains = new LinkedHashMap<>();
        for (ChainBuilder cb : table.chains.values()) {
            chains.put(cb.name, new IptablesChain(cb.name, cb.policy, cb.counters, cb.declaredAt, cb.rules));
        }
        tables.add(new IptablesTable(table.name, chains, table.deleted, table.startLine, committed));
        table = null;
    }

    private TableBuilder currentTable() {
        if (table == null) {
            problems.add(new IptablesProblem(lineNumber, currentLine(), "no *table line before this; assumed *"
                    + ASSUMED_TABLE, false));
            table = new TableBuilder(ASSUMED_TABLE, 0);
        }
        return table;
    }

    private void declareChain(String s) {
        String[] parts = IptablesTokens.words(s.substring(1));
        if (parts.length == 0 || parts[0].isEmpty() || parts.length > 3) {
            skip("chain line is not ':NAME POLICY [packets:bytes]'");
            return;
        }
        IptablesCounters counters = null;
        if (parts.length == 3) {
            counters = IptablesCounters.parse(parts[2]);
            if (counters == null) {
                skip("chain counters '" + parts[2] + "' are not [packets:bytes]");
                return;
            }
        }
        ChainBuilder cb = currentTable().chain(parts[0]);
        cb.declaredAt = lineNumber;
        cb.policy = parts.length < 2 || parts[1].equals("-") ? null : parts[1];
        cb.counters = counters;
    }

    private void command(String s, IptablesCounters counters) {
        if (!tokens.split(s)) {
            skip("unterminated quote");
            return;
        }
        String cmd = tokens.get(0);
        String chainName = tokens.size() > 1 && !tokens.quoted(1) ? tokens.get(1) : null;
        switch (cmd) {
            case "-A", "--append", "-I", "--insert" -> {
                if (chainName == null || chainName.startsWith("-")) {
                    skip(cmd + " without a chain name");
                    return;
                }
                int from = 2;
                int insertAt = -1;
                if (cmd.startsWith("-I") || cmd.equals("--insert")) {
                    insertAt = 0;
                    if (tokens.size() > 2 && IptablesConditions.number(tokens.get(2)) > 0) {
                        insertAt = (int) IptablesConditions.number(tokens.get(2)) - 1;
                        from = 3;
                    }
                }
                rule(chainName, from, s, counters, insertAt);
            }
            case "-N", "--new-chain" -> {
                if (chainName == null) {
                    skip("-N without a chain name");
                } else {
                    currentTable().chain(chainName).declaredAt = lineNumber;
                }
            }
            case "-X", "--delete-chain" -> {
                TableBuilder t = currentTable();
                if (chainName == null) {
                    t.deleted.addAll(t.chains.keySet());
                    t.chains.clear();
                } else {
                    t.chains.remove(chainName);
                    t.deleted.add(chainName);
                }
            }
            case "-F", "--flush" -> {
                TableBuilder t = currentTable();
                for (ChainBuilder cb : t.chains.values()) {
                    if (chainName == null || cb.name.equals(chainName)) {
                        cb.rules.clear();
                    }
                }
            }
            case "-P", "--policy" -> {
                if (chainName == null || tokens.size() < 3) {
                    skip("-P without chain and policy");
                } else {
                    currentTable().chain(chainName).policy = tokens.get(2);
                }
            }
            case "-Z", "--zero" -> {
                // counters are zeroed in the kernel; nothing to record
            }
            default -> skip("unknown command " + cmd);
        }
    }

    private void rule(String chainName, int from, String raw, IptablesCounters lineCounters, int insertAt) {
        List<IptablesMatch> matches = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        List<IptablesTarget.Option> targetOptions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        IptablesCounters counters = lineCounters;
        String module = "";
        String protocolModule = "";
        String targetName = null;
        boolean isGoto = false;
        boolean negate = false;
        boolean inTarget = false;
        int i = from;
        int n = tokens.size();
        while (i < n) {
            String tok = tokens.get(i);
            if (tokens.quoted(i) || !IptablesTokens.isOption(tok) && !tok.equals("!")) {
                notes.add("stray word '" + tok + "'");
                i++;
                continue;
            }
            if (tok.equals("!")) {
                negate = true;
                i++;
                continue;
            }
            switch (tok) {
                case "-m", "--match" -> {
                    if (i + 1 >= n) {
                        skip("-m without a module name");
                        return;
                    }
                    module = name(tokens.get(i + 1));
                    modules.add(module);
                    inTarget = false;
                    i += 2;
                    negate = false;
                    continue;
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    if (i + 1 >= n) {
                        skip(tok + " without a target");
                        return;
                    }
                    targetName = name(tokens.get(i + 1));
                    isGoto = tok.equals("-g") || tok.equals("--goto");
                    inTarget = true;
                    i += 2;
                    continue;
                }
                case "-c", "--set-counters" -> {
                    IptablesCounters c = i + 2 < n ? IptablesCounters.parse("[" + tokens.get(i + 1) + ":"
                            + tokens.get(i + 2) + "]") : null;
                    if (c == null) {
                        notes.add("-c without two counter values");
                        i++;
                    } else {
                        counters = c;
                        i += 3;
                    }
                    continue;
                }
                default -> {
                }
            }
            String basic = basicOption(tok);
            if (basic != null) {
                if (basic.equals("-f")) {
                    matches.add(new IptablesMatch("", negate, "-f", List.of()));
                    i++;
                } else {
                    int[] next = {i + 1};
                    boolean neg = negate | oldStyleNegation(next);
                    if (next[0] >= n) {
                        skip(tok + " without a value");
                        return;
                    }
                    String value = tokens.get(next[0]);
                    matches.add(new IptablesMatch("", neg, basic, List.of(value)));
                    if (basic.equals("-p")) {
                        protocolModule = name(value.toLowerCase(java.util.Locale.ROOT));
                    }
                    i = next[0] + 1;
                }
                inTarget = false;
                negate = false;
                continue;
            }
            // a --long option: belongs to the target once -j was seen, else to the current module
            int[] next = {i + 1};
            boolean neg = negate | oldStyleNegation(next);
            List<String> values = new ArrayList<>();
            int j = next[0];
            while (j < n && (tokens.quoted(j) || !IptablesTokens.isOption(tokens.get(j)) && !tokens.get(j).equals("!"))) {
                values.add(tokens.get(j));
                j++;
            }
            if (inTarget) {
                targetOptions.add(new IptablesTarget.Option(name(tok), values));
            } else {
                String owner = !module.isEmpty() ? module : protocolModule;
                matches.add(new IptablesMatch(owner, neg, name(tok), values));
            }
            negate = false;
            i = j;
        }
        IptablesTarget target = targetName == null ? null : new IptablesTarget(targetName, isGoto, targetOptions);
        TableBuilder t = currentTable();
        IptablesRule r = new IptablesRule(t.name, chainName, lineNumber, raw, counters, matches, modules, target);
        List<IptablesRule> rules = t.chain(chainName).rules;
        if (insertAt >= 0) {
            rules.add(Math.min(insertAt, rules.size()), r);
        } else {
            rules.add(r);
        }
        notes.addAll(r.issues());
        if (!notes.isEmpty()) {
            problems.add(new IptablesProblem(lineNumber, currentLine(), String.join("; ", notes), false));
        }
    }

    /** iptables 1.4 also accepted {@code --opt ! value}; consumes that {@code !} and says whether it was there. */
    private boolean oldStyleNegation(int[] next) {
        int k = next[0];
        if (k + 1 < tokens.size() && tokens.get(k).equals("!") && !tokens.quoted(k) && !IptablesTokens.isOption(tokens.get(k + 1))) {
            next[0] = k + 1;
            return true;
        }
        return false;
    }

    /** Option, module and target names repeat on every rule: keep one copy of each. */
    private final Map<String, String> names = new java.util.HashMap<>();

    private String name(String s) {
        String c = names.putIfAbsent(s, s);
        return c == null ? s : c;
    }

    private static String basicOption(String tok) {
        return switch (tok) {
            case "-s", "--source", "--src" -> "-s";
            case "-d", "--destination", "--dst" -> "-d";
            case "-p", "--protocol" -> "-p";
            case "-i", "--in-interface" -> "-i";
            case "-o", "--out-interface" -> "-o";
            case "-f", "--fragment" -> "-f";
            default -> null;
        };
    }

    /** The current line as read (copied only when a problem needs it). */
    private String currentLine() {
        if (line == null) {
            line = lineText.substring(lineStart, lineEnd);
        }
        return line;
    }

    private void skip(String message) {
        problems.add(new IptablesProblem(lineNumber, currentLine(), message, true));
    }

    private static final class TableBuilder {
        final String name;
        final int startLine;
        final Map<String, ChainBuilder> chains = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();

        TableBuilder(String name, int startLine) {
            this.name = name;
            this.startLine = startLine;
        }

        ChainBuilder chain(String chainName) {
            return chains.computeIfAbsent(chainName, ChainBuilder::new);
        }
    }

    private static final class ChainBuilder {
        final String name;
        final List<IptablesRule> rules = new ArrayList<>();
        String policy;
        IptablesCounters counters;
        int declaredAt;

        ChainBuilder(String name) {
            this.name = name;
        }
    }
}
