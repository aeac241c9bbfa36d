package io.hoptrace.decoders.state.json;

/** Where a value starts in the document text: 1-based line and column (UTF-16 code units). */
public record JsonPosition(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
