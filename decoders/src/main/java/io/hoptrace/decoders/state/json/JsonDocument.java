package io.hoptrace.decoders.state.json;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A parsed JSON document: the root value and where each object and array starts, so a reader of the values can
 * say "the interface at line 3, column 5 has no ifname". Positions are kept by identity for maps and lists only
 * (small numbers and strings may be shared instances).
 */
public final class JsonDocument {
    private final Object root;
    private final Map<Object, JsonPosition> positions;

    JsonDocument(Object root, IdentityHashMap<Object, JsonPosition> positions) {
        this.root = root;
        this.positions = positions;
    }

    /** Map, List, String, Long, BigInteger, Double, Boolean or null. */
    public Object root() {
        return root;
    }

    /** The start of an object or array of this document, or null for any other value. */
    public JsonPosition positionOf(Object containerValue) {
        return positions.get(containerValue);
    }
}
