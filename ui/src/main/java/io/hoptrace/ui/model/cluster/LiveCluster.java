package io.hoptrace.ui.model.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.ui.model.port.ClusterState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One state of a live cluster, ready for the window: the names and lists the packet list and cluster panel show,
 * and rules' cluster index for the analysis (journeys, findings). Built off the FX thread, immutable after.
 */
public final class LiveCluster {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterState state;
    private final KubeNames names = new KubeNames();
    private final ClusterIndex index;

    private LiveCluster(ClusterState state) {
        this.state = state;
        for (HasMetadata o : state.objects()) {
            // the JSON shape k8s.json has: one reading of pods, Services and nodes for the bundle and the cluster
            Object tree = JSON.convertValue(o, Map.class);
            names.addJson(tree);
        }
        this.index = ClusterIndex.of(state.objects());
    }

    public static LiveCluster of(ClusterState state) {
        return new LiveCluster(state);
    }

    KubeNames names() {
        return names;
    }

    public String context() {
        return state.context();
    }

    public long version() {
        return state.version();
    }

    /** The nodes, pods and Services the cluster panel lists. */
    public List<ClusterObject> objects() {
        return java.util.Collections.unmodifiableList(names.objects);
    }

    /** Rules' index of the same objects, for the analysis. */
    public ClusterIndex index() {
        return index;
    }

    /** Kinds the connection could not list, with why. */
    public Map<String, String> notListed() {
        return state.notListed();
    }

    /** Objects of each kind the cluster panel lists: {@code Node=3, Pod=41, Service=12}. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String kind : List.of("Node", "Pod", "Service")) {
            counts.put(kind, 0);
        }
        for (ClusterObject o : names.objects) {
            counts.merge(o.kind(), 1, Integer::sum);
        }
        return counts;
    }

    /** {@code 3 nodes, 41 pods, 12 Services}. */
    public String summary() {
        Map<String, Integer> c = counts();
        return plural(c.get("Node"), "node") + ", " + plural(c.get("Pod"), "pod") + ", "
                + plural(c.get("Service"), "Service");
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
