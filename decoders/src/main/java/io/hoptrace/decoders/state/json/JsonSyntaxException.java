package io.hoptrace.decoders.state.json;

/**
 * A JSON document that does not follow RFC 8259, with the 1-based line and column where reading stopped. Checked,
 * because a caller reading saved node state has to decide what a bad file means (the ip parsers turn it into a
 * line-numbered problem); it is never thrown for anything but the text.
 */
public final class JsonSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    public JsonSyntaxException(int line, int column, String reason) {
        super(line + ":" + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the position, e.g. "unterminated string". */
    public String reason() {
        return reason;
    }
}
