package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamsTest {
    @Test
    void aBrokenPipeBecomesOutputClosed() {
        StdoutStream s = new StdoutStream(failing("Broken pipe"));
        IOException e = assertThrows(IOException.class, () -> s.write(new byte[3], 0, 3));
        assertTrue(e instanceof OutputClosedException);
        assertTrue(OutputClosedException.causedBy(new RuntimeException(e)));
    }

    @Test
    void aFullDiskStaysAnError() {
        IOException full = new IOException("No space left on device");
        IOException e = StdoutStream.translate(full);
        assertTrue(e instanceof OutputFailedException, "marked, so every command says it alike: " + e);
        assertSame(full, e.getCause());
        assertEquals("No space left on device", e.getMessage());
        assertFalse(OutputClosedException.causedBy(e));
    }

    @Test
    void writerStreamDecodesUtf8SplitAcrossWrites() throws IOException {
        StringWriter w = new StringWriter();
        WriterOutputStream s = new WriterOutputStream(w);
        byte[] text = "vni 1 → pod ü\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            s.write(b);
        }
        s.flush();
        assertEquals("vni 1 → pod ü\n", w.toString());
    }

    @Test
    void progressOnlyForBigInputsWhenOutputIsRedirectedAndSomeoneWatches() {
        long big = DecodeProgress.MIN_BYTES + 1;
        assertTrue(DecodeProgress.wanted(false, true, big));
        assertFalse(DecodeProgress.wanted(true, true, big), "the packets scrolling by are the progress");
        assertFalse(DecodeProgress.wanted(false, false, big), "nobody watches stderr");
        assertFalse(DecodeProgress.wanted(false, true, DecodeProgress.MIN_BYTES));
    }

    private static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException(message);
            }
        };
    }
}
