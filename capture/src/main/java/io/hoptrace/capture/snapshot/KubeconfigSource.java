package io.hoptrace.capture.snapshot;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Finds the API server the way kubectl does: {@code --kubeconfig FILE}, else {@code $KUBECONFIG} (several files
 * joined by ':' are merged), else {@code ~/.kube/config}, else the service account of the pod we run in; and
 * {@code --context} or the kubeconfig's current context. Finding nothing is "missing", not an error: a snapshot
 * on a node without cluster credentials still has the node's own files.
 */
final class KubeconfigSource {
    /** System property or environment variable, as fabric8 and kubectl read them. */
    static final UnaryOperator<String> SYSTEM = name -> switch (name) {
        case "KUBECONFIG" -> System.getProperty("kubeconfig", System.getenv("KUBECONFIG"));
        case "HOME" -> System.getProperty("user.home");
        default -> System.getenv(name);
    };

    static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int REQUEST_TIMEOUT_MS = 30_000;

    private final Path kubeconfig;
    private final String context;
    private final UnaryOperator<String> env;

    KubeconfigSource(Path kubeconfig, String context, UnaryOperator<String> env) {
        this.kubeconfig = kubeconfig;
        this.context = context;
        this.env = env;
    }

    /**
     * A client, or why there is none.
     *
     * @param client null when there is no client
     * @param masterUrl the server's URL, only for scrubbing it out of error messages (never written)
     * @param describe the manifest's "command": which context, never which server
     */
    record Resolved(KubernetesClient client, String masterUrl, String describe, FileStatus status, String reason) {
        static Resolved none(FileStatus status, String reason, String describe) {
            return new Resolved(null, null, describe, status, reason);
        }
    }

    /**
     * The kubeconfig kubectl would read, merged as fabric8 merges it, or why there is none.
     *
     * @param config null when there is none
     * @param source where it came from ({@code --kubeconfig FILE}, {@code KUBECONFIG}, {@code ~/.kube/config}), for
     *               the GUI's context list
     */
    record Read(Config config, String source, FileStatus status, String reason) {
    }

    Read read() {
        try {
            if (kubeconfig != null) {
                if (!Files.isRegularFile(kubeconfig)) {
                    return new Read(null, null, FileStatus.MISSING, "missing: kubeconfig " + kubeconfig
                            + " not found");
                }
                return new Read(Config.fromKubeconfig(context, kubeconfig.toFile()), kubeconfig.toString(),
                        FileStatus.OK, null);
            }
            String why = noKubeconfig();
            if (why != null) {
                return new Read(null, null, FileStatus.MISSING, why);
            }
            String list = env.apply("KUBECONFIG");
            String source = list != null && !list.isBlank() ? "KUBECONFIG=" + list
                    : Files.isRegularFile(Path.of(String.valueOf(env.apply("HOME")), ".kube", "config"))
                    ? "~/.kube/config" : "the pod's service account";
            return new Read(Config.autoConfigure(context), source, FileStatus.OK, null);
        } catch (RuntimeException e) {
            return new Read(null, null, FileStatus.FAILED, "failed: cannot read the kubeconfig: "
                    + NodeCommands.firstLine(String.valueOf(e.getMessage())));
        }
    }

    Resolved resolve() {
        Read read = read();
        if (read.config() == null) {
            return Resolved.none(read.status(), read.reason(), null);
        }
        Config config = read.config();
        String current = config.getCurrentContext() != null ? config.getCurrentContext().getName() : null;
        if (context != null && !context.equals(current)) {
            return Resolved.none(FileStatus.FAILED, "failed: context " + context + " is not in the kubeconfig",
                    null);
        }
        String describe = current != null ? "kubernetes API, context " + current
                : "kubernetes API, in-cluster service account";
        // fail fast: the default retries with backoff for over a minute against a server that is down
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(0);
        try {
            KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
            return new Resolved(client, config.getMasterUrl(), describe, FileStatus.OK, null);
        } catch (RuntimeException e) {
            return Resolved.none(FileStatus.FAILED, "failed: " + K8sSnapshot.scrub(
                    NodeCommands.firstLine(String.valueOf(e.getMessage())), config.getMasterUrl()), describe);
        }
    }

    /** Null when some kubeconfig or service account is there to use, else what was looked for. */
    private String noKubeconfig() {
        String list = env.apply("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            for (String f : list.split(File.pathSeparator)) {
                if (!f.isBlank() && Files.isRegularFile(Path.of(f))) {
                    return null;
                }
            }
            return "missing: no file named by KUBECONFIG exists";
        }
        String home = env.apply("HOME");
        if (home != null && Files.isRegularFile(Path.of(home, ".kube", "config"))) {
            return null;
        }
        if (env.apply("KUBERNETES_SERVICE_HOST") != null && Files.isRegularFile(Path.of(SERVICE_ACCOUNT_TOKEN))) {
            return null;
        }
        return "missing: no kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and no pod service account";
    }
}
