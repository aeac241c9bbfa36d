package io.hoptrace.ui.model.port;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * The live cluster at one moment: fabric8's model objects (the types rules' cluster index reads; no client code).
 *
 * @param version   grows with every state of one connection: an older state that arrives late is ignored
 * @param notListed kinds the connection could not list (usually forbidden), with why
 */
public record ClusterState(String context, long version, List<HasMetadata> objects, Map<String, String> notListed) {
    public ClusterState {
        objects = List.copyOf(objects);
        notListed = Map.copyOf(notListed);
    }
}
