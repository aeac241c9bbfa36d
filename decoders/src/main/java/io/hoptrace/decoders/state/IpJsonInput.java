package io.hoptrace.decoders.state;

import io.hoptrace.decoders.state.json.JsonDocument;
import io.hoptrace.decoders.state.json.JsonPosition;
import io.hoptrace.decoders.state.json.JsonReader;
import io.hoptrace.decoders.state.json.JsonSyntaxException;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An {@code ip -j} document being read: its top-level array of objects, and problems located by line and column
 * (ip prints the whole array on one line, so the column is what finds an element). An element missing what it must
 * have is reported and skipped; a wrong-typed optional field is reported and read as absent.
 */
final class IpJsonInput {
    private static final int EXCERPT = 100;

    private final String text;
    private final JsonDocument document;
    final List<LineProblem> problems = new ArrayList<>();
    final List<Map<String, Object>> elements = new ArrayList<>();

    private IpJsonInput(String text, JsonDocument document) {
        this.text = text;
        this.document = document;
    }

    @SuppressWarnings("unchecked")
    static IpJsonInput read(String text, String command) {
        JsonDocument doc;
        try {
            doc = JsonReader.read(text);
        } catch (JsonSyntaxException e) {
            IpJsonInput in = new IpJsonInput(text, null);
            in.problems.add(new LineProblem(e.line(), e.column(), in.excerpt(e.line(), e.column()),
                    "not valid JSON (" + e.reason() + "); expected the output of " + command));
            return in;
        }
        IpJsonInput in = new IpJsonInput(text, doc);
        if (!(doc.root() instanceof List)) {
            in.problems.add(new LineProblem(1, 1, in.excerpt(1, 1), "expected a JSON array, the output of "
                    + command));
            return in;
        }
        List<Object> root = (List<Object>) doc.root();
        for (int i = 0; i < root.size(); i++) {
            Object o = root.get(i);
            if (o instanceof Map) {
                in.elements.add((Map<String, Object>) o);
            } else {
                in.problem(root, "element " + (i + 1) + " of the array is not a JSON object: " + o);
            }
        }
        return in;
    }

    /** The problems in document order. */
    List<LineProblem> sortedProblems() {
        List<LineProblem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparingInt(LineProblem::line).thenComparingInt(LineProblem::column));
        return out;
    }

    void problem(Object element, String reason) {
        JsonPosition p = document == null ? null : document.positionOf(element);
        int line = p == null ? 1 : p.line();
        int column = p == null ? 0 : p.column();
        problems.add(new LineProblem(line, column, excerpt(line, Math.max(1, column)), reason));
    }

    /** Up to 100 characters of the text from line:column. */
    private String excerpt(int line, int column) {
        int start = 0;
        for (int l = 1; l < line && start >= 0; l++) {
            start = text.indexOf('\n', start);
            start = start < 0 ? -1 : start + 1;
        }
        if (start < 0) {
            return "";
        }
        start = Math.min(text.length(), start + column - 1);
        int end = text.indexOf('\n', start);
        end = Math.min(end < 0 ? text.length() : end, start + EXCERPT);
        return text.substring(start, end);
    }

    /** A string field, or null if absent (or not a string, which is reported). */
    String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        problem(m, "\"" + key + "\" is not a string");
        return null;
    }

    /** A non-negative integer field, or -1 if absent (or not one, which is reported). */
    long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return -1;
        }
        if (v instanceof Long && (Long) v >= 0) {
            return (Long) v;
        }
        if (v instanceof BigInteger) {
            return Long.MAX_VALUE; // a 64-bit counter past long's range: as large as we can say
        }
        problem(m, "\"" + key + "\" is not a non-negative integer");
        return -1;
    }

    /** true/false, or "on"/"off" as some iproute2 versions print switches; null if absent. */
    Boolean bool(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        if ("on".equals(v) || "off".equals(v)) {
            return "on".equals(v);
        }
        problem(m, "\"" + key + "\" is not true or false");
        return null;
    }

    /** A numeric address field, or null if absent (or not an address, which is reported). */
    InetAddress address(Map<String, Object> m, String key) {
        String s = string(m, key);
        if (s == null) {
            return null;
        }
        InetAddress a = InetLiteral.parse(s);
        if (a == null) {
            problem(m, "\"" + key + "\": '" + s + "' is not an IP address");
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof Map) {
            return (Map<String, Object>) v;
        }
        problem(m, "\"" + key + "\" is not an object");
        return null;
    }

    /** A list of objects, empty if absent; non-objects in it are reported. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects(Map<String, Object> m, String key) {
        Object v = m.get(key);
        List<Map<String, Object>> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List)) {
            problem(m, "\"" + key + "\" is not an array");
            return out;
        }
        for (Object o : (List<Object>) v) {
            if (o instanceof Map) {
                out.add((Map<String, Object>) o);
            } else {
                problem(v, "an element of \"" + key + "\" is not an object");
            }
        }
        return out;
    }

    /** A list of strings ("flags"), empty if absent; non-strings in it are reported. */
    List<String> strings(Map<String, Object> m, String key) {
        Object v = m.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List)) {
            problem(m, "\"" + key + "\" is not an array");
            return out;
        }
        for (Object o : (List<?>) v) {
            if (o instanceof String) {
                out.add((String) o);
            } else {
                problem(v, "an element of \"" + key + "\" is not a string");
            }
        }
        return out;
    }

    int line(Object element) {
        JsonPosition p = document == null ? null : document.positionOf(element);
        return p == null ? 0 : p.line();
    }
}
