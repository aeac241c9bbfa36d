package io.hoptrace.capture.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node a capture runs on, as the interface descriptions name it. */
public final class NodeName {
    private NodeName() {
    }

    /**
     * {@code NODE_NAME} when set (what a Kubernetes DaemonSet passes from {@code spec.nodeName}, which can differ
     * from the host name), else the kernel's host name, else "unknown".
     */
    public static String local() {
        String env = System.getenv("NODE_NAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            if (!host.isEmpty()) {
                return host;
            }
        } catch (IOException | SecurityException e) {
            // not Linux, or /proc hidden: fall through
        }
        String host = System.getenv("HOSTNAME");
        return host != null && !host.isBlank() ? host.trim() : "unknown";
    }
}
