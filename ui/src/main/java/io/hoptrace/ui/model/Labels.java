package io.hoptrace.ui.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Interned display strings (node names, interface labels): rows store a small int, the table holds each string
 * once. One writer (the loader); readers look up ids they read from published rows, which the volatile publication
 * of those rows makes visible.
 */
public final class Labels {
    private final Map<String, Integer> ids = new HashMap<>();
    private volatile String[] byId = new String[16];
    private int count;

    /** The id of {@code label}, adding it if new (writer thread only). */
    public int intern(String label) {
        Integer id = ids.get(label);
        if (id != null) {
            return id;
        }
        String[] a = byId;
        if (count == a.length) {
            a = Arrays.copyOf(a, count * 2);
        }
        a[count] = label;
        byId = a;
        ids.put(label, count);
        return count++;
    }

    public String get(int id) {
        return id < 0 ? "" : byId[id];
    }

    /** Every label seen so far, by id (a copy; for filter matching and menus). */
    public String[] snapshot() {
        String[] a = byId;
        int n = 0;
        while (n < a.length && a[n] != null) {
            n++;
        }
        return Arrays.copyOf(a, n);
    }
}
