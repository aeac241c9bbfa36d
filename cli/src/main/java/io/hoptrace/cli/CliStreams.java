package io.hoptrace.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command writes. {@code data} is standard output as bytes (packet lines, JSON); {@code out} is the same
 * destination as text, for help and version; {@code err} takes diagnostics. Commands get these from the factory
 * and never touch System.out, so tests run them in-process against writers.
 */
public record CliStreams(OutputStream data, PrintWriter out, PrintWriter err, PrintStream errBytes,
                         boolean stdoutTerminal, boolean stderrTerminal) {
    /** Big enough that a million short lines take a few hundred write calls, not a million. */
    static final int STDOUT_BUFFER = 1 << 18;

    /** The process's real standard output and error. */
    static CliStreams system() {
        OutputStream data = new BufferedOutputStream(StdoutStream.open(), STDOUT_BUFFER);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(data, StandardCharsets.UTF_8));
        FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        PrintStream errBytes = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        return new CliStreams(data, out, err, errBytes, isTerminal(1), isTerminal(2));
    }

    /** Standard output and error as writers (tests); neither counts as a terminal. */
    static CliStreams of(PrintWriter out, PrintWriter err) {
        return new CliStreams(new WriterOutputStream(out), out, err,
                new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8), false, false);
    }

    /** Flushes both views of standard output: text first, since it sits in front of the byte buffer. */
    void flushStdout() throws IOException {
        out.flush();
        data.flush();
    }

    /**
     * Whether file descriptor {@code fd} is a terminal. Java has no isatty for stdout/stderr alone
     * (System.console() needs stdin too), so this asks Linux which device the descriptor points at.
     */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
