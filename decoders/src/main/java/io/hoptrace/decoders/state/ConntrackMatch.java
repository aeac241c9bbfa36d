package io.hoptrace.decoders.state;

/** A conntrack entry a packet belongs to, and whether the packet travels in its original or reply direction. */
public record ConntrackMatch(ConntrackEntry entry, ConntrackDirection direction) {
}
