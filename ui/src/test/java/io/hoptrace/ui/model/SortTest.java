package io.hoptrace.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.ui.Samples;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SortTest {
    private static Loaded l;

    @BeforeAll
    static void load() throws Exception {
        l = new Loaded(Samples.bundle("mtu-blackhole"));
    }

    private static RowView sorted(Column c, boolean ascending) {
        return ViewBuilder.build(l.index.count(), null, new SortOrder(c, ascending), l.index, RowMarks.NONE,
                () -> l.formatter, () -> false);
    }

    private static void assertPermutation(RowView v) {
        int[] rows = new int[v.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = v.row(i);
        }
        Arrays.sort(rows);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(i, rows[i]);
        }
    }

    @Test
    void byLengthDescendingKeepsIndexOrderAmongEquals() {
        RowView v = sorted(Column.LENGTH, false);
        assertEquals(l.index.count(), v.size());
        assertPermutation(v);
        for (int i = 1; i < v.size(); i++) {
            int a = l.index.wireLength(v.row(i - 1));
            int b = l.index.wireLength(v.row(i));
            assertTrue(a >= b);
            if (a == b) {
                assertTrue(v.row(i - 1) < v.row(i), "stable at " + i);
            }
        }
        assertEquals(1520, l.index.wireLength(v.row(0)));
    }

    @Test
    void byTextColumnsInTextOrder() {
        for (Column c : new Column[] {Column.INFO, Column.STACK, Column.NODE, Column.INTERFACE, Column.PROTOCOL}) {
            RowView v = sorted(c, true);
            assertPermutation(v);
            for (int i = 1; i < v.size(); i++) {
                String a = l.formatter.cell(v.row(i - 1), c);
                String b = l.formatter.cell(v.row(i), c);
                int cmp = c == Column.INFO || c == Column.STACK ? a.compareTo(b)
                        : String.CASE_INSENSITIVE_ORDER.compare(a, b);
                assertTrue(cmp <= 0, c + " at " + i + ": " + a + " > " + b);
            }
        }
    }

    @Test
    void byAddressNumerically() {
        RowView v = sorted(Column.SOURCE, true);
        assertPermutation(v);
        byte[] previous = null;
        for (int i = 0; i < v.size(); i++) {
            int id = l.index.innerSource(v.row(i));
            if (id < 0) {
                assertEquals(null, previous, "rows without an address come first");
                continue;
            }
            byte[] a = l.index.addresses().bytes(id);
            if (previous != null) {
                assertTrue(Addresses.compare(previous, a) <= 0);
            }
            previous = a;
        }
        // 10.244.0.1 sorts before 10.244.0.11, and 9.x would sort before 10.x (numbers, not text)
        assertTrue(l.formatter.cell(v.row(v.size() - 1), Column.SOURCE).startsWith("192.168.50."));
    }

    @Test
    void numberDescendingIsReverseIndexOrder() {
        RowView v = sorted(Column.NUMBER, false);
        for (int i = 0; i < v.size(); i++) {
            assertEquals(l.index.count() - 1 - i, v.row(i));
        }
        assertEquals(7, v.positionOf(l.index.count() - 8));
    }

    @Test
    void aNewerRequestCancelsTheSort() {
        assertThrows(CancellationException.class, () -> ViewBuilder.build(l.index.count(), null,
                new SortOrder(Column.LENGTH, true), l.index, RowMarks.NONE, () -> l.formatter, () -> true));
    }
}
