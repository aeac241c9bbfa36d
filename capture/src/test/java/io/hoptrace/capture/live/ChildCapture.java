package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link CaptureMain} in a JVM of its own, to be signalled or started with fewer privileges. */
final class ChildCapture implements AutoCloseable {
    final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private ChildCapture(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code [prefix...] java [jvmOptions...] CaptureMain file iface filter flushMillis}, stdout and stderr
     * merged.
     */
    static ChildCapture start(List<String> prefix, List<String> jvmOptions, Path file, String iface, String filter,
                              long flushMillis) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, CaptureMain.class.getName(), file.toString(), iface, filter,
                Long.toString(flushMillis)));
        return new ChildCapture(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Reads lines until one starts with {@code prefix}; returns it (or fails with what was printed). */
    String awaitLine(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in: " + lines);
    }

    /** Waits for the exit, returns its status and keeps the rest of the output in {@link #lines}. */
    int awaitExit() throws IOException, InterruptedException {
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child ends");
        return process.exitValue();
    }

    /** Sends a signal by kill(1): Process.destroy() would also close the child's output before we read it. */
    void signal(String name) throws IOException, InterruptedException {
        VethLab.run("kill", "-" + name, Long.toString(process.pid()));
    }

    List<String> lines() {
        return lines;
    }

    static void assertExit(int expected, int actual, List<String> output) {
        assertEquals(expected, actual, "exit status; output: " + output);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
