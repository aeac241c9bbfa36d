package io.hoptrace.rules;

import java.util.Locale;

/** How bad a finding is. Ordered: {@code ERROR} is worst. */
public enum Severity {
    /** Worth knowing; nothing is broken (a hairpin that works, a session shut down on purpose). */
    INFO,
    /** Works now but costs something or will break under load (fragmentation, a client IP lost to SNAT). */
    WARNING,
    /** Packets are lost or a connection fails (a black hole, a BGP session gone). */
    ERROR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** {@code info}, {@code warning} or {@code error}, any case; IllegalArgumentException naming the choices. */
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.key().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "' (expected info, warning or error)");
    }
}
