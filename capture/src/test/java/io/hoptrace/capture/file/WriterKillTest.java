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
        // write(2) checks for a fatal signal between pages, so a kill during a flush can leave the file ending at
        // a page boundary inside a block: every packet before it still reads
        if (read.problem() != null) {
            assertTrue(read.problem().message().startsWith("file ends inside packet"), read.problem().toString());
            assertEquals(0, Files.size(file) % 4096, "cut at a page boundary: " + read.problem());
        }
        List<Frame> frames = read.frames();
        assertTrue(frames.size() >= 1000, frames.size() + " packets");
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            assertEquals(new Frame(i + 1, 1_000_000_000L * i, 60, 0, 1, i % 7 == 0 ? "n" + i : null,
                    CaptureBytes.frame(60, i)), f);
        }
    }
}
