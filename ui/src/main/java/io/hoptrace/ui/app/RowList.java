package io.hoptrace.ui.app;

import io.hoptrace.ui.model.RowView;
import javafx.collections.ObservableListBase;

/**
 * The packet table's items: a read-only list over a {@link RowView}, so a million rows cost no boxed element
 * (get() boxes one row number when a cell asks). Growing while a capture loads fires one "added" change per pulse.
 */
final class RowList extends ObservableListBase<Integer> {
    private RowView view;

    RowList(RowView view) {
        this.view = view;
    }

    RowView view() {
        return view;
    }

    /** Shows {@code longer}, which starts with the rows shown now, announcing the new ones. */
    void extend(RowView longer) {
        int old = view.size();
        view = longer;
        if (longer.size() > old) {
            beginChange();
            nextAdd(old, longer.size());
            endChange();
        }
    }

    /**
     * Shows {@code other} in place of the current rows, as one replace change. (TableView.setItems would do too,
     * but it clears the table's sort order, which is how a sort arrives.)
     */
    void replace(RowView other) {
        RowView old = view;
        view = other;
        beginChange();
        if (old.size() > 0) {
            nextRemove(0, new java.util.AbstractList<Integer>() {
                @Override
                public Integer get(int i) {
                    return old.row(i);
                }

                @Override
                public int size() {
                    return old.size();
                }
            });
        }
        if (other.size() > 0) {
            nextAdd(0, other.size());
        }
        endChange();
    }

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= view.size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return view.row(index);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public int indexOf(Object o) {
        return o instanceof Integer row ? view.positionOf(row) : -1;
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }
}
