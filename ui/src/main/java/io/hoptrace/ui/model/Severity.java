package io.hoptrace.ui.model;

/** How bad what a row carries is: its worst decoder anomaly or, once analysed, its worst finding. */
public enum Severity {
    NONE, NOTE, WARNING, ERROR;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Severity of(int ordinal) {
        return values()[ordinal];
    }

    public static Severity worse(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
