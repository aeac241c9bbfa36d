package io.hoptrace.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * A FieldSink that writes one line per field ({@code path=value @offset+length}), with dotted paths for objects
 * and [i] for array elements, so tests can assert on a layer's describe output and see it whole when one fails.
 */
public final class FieldDump implements FieldSink {
    private final List<String> lines = new ArrayList<>();
    /** Open objects and arrays: their full path, and for arrays the next element index. */
    private final List<String> openPath = new ArrayList<>();
    private final List<int[]> openIndex = new ArrayList<>();

    public static FieldDump of(Dissection d, int layer) {
        FieldDump f = new FieldDump();
        d.decoder(layer).describe(d, layer, f);
        if (!f.openPath.isEmpty()) {
            throw new AssertionError("unbalanced begin/end in describe: " + f.openPath);
        }
        return f;
    }

    private String name(String n) {
        int top = openPath.size() - 1;
        String parent = top < 0 ? "" : openPath.get(top);
        int[] index = top < 0 ? null : openIndex.get(top);
        if (n == null) {
            if (index == null) {
                throw new AssertionError("unnamed field outside an array at '" + parent + "'");
            }
            return parent + "[" + index[0]++ + "]";
        }
        if (index != null) {
            throw new AssertionError("named field '" + n + "' inside array '" + parent + "'");
        }
        return parent.isEmpty() ? n : parent + "." + n;
    }

    @Override
    public void field(String name, long value, int offset, int length) {
        lines.add(name(name) + "=" + value + " @" + offset + "+" + length);
    }

    @Override
    public void field(String name, String value, int offset, int length) {
        lines.add(name(name) + "=" + value + " @" + offset + "+" + length);
    }

    @Override
    public void field(String name, boolean value, int offset, int length) {
        lines.add(name(name) + "=" + value + " @" + offset + "+" + length);
    }

    @Override
    public void beginObject(String name, int offset, int length) {
        String full = name(name);
        lines.add(full + "{} @" + offset + "+" + length);
        openPath.add(full);
        openIndex.add(null);
    }

    @Override
    public void endObject() {
        pop(false);
    }

    @Override
    public void beginArray(String name) {
        openPath.add(name(name));
        openIndex.add(new int[1]);
    }

    @Override
    public void endArray() {
        pop(true);
    }

    private void pop(boolean array) {
        int top = openPath.size() - 1;
        if (top < 0 || (openIndex.get(top) != null) != array) {
            throw new AssertionError("end" + (array ? "Array" : "Object") + " does not match the open "
                    + (top < 0 ? "nothing" : openPath.get(top)));
        }
        openPath.remove(top);
        openIndex.remove(top);
    }

    public List<String> lines() {
        return lines;
    }

    /** The value of the first field whose path is {@code path}, or null. */
    public String get(String path) {
        for (String l : lines) {
            if (l.startsWith(path + "=")) {
                return l.substring(path.length() + 1, l.lastIndexOf(" @"));
            }
        }
        return null;
    }

    /** The values of every field whose path matches {@code regex}. */
    public List<String> all(String regex) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0 && l.substring(0, eq).matches(regex)) {
                out.add(l.substring(eq + 1, l.lastIndexOf(" @")));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
