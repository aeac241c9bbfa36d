package io.hoptrace.decoders.state;

/**
 * Thrown inside a node-state parser when the current line cannot be read; the parser's line loop catches it and
 * records a {@link LineProblem}. Never leaves a parser: the public API reports problems, it does not throw them.
 */
final class UnreadableLine extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableLine(String reason) {
        super(reason, null, false, false);
    }
}
