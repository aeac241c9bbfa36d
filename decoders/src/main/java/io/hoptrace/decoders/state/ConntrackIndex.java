package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash index over both tuples of every entry, so finding the entry of a packet is O(1) on tables of 100k+
 * entries. Several entries can share a tuple (two snapshots in one file, NEW/UPDATE/DESTROY events of one flow):
 * each key keeps a chain, newest first.
 */
final class ConntrackIndex {
    private final List<ConntrackEntry> entries;
    private final Map<ConntrackKey, Integer> originalHeads;
    private final Map<ConntrackKey, Integer> replyHeads;
    private final int[] nextOriginal;
    private final int[] nextReply;

    ConntrackIndex(List<ConntrackEntry> entries) {
        this.entries = entries;
        int n = entries.size();
        originalHeads = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
        replyHeads = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
        nextOriginal = new int[n];
        nextReply = new int[n];
        for (int i = 0; i < n; i++) {
            ConntrackEntry e = entries.get(i);
            Integer previous = originalHeads.put(e.original().key(e.protocolNumber()), i);
            nextOriginal[i] = previous == null ? -1 : previous;
            previous = replyHeads.put(e.reply().key(e.protocolNumber()), i);
            nextReply[i] = previous == null ? -1 : previous;
        }
    }

    /** The newest entry with this tuple, original direction first. */
    ConntrackMatch find(ConntrackKey key) {
        Integer i = originalHeads.get(key);
        if (i != null) {
            return new ConntrackMatch(entries.get(i), ConntrackDirection.ORIGINAL);
        }
        i = replyHeads.get(key);
        return i == null ? null : new ConntrackMatch(entries.get(i), ConntrackDirection.REPLY);
    }

    /** Every entry with this tuple in either direction, in file order. */
    List<ConntrackMatch> findAll(ConntrackKey key) {
        List<ConntrackMatch> out = new ArrayList<>();
        collect(originalHeads.get(key), nextOriginal, ConntrackDirection.ORIGINAL, out);
        collect(replyHeads.get(key), nextReply, ConntrackDirection.REPLY, out);
        out.sort((a, b) -> Integer.compare(a.entry().line(), b.entry().line()));
        return Collections.unmodifiableList(out);
    }

    private void collect(Integer head, int[] next, ConntrackDirection d, List<ConntrackMatch> out) {
        for (int i = head == null ? -1 : head; i >= 0; i = next[i]) {
            out.add(new ConntrackMatch(entries.get(i), d));
        }
    }
}
