package io.hoptrace.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.hoptrace.capture.snapshot.MockKubeconfig;
import io.hoptrace.rules.cluster.KubernetesJson;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The screenshot in docs/: a bundle open in a window connected to fabric8's mock API server (CRUD mode) that
 * holds the bundle's own k8s.json objects plus a pod the bundle does not know. Run under xvfb-run:
 * {@code GuiClusterScreenshot BUNDLE OUT.png [gui options...]}.
 */
public final class GuiClusterScreenshot {
    private GuiClusterScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), true);
        server.init();
        int code;
        try (NamespacedKubernetesClient client = server.createClient()) {
            try (InputStream in = Files.newInputStream(bundle.resolve("k8s.json"))) {
                for (HasMetadata o : KubernetesJson.read(in)) {
                    o.getMetadata().setResourceVersion(null);
                    client.resource(o).create();
                }
            }
            client.pods().resource(LiveClusterFixture.pod("debug-shell-6f7d9", "10.244.0.42", "node-a")).create();
            Path kubeconfig = MockKubeconfig.write(Files.createTempDirectory("hoptrace-shot"),
                    "https://" + server.getHostName() + ":" + server.getPort());
            String[] gui = new String[args.length + 2];
            gui[0] = "gui";
            gui[1] = bundle.toString();
            gui[2] = "--kubeconfig=" + kubeconfig;
            gui[3] = "--screenshot=" + args[1];
            System.arraycopy(args, 2, gui, 4, args.length - 2);
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            code = HoptraceCommand.commandLine(out, err).execute(gui);
        } finally {
            server.destroy();
        }
        System.exit(code);
    }
}
