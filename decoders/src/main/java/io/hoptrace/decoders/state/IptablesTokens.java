package io.hoptrace.decoders.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of one iptables-save line, with whether each was quoted (a quoted word is a value even when it looks
 * like an option: {@code --comment "-j X"}). Reused from line to line: no per-line arrays.
 */
final class IptablesTokens {
    private final List<String> tokens = new ArrayList<>();
    private boolean[] quoted = new boolean[64];
    private final StringBuilder cur = new StringBuilder(128);

    int size() {
        return tokens.size();
    }

    String get(int i) {
        return tokens.get(i);
    }

    boolean quoted(int i) {
        return quoted[i];
    }

    /** Splits on blanks; double or single quotes group words, a backslash escapes inside double quotes. */
    boolean split(String s) {
        tokens.clear();
        int n = s.length();
        if (s.indexOf('"') < 0 && s.indexOf('\'') < 0) {
            // the common line: no quotes, split on blanks without copying characters one by one
            int i = 0;
            while (i < n) {
                while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                    i++;
                }
                int start = i;
                while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                    i++;
                }
                if (i > start) {
                    String known = KnownTokens.find(s, start, i);
                    add(known != null ? known : s.substring(start, i), false);
                }
            }
            return !tokens.isEmpty();
        }
        cur.setLength(0);
        boolean inToken = false;
        boolean wasQuoted = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) {
                    if (c == '"' && s.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    cur.append(s.charAt(j));
                    j++;
                }
                if (j >= n) {
                    return false;
                }
                i = j;
                inToken = true;
                wasQuoted = true;
            } else if (c == ' ' || c == '\t') {
                if (inToken) {
                    add(cur.toString(), wasQuoted);
                    cur.setLength(0);
                    inToken = false;
                    wasQuoted = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            add(cur.toString(), wasQuoted);
        }
        return !tokens.isEmpty();
    }

    private void add(String token, boolean isQuoted) {
        if (tokens.size() == quoted.length) {
            quoted = java.util.Arrays.copyOf(quoted, quoted.length * 2);
        }
        quoted[tokens.size()] = isQuoted;
        tokens.add(token);
    }

    /** {@code -x} or {@code --word}: an option, as opposed to a value. */
    static boolean isOption(String tok) {
        int n = tok.length();
        if (n >= 3 && tok.charAt(0) == '-' && tok.charAt(1) == '-') {
            return Character.isLetter(tok.charAt(2));
        }
        return n == 2 && tok.charAt(0) == '-' && Character.isLetter(tok.charAt(1));
    }


    /** Blank-separated words, without a regular expression (25,000 chain lines on a big node). */
    static String[] words(String s) {
        List<String> out = new ArrayList<>(3);
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > from) {
                out.add(s.substring(from, i));
            }
        }
        return out.toArray(new String[0]);
    }
}
