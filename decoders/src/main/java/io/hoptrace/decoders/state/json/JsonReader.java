package io.hoptrace.decoders.state.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader for the node state hoptrace reads ({@code ip -j link|addr|route}).
 *
 * <p>Why not Jackson: the decoders module has no dependencies by design. It is the base every other module
 * (capture, rules, ui, cli) builds on and is meant to be embeddable on its own, so a JSON library would leak into
 * all of them. Reading {@code ip -j} output needs a few hundred lines, so we keep one here, tested on its own.
 *
 * <p>Values: objects become unmodifiable {@code Map<String, Object>} in document order, arrays unmodifiable
 * {@code List<Object>}, strings {@code String}, integers {@code Long} (or {@code BigInteger} beyond 64 bits, which
 * {@code ip} prints for some 64-bit counters), other numbers {@code Double}, {@code true}/{@code false}
 * {@code Boolean}, {@code null} Java null. A repeated key keeps its last value, as most readers do.
 *
 * <p>Strict: no comments, no trailing commas, no single quotes, no leading zeros or {@code +}, no NaN or numbers
 * that overflow a double, no raw control characters in strings, nothing after the document but whitespace. A leading
 * byte-order mark is skipped (hand-made bundles edited on Windows carry one). Nesting deeper than {@link #MAX_DEPTH}
 * is refused so a hostile file cannot overflow the stack. Every error names its line and column.
 */
public final class JsonReader {
    /** Deepest nesting of objects and arrays accepted; {@code ip -j -d link} needs 5. */
    public static final int MAX_DEPTH = 128;

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int depth;
    private final IdentityHashMap<Object, JsonPosition> positions = new IdentityHashMap<>();

    private JsonReader(String text) {
        this.text = text;
    }

    /** Reads one JSON document; the root value and the positions of its objects and arrays. */
    public static JsonDocument read(String text) throws JsonSyntaxException {
        JsonReader r = new JsonReader(text);
        if (text.startsWith("\uFEFF")) {
            r.pos = 1;
            r.lineStart = 1;
        }
        r.skipWhitespace();
        if (r.pos >= text.length()) {
            throw r.error("no JSON value (the input is empty)");
        }
        Object root = r.value();
        r.skipWhitespace();
        if (r.pos < text.length()) {
            throw r.error("unexpected '" + printable(text.charAt(r.pos)) + "' after the end of the JSON value");
        }
        return new JsonDocument(root, r.positions);
    }

    /** Reads one JSON document and returns its root value. */
    public static Object parse(String text) throws JsonSyntaxException {
        return read(text).root();
    }

    private Object value() throws JsonSyntaxException {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected '" + printable(c) + "', expected a value");
        }
    }

    private Map<String, Object> object() throws JsonSyntaxException {
        JsonPosition start = position();
        enter();
        pos++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return close(Collections.unmodifiableMap(members), start);
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unterminated object, expected a member name");
            }
            char c = text.charAt(pos);
            if (c != '"') {
                throw error(c == '}' ? "trailing comma before '}'"
                        : "unexpected '" + printable(c) + "', expected a member name in double quotes");
            }
            String name = string();
            skipWhitespace();
            if (peek() != ':') {
                throw error(pos >= text.length() ? "unterminated object, expected ':'"
                        : "unexpected '" + printable(text.charAt(pos)) + "', expected ':' after member name");
            }
            pos++;
            skipWhitespace();
            members.put(name, value());
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unterminated object, expected ',' or '}'");
            }
            c = text.charAt(pos++);
            if (c == '}') {
                return close(Collections.unmodifiableMap(members), start);
            }
            if (c != ',') {
                pos--;
                throw error("unexpected '" + printable(c) + "', expected ',' or '}'");
            }
        }
    }

    private List<Object> array() throws JsonSyntaxException {
        JsonPosition start = position();
        enter();
        pos++; // '['
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return close(Collections.unmodifiableList(items), start);
        }
        while (true) {
            skipWhitespace();
            if (peek() == ']') {
                throw error("trailing comma before ']'");
            }
            if (pos >= text.length()) {
                throw error("unterminated array, expected a value");
            }
            items.add(value());
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unterminated array, expected ',' or ']'");
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return close(Collections.unmodifiableList(items), start);
            }
            if (c != ',') {
                pos--;
                throw error("unexpected '" + printable(c) + "', expected ',' or ']'");
            }
        }
    }

    private void enter() throws JsonSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private <T> T close(T container, JsonPosition start) {
        depth--;
        positions.put(container, start);
        return container;
    }

    private String string() throws JsonSyntaxException {
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        pos++; // opening quote
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw new JsonSyntaxException(startLine, startColumn, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c == '\n' || c == '\r') {
                throw new JsonSyntaxException(startLine, startColumn, "unterminated string (line break inside it)");
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " inside a string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(text, runStart, pos);
            pos++;
            if (pos >= text.length()) {
                throw new JsonSyntaxException(startLine, startColumn, "unterminated string");
            }
            char e = text.charAt(pos);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    sb.append(unicodeEscape());
                    pos--; // unicodeEscape leaves pos after the 4 digits; the common pos++ below would skip one
                    break;
                default:
                    pos--;
                    throw error("bad escape '\\" + printable(e) + "' in string");
            }
            pos++;
            runStart = pos;
        }
    }

    /** pos is at the 'u' of a \\u escape; leaves pos after its 4 hex digits. */
    private char unicodeEscape() throws JsonSyntaxException {
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int at = pos + i;
            int digit = at < text.length() ? Character.digit(text.charAt(at), 16) : -1;
            if (digit < 0) {
                pos--; // point at the backslash
                throw error("bad escape: \\u needs 4 hex digits");
            }
            value = value * 16 + digit;
        }
        pos += 5;
        return (char) value;
    }

    private Object number() throws JsonSyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int intStart = pos;
        if (pos >= text.length() || !isDigit(text.charAt(pos))) {
            throw error("bad number: expected a digit");
        }
        if (text.charAt(pos) == '0' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            throw error("bad number: leading zero");
        }
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error("bad number: expected a digit after '.'");
            }
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        char c = peek();
        if (c == 'e' || c == 'E') {
            integral = false;
            pos++;
            c = peek();
            if (c == '+' || c == '-') {
                pos++;
            }
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error("bad number: expected a digit in the exponent");
            }
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String literal = text.substring(start, pos);
        if (integral) {
            if (pos - intStart <= 18) {
                return Long.parseLong(literal);
            }
            BigInteger big = new BigInteger(literal);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            pos = start;
            throw error("number out of range: " + literal);
        }
        return d;
    }

    private Object literal(String word, Object value) throws JsonSyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("bad literal, expected '" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private JsonPosition position() {
        return new JsonPosition(line, pos - lineStart + 1);
    }

    private JsonSyntaxException error(String reason) {
        return new JsonSyntaxException(line, pos - lineStart + 1, reason);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
