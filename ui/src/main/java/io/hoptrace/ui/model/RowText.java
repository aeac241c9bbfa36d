package io.hoptrace.ui.model;

/** The text of one packet-list row, column by column (made for rows on screen only). */
public final class RowText {
    private final String[] cells = new String[Column.values().length];

    RowText set(Column c, String text) {
        cells[c.ordinal()] = text;
        return this;
    }

    public String get(Column c) {
        return cells[c.ordinal()];
    }
}
