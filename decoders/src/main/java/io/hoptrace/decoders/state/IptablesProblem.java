package io.hoptrace.decoders.state;

/**
 * A line the parser could not use as written. {@code skipped} lines were left out of the dump; the others were
 * kept with what could be read (a rule with a malformed DNAT destination, a rule before any {@code *table} line).
 */
public record IptablesProblem(int lineNumber, String line, String message, boolean skipped) {
    @Override
    public String toString() {
        return "line " + lineNumber + (skipped ? " (skipped)" : "") + ": " + message;
    }
}
