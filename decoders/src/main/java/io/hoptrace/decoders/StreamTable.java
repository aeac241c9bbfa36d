package io.hoptrace.decoders;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * State kept across frames for one decoding pass, keyed by stream (for example the bytes of a BGP message that
 * continues in the next TCP segment). Bounded: the least recently used stream is forgotten past
 * {@link #MAX_STREAMS}, so memory grows with live streams, never with packets. Not thread-safe: one per pass.
 */
public final class StreamTable {
    public static final int MAX_STREAMS = 65_536;

    private final Map<Object, Object> states = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> create) {
        Object s = states.get(key);
        if (s == null) {
            s = create.get();
            states.put(key, s);
        }
        return (T) s;
    }

    public void remove(Object key) {
        states.remove(key);
    }

    public int size() {
        return states.size();
    }
}
