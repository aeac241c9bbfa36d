package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonFieldSinkTest {
    @Test
    void nestingFollowsTheCalls() throws IOException {
        assertEquals("{\"src\":\"10.0.0.1\",\"ttl\":64,\"flags.df\":true,"
                + "\"options\":[{\"kind\":2,\"mss\":1460},\"nop\"],\"quoted\":{\"id\":7}}", fields(s -> {
                    s.field("src", "10.0.0.1", 12, 4);
                    s.field("ttl", 64, 8, 1);
                    s.field("flags.df", true, 6, 1);
                    s.beginArray("options");
                    s.beginObject(null, 20, 4);
                    s.field("kind", 2, 20, 1);
                    s.field("mss", 1460, 22, 2);
                    s.endObject();
                    s.field(null, "nop", 24, 1);
                    s.endArray();
                    s.beginObject("quoted", 28, 20);
                    s.field("id", 7, 32, 2);
                    s.endObject();
                }));
    }

    @Test
    void containersLeftOpenAreClosed() throws IOException {
        assertEquals("{\"a\":[1,{\"b\":2}]}", fields(s -> {
            s.beginArray("a");
            s.field(null, 1, 0, 0);
            s.beginObject(null, 0, 0);
            s.field("b", 2, 0, 0);
        }));
    }

    @Test
    void extraEndsAreIgnored() throws IOException {
        assertEquals("{\"a\":1,\"b\":2}", fields(s -> {
            s.field("a", 1, 0, 0);
            s.endObject();
            s.endArray();
            s.field("b", 2, 0, 0);
        }));
    }

    @Test
    void unnamedMembersAndNamedElementsAreRepaired() throws IOException {
        assertEquals("{\"value\":1,\"list\":[2],\"s\":null}", fields(s -> {
            s.field(null, 1, 0, 0);
            s.beginArray("list");
            s.field("named", 2, 0, 0);
            s.endArray();
            s.field("s", (String) null, 0, 0);
        }));
    }

    interface Describe {
        void to(JsonFieldSink sink);
    }

    private static String fields(Describe describe) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator gen = new JsonFactory().createGenerator(w)) {
            gen.writeStartObject();
            JsonFieldSink sink = new JsonFieldSink(gen);
            sink.begin();
            describe.to(sink);
            sink.end();
            gen.writeEndObject();
        }
        String json = w.toString();
        return json.substring("{\"fields\":".length(), json.length() - 1);
    }
}
