package io.hoptrace.rules;

import java.util.Objects;
import java.util.function.Function;

/**
 * A tunable number a rule compares against, declared as a constant next to the rule that reads it:
 * <pre>{@code static final Threshold<Double> FILL = Threshold.ofDouble("conntrack.table-full.fill", 0.9,
 *         "share of nf_conntrack_max in use that counts as full");}</pre>
 * Its key is the rule id plus a name; {@code hoptrace analyze --threshold KEY=VALUE} overrides the default.
 */
public final class Threshold<T> {
    private final String key;
    private final T defaultValue;
    private final String description;
    private final Function<String, T> parser;

    private Threshold(String key, T defaultValue, String description, Function<String, T> parser) {
        this.key = Objects.requireNonNull(key);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.description = description;
        this.parser = parser;
    }

    public static Threshold<Long> ofLong(String key, long defaultValue, String description) {
        return new Threshold<>(key, defaultValue, description, s -> Long.parseLong(s.trim()));
    }

    public static Threshold<Double> ofDouble(String key, double defaultValue, String description) {
        return new Threshold<>(key, defaultValue, description, s -> Double.parseDouble(s.trim()));
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The value of {@code text}; IllegalArgumentException naming the key when it is not a number. */
    public T parse(String text) {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("threshold " + key + ": not a number: '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return key + "=" + defaultValue;
    }
}
