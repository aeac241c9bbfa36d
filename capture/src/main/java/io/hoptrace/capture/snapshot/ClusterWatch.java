package io.hoptrace.capture.snapshot;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cluster's Pods, Services, EndpointSlices, Nodes and NetworkPolicies kept current: one fabric8 informer per
 * kind (a list, then a watch that fabric8 re-establishes), found through the kubeconfig as kubectl finds it
 * ({@link KubeconfigSource}). Changes are gathered for {@link #SETTLE_MS} and handed over as one new
 * {@link State}: a rollout that replaces twenty pods is one update, not forty.
 *
 * <p>Failures are one line that says what to do, with the API server's address taken out (kubeconfig content);
 * a kind the user may not list is a note, not a failure, as in {@link K8sSnapshot}.
 */
public final class ClusterWatch implements AutoCloseable {
    /** How long changes are gathered before a new state is handed over. */
    static final long SETTLE_MS = 250;
    /** How long the first list of every kind may take. */
    static final long SYNC_TIMEOUT_MS = 60_000;

    /** A kubeconfig's contexts: {@code current} is null when it names none. */
    public record Contexts(String source, List<String> names, String current) {
        public Contexts {
            names = List.copyOf(names);
        }
    }

    /** The cluster now: {@code version} grows with every state; {@code notListed} says which kinds are missing. */
    public record State(String context, long version, List<HasMetadata> objects, Map<String, String> notListed) {
        public State {
            objects = List.copyOf(objects);
            notListed = Map.copyOf(notListed);
        }
    }

    /** Why there is no connection, as one line that says what to do. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }

    private record Kind(String name, Function<KubernetesClient, SharedIndexInformer<? extends HasMetadata>> informer) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("pods", c -> c.pods().inAnyNamespace().runnableInformer(0)),
            new Kind("services", c -> c.services().inAnyNamespace().runnableInformer(0)),
            new Kind("endpointslices", c -> c.discovery().v1().endpointSlices().inAnyNamespace()
                    .runnableInformer(0)),
            new Kind("nodes", c -> c.nodes().runnableInformer(0)),
            new Kind("networkpolicies", c -> c.network().v1().networkPolicies().inAnyNamespace()
                    .runnableInformer(0)));

    private final KubernetesClient client;
    private final String context;
    private final String masterUrl;
    private final Consumer<State> changes;
    private final Consumer<String> problems;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final Map<String, String> notListed = new LinkedHashMap<>();
    private final ScheduledExecutorService settle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hoptrace-cluster-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong version = new AtomicLong();
    private volatile boolean started;
    private volatile boolean closed;

    private ClusterWatch(KubernetesClient client, String context, String masterUrl, Consumer<State> changes,
                         Consumer<String> problems) {
        this.client = client;
        this.context = context;
        this.masterUrl = masterUrl;
        this.changes = changes;
        this.problems = problems;
    }

    /** The contexts of the kubeconfig kubectl would use ({@code kubeconfig} when given). */
    public static Contexts contexts(Path kubeconfig) throws Unavailable {
        return contexts(new KubeconfigSource(kubeconfig, null, KubeconfigSource.SYSTEM));
    }

    static Contexts contexts(KubeconfigSource source) throws Unavailable {
        KubeconfigSource.Read read = source.read();
        if (read.config() == null) {
            throw new Unavailable(noConfig(read.reason()));
        }
        List<String> names = new ArrayList<>();
        for (NamedContext c : read.config().getContexts() == null ? List.<NamedContext>of()
                : read.config().getContexts()) {
            names.add(c.getName());
        }
        NamedContext current = read.config().getCurrentContext();
        return new Contexts(read.source(), names, current == null ? null : current.getName());
    }

    /**
     * Lists every kind and starts watching; returns once all have been listed. {@code context} null means the
     * kubeconfig's current one. Later states go to {@code changes} and lost watches to {@code problems}, on a
     * background thread. An interrupt while listing stops everything and throws InterruptedException.
     */
    public static ClusterWatch connect(Path kubeconfig, String context, Consumer<State> changes,
                                       Consumer<String> problems) throws Unavailable, InterruptedException {
        return connect(new KubeconfigSource(kubeconfig, context, KubeconfigSource.SYSTEM), context, changes,
                problems);
    }

    static ClusterWatch connect(KubeconfigSource source, String context, Consumer<State> changes,
                                Consumer<String> problems) throws Unavailable, InterruptedException {
        KubeconfigSource.Read read = source.read();
        if (read.config() == null) {
            throw new Unavailable(noConfig(read.reason()));
        }
        if (context != null && (read.config().getContexts() == null || read.config().getContexts().stream()
                .noneMatch(c -> context.equals(c.getName())))) {
            throw new Unavailable("Context " + context + " is not in the kubeconfig (" + read.source() + "): pick "
                    + "one that kubectl config get-contexts lists");
        }
        KubeconfigSource.Resolved r = source.resolve();
        if (r.client() == null) {
            throw new Unavailable(strip(r.reason()) + ": check the kubeconfig (" + read.source() + ")");
        }
        NamedContext current = read.config().getCurrentContext();
        String name = context != null ? context : current != null ? current.getName() : "in-cluster";
        ClusterWatch w = new ClusterWatch(r.client(), name, r.masterUrl(), changes, problems);
        boolean ok = false;
        try {
            w.start();
            ok = true;
            return w;
        } finally {
            if (!ok) {
                w.close();
            }
        }
    }

    private void start() throws Unavailable, InterruptedException {
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata o) {
                changed();
            }

            @Override
            public void onUpdate(HasMetadata was, HasMetadata now) {
                changed();
            }

            @Override
            public void onDelete(HasMetadata o, boolean finalStateUnknown) {
                changed();
            }
        };
        Map<String, CompletableFuture<Void>> syncs = new LinkedHashMap<>();
        for (Kind k : KINDS) {
            SharedIndexInformer<? extends HasMetadata> informer = k.informer().apply(client);
            informer.addEventHandler(handler);
            informers.add(informer);
            syncs.put(k.name(), informer.start().toCompletableFuture());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SYNC_TIMEOUT_MS);
        int i = 0;
        for (Map.Entry<String, CompletableFuture<Void>> e : syncs.entrySet()) {
            SharedIndexInformer<? extends HasMetadata> informer = informers.get(i++);
            try {
                e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                String kind = e.getKey();
                informer.stopped().whenComplete((v, t) -> {
                    if (t != null && !closed) {
                        problems.accept("The watch on " + kind + " in context " + context + " stopped ("
                                + why(t) + "): names may go stale; connect again with File \u25B8 Connect to"
                                + " cluster");
                    }
                });
            } catch (TimeoutException x) {
                throw new Unavailable("The API server of context " + context + " did not list " + e.getKey()
                        + " within " + SYNC_TIMEOUT_MS / 1000 + " s: check that the cluster is healthy (kubectl"
                        + " --context " + context + " get " + e.getKey() + " -A)");
            } catch (ExecutionException x) {
                Throwable t = x.getCause() != null ? x.getCause() : x;
                if (K8sSnapshot.unreachable(t)) {
                    throw new Unavailable("Cannot reach the API server of context " + context + " (" + why(t)
                            + "): check that the cluster is up and reachable from here (kubectl --context "
                            + context + " get nodes)");
                }
                informer.stop();
                notListed.put(e.getKey(), why(t));
            }
        }
        if (notListed.size() == KINDS.size()) {
            Map.Entry<String, String> first = notListed.entrySet().iterator().next();
            throw new Unavailable("Context " + context + " may not list " + first.getKey() + " (" + first.getValue()
                    + "): ask for get, list and watch on pods, services, endpointslices, nodes and"
                    + " networkpolicies");
        }
        started = true;
    }

    private void changed() {
        if (started && !closed && pending.compareAndSet(false, true)) {
            settle.schedule(() -> {
                pending.set(false);
                if (!closed) {
                    changes.accept(state());
                }
            }, SETTLE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** What the informers hold now. */
    public State state() {
        List<HasMetadata> objects = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            if (informer.isRunning()) {
                objects.addAll(informer.getStore().list());
            }
        }
        return new State(context, version.incrementAndGet(), objects, notListed);
    }

    public String context() {
        return context;
    }

    @Override
    public void close() {
        closed = true;
        settle.shutdownNow();
        informers.forEach(SharedIndexInformer::stop);
        client.close();
    }

    private String why(Throwable t) {
        if (t instanceof KubernetesClientException k) {
            return K8sSnapshot.describe(k, masterUrl);
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return K8sSnapshot.scrub(NodeCommands.firstLine(root.getClass().getSimpleName()
                + (m == null || m.isBlank() ? "" : ": " + m)), masterUrl);
    }

    private static String noConfig(String reason) {
        if (reason != null && reason.startsWith("missing:")) {
            return strip(reason) + ": set KUBECONFIG, create ~/.kube/config, or start with hoptrace gui --kubeconfig"
                    + " FILE";
        }
        return strip(reason) + ": fix the file, or start with hoptrace gui --kubeconfig FILE";
    }

    private static String strip(String reason) {
        String s = reason == null ? "unknown problem" : reason.replaceFirst("^(missing|failed): ", "");
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
