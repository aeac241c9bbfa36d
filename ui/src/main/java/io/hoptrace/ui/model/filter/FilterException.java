package io.hoptrace.ui.model.filter;

/** A display filter that does not parse: the message says what was expected, {@link #position} where. */
public final class FilterException extends Exception {
    private final int position;

    public FilterException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Character index in the filter text (0-based). */
    public int position() {
        return position;
    }
}
