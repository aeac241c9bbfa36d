package io.hoptrace.rules.engine;

import io.hoptrace.rules.model.Encap;

import java.util.List;

/** One sighting of a kept journey, as primitives until the view is built. */
final class HopData {
    int point;
    long timeNanos;
    int source;
    long number;
    List<Encap> encap;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int sport;
    int dport;
    int length;
    int ttl;
    boolean fragment;
    /** a fragment after the first: it does not count as the datagram's own visit of this point */
    boolean laterFragment;
}
