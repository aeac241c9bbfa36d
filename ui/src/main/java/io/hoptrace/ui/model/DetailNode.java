package io.hoptrace.ui.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A line of the packet-details tree: the frame, a layer, a field or an anomaly, with the bytes it covers (offset
 * from the start of the frame; length 0 when it has no bytes of its own, offset -1 when they are not in the frame).
 */
public final class DetailNode {
    public enum Kind { FRAME, LAYER, FIELD, ANOMALY, FINDING }

    private final Kind kind;
    private final String label;
    private final int offset;
    private final int length;
    private final Severity severity;
    private final List<DetailNode> children = new ArrayList<>();

    public DetailNode(Kind kind, String label, int offset, int length, Severity severity) {
        this.kind = kind;
        this.label = label;
        this.offset = offset;
        this.length = length;
        this.severity = severity;
    }

    DetailNode add(DetailNode child) {
        children.add(child);
        return child;
    }

    public Kind kind() {
        return kind;
    }

    public String label() {
        return label;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public Severity severity() {
        return severity;
    }

    public List<DetailNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** The first node (depth first) whose label starts with {@code prefix}, or null. */
    public DetailNode find(String prefix) {
        if (label.startsWith(prefix)) {
            return this;
        }
        for (DetailNode c : children) {
            DetailNode f = c.find(prefix);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
