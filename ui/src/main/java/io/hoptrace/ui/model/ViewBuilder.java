package io.hoptrace.ui.model;

import io.hoptrace.ui.model.filter.RowPredicate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Makes the displayed rows: a filter's matches as an int[] and a sort's permutation of them. Runs off the FX thread;
 * checks {@code cancelled} as it goes (a newer filter makes this one moot) and throws CancellationException then.
 */
public final class ViewBuilder {
    private static final int CHECK_EVERY = 1 << 16;

    private ViewBuilder() {
    }

    /** Rows {@code [0, count)} that pass {@code filter} (all when null), ordered by {@code sort} (index order when null). */
    public static RowView build(int count, RowPredicate filter, SortOrder sort, PacketIndex index, RowMarks marks,
                                Supplier<RowFormatter> textFormatter, BooleanSupplier cancelled) {
        RowView v = filter == null ? RowView.all(count) : extend(RowView.EMPTY, count, filter, cancelled);
        if (sort == null || sort.isIndexOrder()) {
            return v;
        }
        int[] rows = new int[v.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = v.row(i);
        }
        sort(rows, sort, index, marks, textFormatter, cancelled);
        return new RowView(rows, rows.length, count, true);
    }

    /** {@code view} plus the rows in {@code [view.scanned(), count)} that pass {@code filter}; view must not be sorted. */
    public static RowView extend(RowView view, int count, RowPredicate filter, BooleanSupplier cancelled) {
        if (view.sorted()) {
            throw new IllegalArgumentException("a sorted view is rebuilt, not extended");
        }
        if (filter == null) {
            return RowView.all(count);
        }
        int[] rows = view.rows() != null ? view.rows() : new int[Math.max(1024, view.size())];
        int size = view.size();
        if (view.rows() == null) {
            for (int i = 0; i < size; i++) {
                rows[i] = i;
            }
        }
        for (int row = view.scanned(); row < count; row++) {
            if (((row - view.scanned()) & (CHECK_EVERY - 1)) == CHECK_EVERY - 1 && cancelled.getAsBoolean()) {
                throw new CancellationException("filter replaced");
            }
            if (filter.test(row)) {
                if (size == rows.length) {
                    rows = Arrays.copyOf(rows, size + (size >> 1) + 16);
                }
                rows[size++] = row;
            }
        }
        return new RowView(rows, size, count, false);
    }

    /**
     * Sorts {@code rows} by a column: the key of each row packed above its row number into a long, so one primitive
     * sort does it and equal keys keep index order (stable), in either direction.
     */
    public static void sort(int[] rows, SortOrder order, PacketIndex index, RowMarks marks,
                            Supplier<RowFormatter> textFormatter, BooleanSupplier cancelled) {
        int n = rows.length;
        Column c = order.column();
        if (c == Column.NUMBER || c == Column.TIME) {
            // index order is time order (the loader merges files by time)
            Arrays.sort(rows);
            if (!order.ascending()) {
                reverse(rows);
            }
            return;
        }
        int[] key = keys(rows, c, index, marks, textFormatter, cancelled);
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long k = key[i] & 0xFFFFFFFFL;
            if (!order.ascending()) {
                k = 0xFFFFFFFFL - k;
            }
            packed[i] = k << 31 | rows[i];
        }
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("sort replaced");
        }
        Arrays.parallelSort(packed);
        for (int i = 0; i < n; i++) {
            rows[i] = (int) (packed[i] & 0x7FFFFFFF);
        }
    }

    private static void reverse(int[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A 32-bit sort key per row (unsigned order): lengths, ranks of labels, addresses and texts. */
    private static int[] keys(int[] rows, Column c, PacketIndex ix, RowMarks marks,
                              Supplier<RowFormatter> textFormatter, BooleanSupplier cancelled) {
        int n = rows.length;
        int[] key = new int[n];
        switch (c) {
            case LENGTH -> {
                for (int i = 0; i < n; i++) {
                    key[i] = ix.wireLength(rows[i]);
                }
            }
            case MARK -> {
                for (int i = 0; i < n; i++) {
                    // findings first, then decoder anomalies
                    key[i] = marks.severity(rows[i]).ordinal() * 4 + ix.anomalySeverity(rows[i]).ordinal();
                }
            }
            case ENCAPSULATION -> {
                for (int i = 0; i < n; i++) {
                    key[i] = ix.encapsulation(rows[i]);
                }
            }
            case NODE, INTERFACE -> {
                int[] rank = rank(ix.labels().snapshot());
                for (int i = 0; i < n; i++) {
                    int id = c == Column.NODE ? ix.node(rows[i]) : ix.iface(rows[i]);
                    key[i] = id < 0 ? 0 : rank[id] + 1;
                }
            }
            case SOURCE, DESTINATION -> {
                int[] rank = ix.addresses().ranks();
                for (int i = 0; i < n; i++) {
                    int id = c == Column.SOURCE ? ix.innerSource(rows[i]) : ix.innerDestination(rows[i]);
                    key[i] = id < 0 || id >= rank.length ? 0 : rank[id] + 1;
                }
            }
            case PROTOCOL -> {
                io.hoptrace.decoders.Protocol[] all = io.hoptrace.decoders.Protocol.values();
                String[] names = new String[all.length];
                for (int i = 0; i < all.length; i++) {
                    names[i] = RowFormatter.protocolName(all[i]);
                }
                int[] rank = rank(names);
                for (int i = 0; i < n; i++) {
                    key[i] = rank[ix.top(rows[i])];
                }
            }
            case STACK, INFO -> {
                // text made for every row: the costly sort, as in Wireshark; strings ranked once
                RowFormatter f = textFormatter.get();
                String[] text = new String[n];
                Map<String, String> canonical = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    if ((i & (CHECK_EVERY - 1)) == 0 && cancelled.getAsBoolean()) {
                        throw new CancellationException("sort replaced");
                    }
                    String s = f.textUncached(rows[i], c);
                    text[i] = canonical.computeIfAbsent(s, x -> x);
                }
                String[] distinct = canonical.keySet().toArray(new String[0]);
                Arrays.sort(distinct);
                Map<String, Integer> rankOf = new HashMap<>(distinct.length * 2);
                for (int i = 0; i < distinct.length; i++) {
                    rankOf.put(distinct[i], i);
                }
                for (int i = 0; i < n; i++) {
                    key[i] = rankOf.get(text[i]);
                }
            }
            default -> throw new IllegalArgumentException("no sort key for " + c);
        }
        return key;
    }

    /** Rank of each entry in case-insensitive order. */
    private static int[] rank(String[] labels) {
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> String.CASE_INSENSITIVE_ORDER.compare(labels[a], labels[b]));
        int[] rank = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }
}
