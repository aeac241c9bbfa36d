package io.hoptrace.decoders.state;

import java.util.List;

/**
 * One option of a rule as written: {@code ! -s 10.0.0.0/8} is ("", true, "-s", [10.0.0.0/8]);
 * {@code -m tcp --dport 80} is ("tcp", false, "--dport", [80]). Basic options (no module) use their short
 * form ({@code -s -d -p -i -o -f}) whatever spelling the line used. An unquoted multi-word comment keeps each
 * word as a value.
 */
public record IptablesMatch(String module, boolean negated, String option, List<String> values) {
    public IptablesMatch {
        values = List.copyOf(values);
    }

    /** The values joined by single spaces ({@code ""} for a flag). */
    public String value() {
        return values.size() == 1 ? values.get(0) : String.join(" ", values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!module.isEmpty()) {
            sb.append("-m ").append(module).append(' ');
        }
        if (negated) {
            sb.append("! ");
        }
        sb.append(option);
        for (String v : values) {
            sb.append(' ').append(v);
        }
        return sb.toString();
    }
}
