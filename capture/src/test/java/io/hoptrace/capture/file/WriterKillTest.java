package io.hoptrace.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL mid-capture leaves a file that reads up to its last flush, or to the last whole block
 * when the kill lands inside a write.
 */
class WriterKillTest {
    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesAReadableFile() throws Exception {
        Path file = dir.resolve("killed.pcapng");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, WriterKillTarget.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            Thread.sleep(100);
            child.destroyForcibly(); // SIGKILL: no close(), no shutdown hooks
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by signal 9");

        Frame.Read read = Frame.readAll(file);
        List<Frame> frames = read.frames();
        assertTrue(frames.size() >= 1000, frames.size() + " packets");
        if (read.problem() == null) {
            assertEquals(0, frames.size() % 100, "whole flushes only: " + frames.size());
        } else {
            // Linux lets SIGKILL cut a multi-page write(2) short, so the last flush may end inside a block: the
            // reader must then keep every complete packet and say the file ends inside the next one.
            assertTrue(read.problem().message().startsWith("file ends inside packet " + (frames.size() + 1)),
                    read.problem().toString());
            assertEquals(java.nio.file.Files.size(file), read.problem().byteOffset() + partialLength(read),
                    "the problem is the partial block at the very end");
        }
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            assertEquals(new Frame(i + 1, 1_000_000_000L * i, 60, 0, 1, i % 7 == 0 ? "n" + i : null,
                    CaptureBytes.frame(60, i)), f);
        }
    }

    /** Bytes of the partial block, from "block header says N bytes, M present". */
    private static long partialLength(Frame.Read read) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) present").matcher(read.problem().message());
        assertTrue(m.find(), read.problem().message());
        return Long.parseLong(m.group(1));
    }
}
