package io.hoptrace.rules.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@code kubectl get pods,services,endpointslices,nodes,networkpolicies -A -o json} prints (a
 * {@code List}), a typed list ({@code PodList}) or one object, with fabric8's own deserialization: the model's
 * {@code KubernetesDeserializer} picks each item's class from its apiVersion and kind. Kinds the model does not
 * know come back as generic resources and are ignored by the index. The caller does the file I/O.
 */
public final class KubernetesJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private KubernetesJson() {
    }

    /** The objects in the text; throws {@link IllegalArgumentException} with Jackson's location when unreadable. */
    public static List<HasMetadata> read(String json) {
        try {
            return flatten(MAPPER.readValue(json, KubernetesResource.class));
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    public static List<HasMetadata> read(InputStream in) throws IOException {
        try {
            return flatten(MAPPER.readValue(in, KubernetesResource.class));
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    private static IllegalArgumentException unreadable(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int cut = m.indexOf(" (");
        m = (cut > 0 ? m.substring(0, cut) : m).lines().findFirst().orElse("");
        String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column "
                + e.getLocation().getColumnNr();
        return new IllegalArgumentException("not Kubernetes JSON" + at + ": " + m, e);
    }

    private static List<HasMetadata> flatten(KubernetesResource r) {
        List<HasMetadata> out = new ArrayList<>();
        if (r instanceof KubernetesResourceList<?> list) {
            for (Object item : list.getItems()) {
                if (item instanceof KubernetesResource kr) {
                    out.addAll(flatten(kr));
                }
            }
        } else if (r instanceof HasMetadata h) {
            out.add(h);
        } else if (r == null) {
            throw new IllegalArgumentException("not Kubernetes JSON: empty document");
        }
        return out;
    }
}
