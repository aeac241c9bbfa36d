package io.hoptrace.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoptrace.capture.live.CaptureException.Kind;
import io.hoptrace.capture.live.CaptureResult.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture into a 2 MiB tmpfs fills it, stops with one line naming the file, and leaves it readable. Root only. */
class FullDiskCaptureTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void root() {
        VethLab.assumeRoot();
    }

    @Test
    void aFullDiskStopsTheCaptureCleanly() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tmpfs"));
        VethLab.run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
        Path file = mount.resolve("full.pcapng");
        try (VethLab lab = VethLab.create(dir)) {
            LiveCapture capture = LiveCapture.start(CaptureOptions.builder(file).interfaces(lab.host)
                    .filter("udp port 9").build(), CaptureListener.NONE);
            Process blast = lab.udpFor(9, 1400, 10);
            CaptureResult r;
            try {
                r = capture.awaitResult(Duration.ofSeconds(30));
            } finally {
                blast.destroy();
                blast.waitFor();
            }
            assertNotNull(r, "the capture stops when the disk is full");
            assertEquals(StopReason.WRITE_FAILED, r.reason());
            assertNotNull(r.error());
            assertEquals(Kind.OUTPUT, r.error().kind());
            assertTrue(r.error().getMessage().startsWith(file + ": no space left on device; capture stopped"),
                    r.error().getMessage());

            Captured read = Captured.read(file);
            assertNull(read.problem(), "the file ends on a whole block");
            assertTrue(read.packets().size() > 1000, read.packets().size() + " packets in 2 MiB");
            assertTrue(r.stats().written() >= read.packets().size());
            for (Captured.Packet p : read.packets()) {
                assertEquals(14 + 20 + 8 + 1400, p.bytes().length);
            }
            read.assertLibpcapAgrees(file);
        } finally {
            VethLab.run("umount", mount.toString());
        }
    }
}
