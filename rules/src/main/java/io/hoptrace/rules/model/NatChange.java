package io.hoptrace.rules.model;

/**
 * An address rewrite between two hops of one packet: DNAT changed the destination (a Service VIP to a pod), SNAT
 * the source (masquerade). {@code before} is what the previous hop saw, {@code after} what this hop sees.
 */
public record NatChange(Kind kind, Endpoint before, Endpoint after) {
    public enum Kind {
        DNAT, SNAT;

        public String key() {
            return this == DNAT ? "dnat" : "snat";
        }
    }

    /** {@code DNAT 10.96.88.10:80 -> 10.244.1.10:8080}. */
    @Override
    public String toString() {
        return kind + " " + before + " -> " + after;
    }
}
