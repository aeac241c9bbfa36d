package io.hoptrace.ui.model;

/**
 * The rows the packet list shows, in display order: all rows in index order (no array needed), or an int[] of row
 * numbers from a filter and/or a sort. Immutable to its readers. A filter-only view grows as loading appends rows:
 * {@link ViewBuilder#extend} writes past this view's size into the shared array (no reader of this view looks
 * there) or copies it, and returns a new view.
 *
 * @param rows    null for the identity (row i is shown at position i)
 * @param size    rows shown
 * @param scanned index rows considered so far (rows at and above this were appended after the view was made)
 * @param sorted  true when the order is a sort's, not index order
 */
public record RowView(int[] rows, int size, int scanned, boolean sorted) {
    public static final RowView EMPTY = new RowView(null, 0, 0, false);

    public static RowView all(int count) {
        return new RowView(null, count, count, false);
    }

    public int row(int position) {
        return rows == null ? position : rows[position];
    }

    /** The display position of {@code row}, or -1 when the view does not show it. */
    public int positionOf(int row) {
        if (rows == null) {
            return row < size ? row : -1;
        }
        if (!sorted) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int r = rows[mid];
                if (r < row) {
                    lo = mid + 1;
                } else if (r > row) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (rows[i] == row) {
                return i;
            }
        }
        return -1;
    }
}
