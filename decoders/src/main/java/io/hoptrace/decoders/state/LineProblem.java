package io.hoptrace.decoders.state;

/**
 * A line of node-state text a parser could not read: reported with its number and skipped, so the rest of the file
 * still counts ("a line they cannot read is reported with its line number and skipped; nothing else is lost").
 *
 * @param line   1-based line number in the input
 * @param column 1-based column where the trouble is, or 0 when it is the line as a whole
 * @param text   the line as it was (for JSON, a short excerpt around the column)
 * @param reason what was expected, in words a person can act on
 */
public record LineProblem(int line, int column, String text, String reason) {
    public LineProblem {
        text = text == null ? "" : text;
    }

    public LineProblem(int line, String text, String reason) {
        this(line, 0, text, reason);
    }

    @Override
    public String toString() {
        return "line " + line + (column > 0 ? ":" + column : "") + ": " + reason + ": " + text;
    }
}
