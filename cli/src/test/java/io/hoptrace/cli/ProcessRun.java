package io.hoptrace.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program in its own process, as a shell would start it: exit status, stdout and stderr. Output goes
 * to files rather than pipes, so a chatty process cannot block on a full pipe while we wait for it.
 */
record ProcessRun(List<String> command, int code, String out, String err) {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static ProcessRun of(Path dir, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile("hoptrace-it-", ".out");
            Path err = Files.createTempFile("hoptrace-it-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("still running after " + TIMEOUT.toSeconds() + " s: " + command
                            + "\n--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err));
                }
                return new ProcessRun(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    List<String> lines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\nexit " + code + "\n--- stdout\n" + abbreviate(out) + "--- stderr\n"
                + abbreviate(err);
    }

    private static String abbreviate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "\n... (" + s.length() + " chars)\n";
    }
}
