package io.hoptrace.capture.file;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A capture writer that never stops, for {@link WriterKillTest} to kill -9: writes numbered 60-byte frames to the
 * pcapng file named by args[0], flushing every 100 packets, and prints "ready" once 1000 are written.
 */
public final class WriterKillTarget {
    private WriterKillTarget() {
    }

    public static void main(String[] args) throws Exception {
        try (PcapngWriter w = PcapngWriter.create(Path.of(args[0]), FlushPolicy.every(100, Duration.ofDays(1)))) {
            int id = w.addInterface("eth0", "node=doomed iface=eth0", 1, 65535);
            for (int i = 0; ; i++) {
                w.writePacket(id, 1_000_000_000L * i, CaptureBytes.frame(60, i), 0, 60, 60, i % 7 == 0 ? "n" + i
                        : null);
                if (i == 1000) {
                    System.out.println("ready");
                    System.out.flush();
                }
            }
        }
    }
}
