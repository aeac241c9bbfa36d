package io.hoptrace.rules.model;

/** Whether the capture saw the packet arrive on the interface or leave it ({@code tcpdump -i any} knows). */
public enum Direction {
    IN, OUT, UNKNOWN;

    public String key() {
        return switch (this) {
            case IN -> "in";
            case OUT -> "out";
            case UNKNOWN -> "?";
        };
    }
}
