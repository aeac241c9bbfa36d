package io.hoptrace.decoders;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** describe() reports fields with byte ranges inside the layer, for JSON output and the hex view. */
class DescribeTest {
    /** Records {@code name=value@offset+length} lines, nesting shown with brackets. */
    static final class Recorder implements FieldSink {
        final List<String> lines = new ArrayList<>();

        @Override
        public void field(String name, long value, int offset, int length) {
            lines.add(name + "=" + value + "@" + offset + "+" + length);
        }

        @Override
        public void field(String name, String value, int offset, int length) {
            lines.add(name + "=" + value + "@" + offset + "+" + length);
        }

        @Override
        public void field(String name, boolean value, int offset, int length) {
            lines.add(name + "=" + value + "@" + offset + "+" + length);
        }

        @Override
        public void beginObject(String name, int offset, int length) {
            lines.add("{" + (name == null ? "" : name));
        }

        @Override
        public void endObject() {
            lines.add("}");
        }

        @Override
        public void beginArray(String name) {
            lines.add("[" + name);
        }

        @Override
        public void endArray() {
            lines.add("]");
        }
    }

    private static List<String> describe(Dissection d, int layer) {
        Recorder r = new Recorder();
        d.decoder(layer).describe(d, layer, r);
        return r.lines;
    }

    @Test
    void ipv4Fields() {
        Dissection d = TestDecoding.ethernet(Frames.TCP_DATA);
        List<String> f = describe(d, 1);
        assertTrue(f.contains("src=10.0.0.1@26+4"), f.toString());
        assertTrue(f.contains("dst=10.0.0.2@30+4"), f.toString());
        assertTrue(f.contains("flags.df=true@20+1"), f.toString());
        assertTrue(f.contains("ttl=64@22+1"), f.toString());
    }

    @Test
    void tcpOptionsAreAnArrayOfObjects() {
        Dissection d = TestDecoding.ethernet(Frames.TCP_SYN);
        List<String> f = describe(d, 2);
        assertTrue(f.contains("mss=1460@56+2"), f.toString());
        assertTrue(f.contains("wscale=7@73+1"), f.toString());
        assertTrue(f.contains("tsval=1@62+4"), f.toString());
        assertEquals(f.stream().filter("{"::equals).count(), f.stream().filter("}"::equals).count());
    }

    @Test
    void everyFieldLiesInsideTheFrame() {
        for (String hex : FrameCatalog.all()) {
            Dissection d = TestDecoding.ethernet(hex);
            for (int i = 0; i < d.layerCount(); i++) {
                for (String line : describe(d, i)) {
                    int at = line.lastIndexOf('@');
                    if (at < 0) {
                        continue;
                    }
                    String[] range = line.substring(at + 1).split("\\+");
                    int off = Integer.parseInt(range[0]);
                    int len = Integer.parseInt(range[1]);
                    assertTrue(off >= 0 && off + len <= d.capturedLength(), line + " in " + hex);
                }
            }
        }
    }
}
