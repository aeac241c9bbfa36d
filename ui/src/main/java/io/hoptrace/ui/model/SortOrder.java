package io.hoptrace.ui.model;

/** The packet list's sort: a column and a direction. Index order (No. ascending) is no sort at all. */
public record SortOrder(Column column, boolean ascending) {
    public boolean isIndexOrder() {
        return (column == Column.NUMBER || column == Column.TIME) && ascending;
    }
}
