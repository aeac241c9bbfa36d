package io.hoptrace.ui.model.filter;

import java.util.ArrayList;
import java.util.List;

/** A token of a display filter: a word (field, protocol, value), an operator, a parenthesis. */
record Token(Kind kind, String text, int position) {
    enum Kind { WORD, OP, AND, OR, NOT, OPEN, CLOSE, END }

    static List<Token> lex(String s) throws FilterException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.OPEN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.CLOSE, ")", i++));
            } else if (s.startsWith("&&", i)) {
                out.add(new Token(Kind.AND, "&&", i));
                i += 2;
            } else if (s.startsWith("||", i)) {
                out.add(new Token(Kind.OR, "||", i));
                i += 2;
            } else if (s.startsWith("==", i) || s.startsWith("!=", i) || s.startsWith(">=", i)
                    || s.startsWith("<=", i)) {
                out.add(new Token(Kind.OP, s.substring(i, i + 2), i));
                i += 2;
            } else if (c == '!') {
                out.add(new Token(Kind.NOT, "!", i++));
            } else if (c == '=' || c == '<' || c == '>') {
                out.add(new Token(Kind.OP, c == '=' ? "==" : String.valueOf(c), i++));
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw new FilterException("a quoted value has no closing \"", i);
                }
                out.add(new Token(Kind.WORD, s.substring(i + 1, end), i));
                i = end + 1;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && isWordChar(s.charAt(i))) {
                    i++;
                }
                String w = s.substring(start, i);
                Kind k = switch (w.toLowerCase(java.util.Locale.ROOT)) {
                    case "and" -> Kind.AND;
                    case "or" -> Kind.OR;
                    case "not" -> Kind.NOT;
                    default -> Kind.WORD;
                };
                out.add(new Token(k, w, start));
            } else {
                throw new FilterException("unexpected '" + c + "'", i);
            }
        }
        out.add(new Token(Kind.END, "", n));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '/' || c == '-' || c == '_';
    }
}
