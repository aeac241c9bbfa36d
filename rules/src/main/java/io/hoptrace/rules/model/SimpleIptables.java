package io.hoptrace.rules.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link IptablesView} over {@code iptables-save} text (legacy or nft, with or without {@code -c}): tables, chains
 * and {@code -A} lines with their counters. It interprets no matches: rules read the text (kube-proxy writes
 * predictable rules) and the full parser can replace this behind the interface.
 */
public final class SimpleIptables implements IptablesView {
    private final Map<String, Map<String, List<IptablesLine>>> tables = new LinkedHashMap<>();
    private final Map<String, Set<String>> chains = new LinkedHashMap<>();

    private SimpleIptables() {
    }

    public static SimpleIptables parse(String text) {
        SimpleIptables t = new SimpleIptables();
        String table = "filter";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith("*")) {
                table = line.substring(1).strip();
                t.chains.computeIfAbsent(table, k -> new LinkedHashSet<>());
                continue;
            }
            if (line.startsWith(":")) {
                int sp = line.indexOf(' ');
                t.chains.computeIfAbsent(table, k -> new LinkedHashSet<>())
                        .add(sp < 0 ? line.substring(1) : line.substring(1, sp));
                continue;
            }
            long packets = -1;
            long bytes = -1;
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                int colon = line.indexOf(':');
                if (close > 0 && colon > 0 && colon < close) {
                    try {
                        packets = Long.parseLong(line.substring(1, colon));
                        bytes = Long.parseLong(line.substring(colon + 1, close));
                    } catch (NumberFormatException e) {
                        packets = -1;
                        bytes = -1;
                    }
                    line = line.substring(close + 1).strip();
                }
            }
            if (!line.startsWith("-A ")) {
                continue;
            }
            String rest = line.substring(3).strip();
            int sp = rest.indexOf(' ');
            String chain = sp < 0 ? rest : rest.substring(0, sp);
            t.chains.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(chain);
            List<IptablesLine> rules = t.tables.computeIfAbsent(table, k -> new LinkedHashMap<>())
                    .computeIfAbsent(chain, k -> new ArrayList<>());
            rules.add(new IptablesLine(table, chain, rules.size() + 1, line, packets, bytes));
        }
        return t;
    }

    @Override
    public List<IptablesLine> rules(String table, String chain) {
        Map<String, List<IptablesLine>> t = tables.get(table);
        List<IptablesLine> r = t == null ? null : t.get(chain);
        return r == null ? List.of() : List.copyOf(r);
    }

    @Override
    public Set<String> chains(String table) {
        Set<String> c = chains.get(table);
        return c == null ? Set.of() : Set.copyOf(c);
    }

    @Override
    public int ruleCount(String table) {
        Map<String, List<IptablesLine>> t = tables.get(table);
        return t == null ? 0 : t.values().stream().mapToInt(List::size).sum();
    }
}
