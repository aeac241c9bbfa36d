package io.hoptrace.decoders.state;

/**
 * Walks the lines of a text one at a time (without \n or \r\n), numbering them from 1. A parser of a 100k-entry
 * conntrack table must not hold a copy of every line while it builds the entries: only the current line lives.
 */
final class StateLineReader {
    private final String text;
    private int pos;
    private int number;
    private String line;

    StateLineReader(String text) {
        this.text = text;
    }

    boolean next() {
        int n = text.length();
        if (pos >= n) {
            return false;
        }
        int nl = text.indexOf('\n', pos);
        int end = nl < 0 ? n : nl;
        int cut = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
        line = text.substring(pos, cut);
        pos = nl < 0 ? n : nl + 1;
        number++;
        return true;
    }

    String line() {
        return line;
    }

    int number() {
        return number;
    }
}
