package io.hoptrace.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hoptrace.decoders.FieldSink;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A layer's fields as JSON members: values only (byte ranges are for the GUI's hex view). Nesting follows the
 * decoder's begin/end calls. A decoder that leaves a container open, closes one too many or names an array
 * element must not break the whole NDJSON stream, so the sink tracks the nesting and repairs it.
 */
final class JsonFieldSink implements FieldSink {
    private static final int MAX_DEPTH = 64;

    private final JsonGenerator gen;
    /** Per open container: true for an array (elements unnamed), false for an object (members named). */
    private final boolean[] isArray = new boolean[MAX_DEPTH];
    private int depth;
    /** Containers past MAX_DEPTH are flattened, not written, so ends are counted to match them. */
    private int skipped;

    JsonFieldSink(JsonGenerator gen) {
        this.gen = gen;
    }

    /** Opens the layer's {@code fields} object; the generator is at a member name position. */
    void begin() throws IOException {
        gen.writeFieldName("fields");
        gen.writeStartObject();
        depth = 0;
        skipped = 0;
    }

    /** Closes whatever the decoder left open, then the {@code fields} object. */
    void end() throws IOException {
        while (depth > 0) {
            closeContainer();
        }
        gen.writeEndObject();
    }

    @Override
    public void field(String name, long value, int offset, int length) {
        try {
            name(name);
            gen.writeNumber(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void field(String name, String value, int offset, int length) {
        try {
            name(name);
            if (value == null) {
                gen.writeNull();
            } else {
                gen.writeString(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void field(String name, boolean value, int offset, int length) {
        try {
            name(name);
            gen.writeBoolean(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beginObject(String name, int offset, int length) {
        open(name, false);
    }

    @Override
    public void endObject() {
        close();
    }

    @Override
    public void beginArray(String name) {
        open(name, true);
    }

    @Override
    public void endArray() {
        close();
    }

    private void open(String name, boolean array) {
        if (depth == MAX_DEPTH) {
            skipped++;
            return;
        }
        try {
            name(name);
            if (array) {
                gen.writeStartArray();
            } else {
                gen.writeStartObject();
            }
            isArray[depth++] = array;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void close() {
        if (skipped > 0) {
            skipped--;
            return;
        }
        if (depth == 0) {
            return; // one end too many: ignore rather than close the layer's own object
        }
        try {
            closeContainer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeContainer() throws IOException {
        if (isArray[--depth]) {
            gen.writeEndArray();
        } else {
            gen.writeEndObject();
        }
    }

    /** Members need a name, array elements must not have one; a decoder slip gets a placeholder or is dropped. */
    private void name(String name) throws IOException {
        boolean inArray = depth > 0 && isArray[depth - 1];
        if (!inArray) {
            gen.writeFieldName(name != null ? name : "value");
        }
    }
}
