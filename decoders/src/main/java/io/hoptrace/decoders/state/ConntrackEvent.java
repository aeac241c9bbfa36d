package io.hoptrace.decoders.state;

/** The event tag of a {@code conntrack -E} line; NONE for a table listing ({@code conntrack -L}, /proc). */
public enum ConntrackEvent {
    NONE, NEW, UPDATE, DESTROY
}
