package io.hoptrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.decoders.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What escapes a command: one line on stderr, the trace only with --debug; a closed pipe is no error at all. */
class ErrorHandlingTest {
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("kaput");
        }
    }

    @Test
    void aBugIsOneLineAndExitThree() {
        StringWriter err = new StringWriter();
        int code = withBoom(err).execute("boom");
        assertEquals(ExitCode.ERROR, code);
        assertEquals("hoptrace: internal error: IllegalStateException: kaput (--debug shows where)\n", err.toString());
    }

    @Test
    void debugAddsTheStackTraceBeforeOrAfterTheCommand() {
        for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
            StringWriter err = new StringWriter();
            assertEquals(ExitCode.ERROR, withBoom(err).execute(args));
            String text = err.toString();
            assertTrue(text.startsWith("hoptrace: internal error: IllegalStateException: kaput\n"), text);
            assertTrue(text.contains("\tat io.hoptrace.cli.ErrorHandlingTest$Boom.call"), text);
        }
    }

    @Test
    void aReaderThatGoesAwayEndsDecodeQuietly() {
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        CliStreams io = new CliStreams(new ClosesAfter(300), new PrintWriter(OutputStream.nullOutputStream()), errWriter,
                new PrintStream(OutputStream.nullOutputStream()), false, false);
        int code = HoptraceCommand.commandLine(io).execute("decode",
                SharedData.file("pcap/tcpdump/vxlan.pcap").toString());
        errWriter.flush();
        assertEquals(ExitCode.OK, code);
        assertEquals("", err.toString());
    }

    @Test
    void aFullDiskIsAnErrorWithTheSameWordsInEveryFormat() {
        for (String format : new String[] {"text", "json"}) {
            StringWriter err = new StringWriter();
            PrintWriter errWriter = new PrintWriter(err);
            OutputStream full = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("No space left on device");
                }
            };
            // as CliStreams.system() wraps the real standard output
            CliStreams io = new CliStreams(new StdoutStream(full), new PrintWriter(OutputStream.nullOutputStream()),
                    errWriter, new PrintStream(OutputStream.nullOutputStream()), false, false);
            int code = HoptraceCommand.commandLine(io).execute("decode", "--format", format,
                    SharedData.file("pcap/tcpdump/vxlan.pcap").toString());
            errWriter.flush();
            assertEquals(ExitCode.ERROR, code, format);
            assertEquals("hoptrace: cannot write output: No space left on device\n", err.toString(), format);
        }
    }

    private static CommandLine withBoom(StringWriter err) {
        CommandLine cl = HoptraceCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        cl.addSubcommand("boom", new Boom());
        return cl;
    }

    /** Standard output whose reader leaves after {@code limit} bytes, as {@code | head -c} does. */
    private static final class ClosesAfter extends OutputStream {
        private int left;

        ClosesAfter(int limit) {
            left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw StdoutStream.translate(new IOException("Broken pipe"));
            }
            left -= len;
        }
    }
}
