package io.hoptrace.capture.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for fabric8's mock API server: contexts "mock" (current) and "staging", both on the server. */
public final class MockKubeconfig {
    public static final String TOKEN = K8sSnapshotTest.TOKEN;

    private MockKubeconfig() {
    }

    /** Writes {@code dir/kubeconfig.yaml} pointing at {@code serverUrl} ({@code https://host:port}). */
    public static Path write(Path dir, String serverUrl) throws IOException {
        Path f = dir.resolve("kubeconfig.yaml");
        Files.writeString(f, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock-cluster",
                "  cluster:",
                "    server: " + serverUrl,
                "    insecure-skip-tls-verify: true",
                "users:",
                "- name: mock-user",
                "  user:",
                "    token: " + TOKEN,
                "contexts:",
                "- name: mock",
                "  context:",
                "    cluster: mock-cluster",
                "    user: mock-user",
                "- name: staging",
                "  context:",
                "    cluster: mock-cluster",
                "    user: mock-user",
                "current-context: mock",
                ""));
        return f;
    }

    /** A server URL on a local port nothing listens on. */
    public static String unreachable() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return "https://127.0.0.1:" + s.getLocalPort();
        }
    }
}
