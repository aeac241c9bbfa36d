package io.hoptrace.decoders.state;

/** Which tuple of an entry a packet matched: the first packet's direction, or the answer's. */
public enum ConntrackDirection {
    ORIGINAL, REPLY
}
