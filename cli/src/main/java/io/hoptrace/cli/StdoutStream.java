package io.hoptrace.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as a plain byte stream (not {@code System.out}, whose PrintStream locks, flushes and swallows
 * errors). A write to a closed pipe becomes an {@link OutputClosedException} so commands can stop quietly;
 * any other write error (a full disk) stays an error.
 */
final class StdoutStream extends OutputStream {
    private final OutputStream out;

    StdoutStream(OutputStream out) {
        this.out = out;
    }

    static StdoutStream open() {
        return new StdoutStream(new FileOutputStream(FileDescriptor.out));
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * EPIPE: the JVM ignores SIGPIPE, so a closed pipe shows up as this message from the write call. Anything
     * else is marked, so that every command reports it with the same words.
     */
    static IOException translate(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("Broken pipe") ? new OutputClosedException(e) : new OutputFailedException(e);
    }
}
