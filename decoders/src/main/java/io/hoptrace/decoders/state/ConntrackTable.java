package io.hoptrace.decoders.state;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A node's conntrack entries (or events) with O(1) lookup of the entry a packet belongs to. Immutable; a class
 * rather than a record because it carries its hash index, which has no place in equals or toString.
 */
public final class ConntrackTable {
    private final List<ConntrackEntry> entries;
    private final List<LineProblem> problems;
    private final long reportedCount;
    private final ConntrackIndex index;

    ConntrackTable(List<ConntrackEntry> entries, List<LineProblem> problems, long reportedCount) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
        this.reportedCount = reportedCount;
        this.index = new ConntrackIndex(this.entries);
    }

    public List<ConntrackEntry> entries() {
        return entries;
    }

    public List<LineProblem> problems() {
        return problems;
    }

    /**
     * The count of conntrack's own trailer ("12 flow entries have been shown.", "1 flow entries has been
     * deleted."), or -1 without one. A count above {@code entries().size()} means lines were lost or cut.
     */
    public long reportedCount() {
        return reportedCount;
    }

    /** The entry a packet with this tuple belongs to (the newest if the file holds several), in either direction. */
    public Optional<ConntrackMatch> find(ConntrackKey key) {
        return Optional.ofNullable(index.find(key));
    }

    /** The entry of a TCP/UDP/SCTP packet from source:sourcePort to destination:destinationPort. */
    public Optional<ConntrackMatch> find(int protocol, InetAddress source, int sourcePort, InetAddress destination,
                                         int destinationPort) {
        return find(ConntrackKey.of(protocol, source, sourcePort, destination, destinationPort));
    }

    /** Every entry with this tuple, in file order (e.g. the NEW, UPDATE and DESTROY events of one flow). */
    public List<ConntrackMatch> findAll(ConntrackKey key) {
        return index.findAll(key);
    }

    @Override
    public String toString() {
        return "ConntrackTable[" + entries.size() + " entries, " + problems.size() + " problems]";
    }
}
