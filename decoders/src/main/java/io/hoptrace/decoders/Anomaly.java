package io.hoptrace.decoders;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registered protocol anomaly ("weird" in Zeek, "expert info" in Wireshark): typed, with a stable id such as
 * {@code ipv4.total-length.bad}. Decoding continues after an anomaly; the dissection records where it was.
 * Each decoder registers its own anomalies as {@code static final} fields.
 */
public final class Anomaly {
    public enum Group { MALFORMED, TRUNCATED, PROTOCOL, SEQUENCE }

    public enum Severity { NOTE, WARNING, ERROR }

    private static final Map<String, Anomaly> REGISTRY = new ConcurrentHashMap<>();

    private final String id;
    private final Group group;
    private final Severity severity;
    private final String description;

    private Anomaly(String id, Group group, Severity severity, String description) {
        this.id = id;
        this.group = group;
        this.severity = severity;
        this.description = description;
    }

    /** Registers an anomaly; ids are unique, registering the same id twice is a programming error. */
    public static Anomaly register(String id, Group group, Severity severity, String description) {
        Anomaly a = new Anomaly(id, group, severity, description);
        if (REGISTRY.putIfAbsent(id, a) != null) {
            throw new IllegalStateException("anomaly registered twice: " + id);
        }
        return a;
    }

    public static Anomaly byId(String id) {
        return REGISTRY.get(id);
    }

    public static Collection<Anomaly> all() {
        return Collections.unmodifiableCollection(REGISTRY.values());
    }

    public String id() {
        return id;
    }

    public Group group() {
        return group;
    }

    public Severity severity() {
        return severity;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return id;
    }
}
